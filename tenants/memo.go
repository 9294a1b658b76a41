package tenants

import "sync"

// The memo keeps values read from an organisation's database (its settings,
// its logo) for as long as the DB stays open. It lives with the DB on
// purpose: a database closed when idle, or replaced by a restore, is opened
// as a new DB whose memo starts empty, so nothing read from the old file
// survives it.
//
// Values are forgotten by key when a write that changed them commits: the
// write function names the key with sqldb.Changed and Write forgets it.
// Writes made by another process are not seen; no command changes an open
// organisation's settings (porch org create writes them before the
// organisation is listed, and porch restore refuses a live database).

// memo is the DB's store. Each key has a generation that Forget moves on,
// so a value loaded from a snapshot older than a commit is never stored
// after that commit's Forget.
type memo struct {
	mu sync.Mutex
	m  map[string]*memoEntry
}

type memoEntry struct {
	gen uint64
	ok  bool
	val any
}

// Memo returns the value kept under key, loading it with load the first
// time and after each Forget. Errors are not kept. The value is shared by
// every caller: treat it as read-only.
func (db *DB) Memo(key string, load func() (any, error)) (any, error) {
	mm := &db.memo
	mm.mu.Lock()
	if mm.m == nil {
		mm.m = map[string]*memoEntry{}
	}
	e := mm.m[key]
	if e == nil {
		e = &memoEntry{}
		mm.m[key] = e
	}
	if e.ok {
		v := e.val
		mm.mu.Unlock()
		return v, nil
	}
	gen := e.gen
	mm.mu.Unlock()

	// Loaded outside the lock: two first requests may both read the
	// database, which is cheaper than making every request wait on one.
	v, err := load()
	if err != nil {
		return nil, err
	}
	mm.mu.Lock()
	if e.gen == gen {
		e.ok, e.val = true, v
	}
	mm.mu.Unlock()
	return v, nil
}

// Forget drops the values kept under keys; the next Memo loads them again.
func (db *DB) Forget(keys ...string) {
	if len(keys) == 0 {
		return
	}
	mm := &db.memo
	mm.mu.Lock()
	defer mm.mu.Unlock()
	for _, k := range keys {
		if e := mm.m[k]; e != nil {
			e.gen++
			e.ok, e.val = false, nil
		}
	}
}
