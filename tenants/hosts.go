package tenants

import (
	"sync"
	"time"
)

// Every request names its organisation by Host header, and the catalog
// that maps hosts to organisations changes only when one is created or a
// custom hostname is added. hostCache keeps the answers the catalog gave,
// so a request for a known host does not query it.
//
// Only hosts the catalog knows are kept, so the cache holds at most one
// entry per organisation and custom hostname: a stream of made-up Host
// headers is looked up each time and leaves nothing behind. Not keeping
// unknown hosts also means an organisation created by another process
// (porch org create while the server runs) resolves at once.
//
// This process's own catalog writes update the cache as they commit. An
// entry also expires after hostTTL, so a hostname re-pointed by another
// process would be followed within that time; no command does that today.
type hostCache struct {
	mu  sync.Mutex
	m   map[string]hostEntry // host (lower case, no port) -> slug
	gen uint64               // moved on by every forget
}

type hostEntry struct {
	slug string
	at   time.Time
}

// hostTTL bounds how long a cached answer is trusted without asking the
// catalog again.
const hostTTL = time.Minute

// get returns the slug kept for key, if it is still fresh at now. On a
// miss it returns the generation to hand to put.
func (c *hostCache) get(key string, now time.Time) (slug string, ok bool, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || now.Sub(e.at) >= hostTTL || now.Before(e.at) {
		return "", false, c.gen
	}
	return e.slug, true, c.gen
}

// put keeps the catalog's answer for key, unless a catalog write was
// forgotten since get: the answer may then predate it.
func (c *hostCache) put(key, slug string, now time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil {
		c.m = map[string]hostEntry{}
	}
	c.m[key] = hostEntry{slug: slug, at: now}
}

// forget drops what is kept for key, after a catalog write that changes
// its answer.
func (c *hostCache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.m, key)
}
