package tenants

import (
	"sync"
	"sync/atomic"
)

// The recent cache keeps values read from the database for as long as no
// write commits, without naming what a write changed: every commit through
// Write moves the DB's write generation on, and a value loaded before that
// is loaded again on its next use. It suits values read on almost every
// request and built from many tables (who a session belongs to, what they
// may see), where naming every write that touches them would miss one
// sooner or later. Writes are rare next to reads, so most requests find
// their value kept.
//
// As with the memo, writes made by another process are not seen; see
// memo.go for why none reach an open organisation's database.

// maxRecent bounds the entries kept per open database; when it is reached
// they are all dropped and the cache fills again with what is in use.
const maxRecent = 4096

type recent struct {
	mu sync.Mutex
	m  map[string]recentEntry
}

type recentEntry struct {
	gen uint64
	val any
}

// Generation counts the writes committed through Write since the DB was
// opened. A value read at one generation is current until it moves on.
func (db *DB) Generation() uint64 { return db.gen.Load() }

// Opening tells one opening of a database from every other in the process:
// the generation starts again at zero when a database is closed and opened
// again (or restored), so a cache kept outside the DB names both.
func (db *DB) Opening() uint64 { return db.opening }

// openings numbers the databases opened by this process.
var openings atomic.Uint64

// Recent returns the value kept under key if no write has committed since
// it was loaded, and otherwise loads it with load and keeps it. Errors are
// not kept. The value is shared by every caller: treat it as read-only.
func (db *DB) Recent(key string, load func() (any, error)) (any, error) {
	// The generation is read before loading: a value loaded while a
	// write commits is kept under the older generation and so is loaded
	// again on its next use, never served as newer than it is.
	gen := db.gen.Load()
	rc := &db.recent
	rc.mu.Lock()
	e, ok := rc.m[key]
	rc.mu.Unlock()
	if ok && e.gen == gen {
		return e.val, nil
	}
	v, err := load()
	if err != nil {
		return nil, err
	}
	rc.mu.Lock()
	if rc.m == nil || len(rc.m) >= maxRecent {
		rc.m = make(map[string]recentEntry)
	}
	rc.m[key] = recentEntry{gen: gen, val: v}
	rc.mu.Unlock()
	return v, nil
}
