package tenants

import (
	"errors"
	"io"
	"strings"
	"sync"
)

// FilesPath is where the file store of the organisation whose database is at
// orgPath lives: beside it, <slug>.files.db for <slug>.db, so the same
// Litestream "dir" entry (pattern "*.db") replicates both.
func FilesPath(orgPath string) string {
	return strings.TrimSuffix(orgPath, ".db") + ".files.db"
}

// attached holds what other packages open alongside an organisation's
// database (its file store) so that it is closed with it.
type attached struct {
	mu     sync.Mutex
	byKey  map[any]io.Closer
	closed bool
}

// errClosed is returned by Attached once the database has been closed.
var errClosed = errors.New("organisation database is closed")

// Attached returns what is kept under key for as long as db is open, calling
// open to make it the first time. It is closed, before db itself, when db is
// closed (by the Manager when the organisation goes idle or the server
// stops). A failed open is not kept, so the next call tries again.
func (db *DB) Attached(key any, open func() (io.Closer, error)) (io.Closer, error) {
	a := &db.attached
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, errClosed
	}
	if c, ok := a.byKey[key]; ok {
		return c, nil
	}
	c, err := open()
	if err != nil {
		return nil, err
	}
	if a.byKey == nil {
		a.byKey = map[any]io.Closer{}
	}
	a.byKey[key] = c
	return c, nil
}

// closeAttached closes everything attached to db and refuses new ones.
func (db *DB) closeAttached() error {
	a := &db.attached
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	var err error
	for k, c := range a.byKey {
		err = errors.Join(err, c.Close())
		delete(a.byKey, k)
	}
	return err
}
