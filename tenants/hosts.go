package tenants

import (
	"sync"
	"time"
)

// Every request names its organisation by Host header, and the catalog
// that maps hosts to organisations changes only when one is created,
// renamed, or given a custom hostname. ttlCache keeps the answers the
// catalog gave, so a request for a known host does not query it: the
// Manager keeps one for custom hostnames (host -> slug), one for
// subdomains (label -> slug and current name, see addresses.go) and one
// for the address each organisation's links are built with.
//
// Only hosts the catalog knows are kept, so the cache holds at most one
// entry per organisation and custom hostname: a stream of made-up Host
// headers is looked up each time and leaves nothing behind. Not keeping
// unknown hosts also means an organisation created by another process
// (porch org create while the server runs) resolves at once.
//
// This process's own catalog writes update the cache as they commit. An
// entry also expires after hostTTL, so a hostname re-pointed by another
// process (porch org rename, porch org hostname add while the server runs)
// is followed within that time.
type ttlCache[V any] struct {
	mu  sync.Mutex
	m   map[string]ttlEntry[V] // host or label (lower case, no port) -> answer
	gen uint64                 // moved on by every forget
}

type ttlEntry[V any] struct {
	v  V
	at time.Time
}

// hostCache maps custom hostnames to slugs.
type hostCache = ttlCache[string]

// hostTTL bounds how long a cached answer is trusted without asking the
// catalog again.
const hostTTL = time.Minute

// get returns the slug kept for key, if it is still fresh at now. On a
// miss it returns the generation to hand to put.
func (c *ttlCache[V]) get(key string, now time.Time) (v V, ok bool, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || now.Sub(e.at) >= hostTTL || now.Before(e.at) {
		return v, false, c.gen
	}
	return e.v, true, c.gen
}

// put keeps the catalog's answer for key, unless a catalog write was
// forgotten since get: the answer may then predate it.
func (c *ttlCache[V]) put(key string, v V, now time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil {
		c.m = map[string]ttlEntry[V]{}
	}
	c.m[key] = ttlEntry[V]{v: v, at: now}
}

// forget drops what is kept for keys, after a catalog write that changes
// their answers.
func (c *ttlCache[V]) forget(keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, k := range keys {
		delete(c.m, k)
	}
}
