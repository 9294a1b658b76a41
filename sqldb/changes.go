package sqldb

import (
	"database/sql"
	"sync"
)

// A value kept in memory (an organisation's settings) must be forgotten as
// soon as a transaction that changed its rows commits. The write functions
// know what they change but hold only the *sql.Tx; the code that owns the
// transaction (tenants.DB.Write) knows when it commits and where the cache
// is. Changed and WatchChanges connect the two, so a write function
// declares its change once and every caller, now or later, invalidates
// without having to remember to.

// watched holds the transactions being watched: *sql.Tx -> *changeSet.
var watched sync.Map

type changeSet struct {
	mu   sync.Mutex
	keys []string
}

// Changed records that tx changed what key names. It does nothing when
// nobody watches tx: nothing caches what that transaction writes.
func Changed(tx *sql.Tx, key string) {
	v, ok := watched.Load(tx)
	if !ok {
		return
	}
	cs := v.(*changeSet)
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for _, k := range cs.keys {
		if k == key {
			return
		}
	}
	cs.keys = append(cs.keys, key)
}

// WatchChanges starts recording what tx changes. The function it returns
// stops watching and reports the keys, each once; call it exactly once,
// after the transaction has committed or rolled back.
func WatchChanges(tx *sql.Tx) (stop func() []string) {
	cs := &changeSet{}
	watched.Store(tx, cs)
	return func() []string {
		watched.Delete(tx)
		cs.mu.Lock()
		defer cs.mu.Unlock()
		return cs.keys
	}
}
