// Package testclock is a clock for tests that they set and move on by
// hand. It is safe to read from the goroutines of the code under test.
package testclock

import (
	"sync"
	"time"
)

// Clock is a settable time source; its Now method is the clock handed to
// the code under test.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock standing at now.
func New(now time.Time) *Clock { return &Clock{now: now} }

// Now is the time the clock shows.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Ticking returns a clock that moves on a second each time it is read, so
// that what it stamps, such as a fake's events, each have their own time.
// The first reading is a second after start.
func Ticking(start time.Time) func() time.Time {
	c := New(start)
	return func() time.Time {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.now = c.now.Add(time.Second)
		return c.now
	}
}
