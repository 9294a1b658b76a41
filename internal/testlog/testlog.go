// Package testlog is a log destination for tests whose code under test
// logs from its own goroutines.
package testlog

import (
	"bytes"
	"sync"
)

// Buffer collects what is written to it; the test may read it while the
// code under test still writes.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String is everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
