package main

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// logFlushEvery is how long a log line may wait in memory before it is
// written out.
const logFlushEvery = 100 * time.Millisecond

// logBuffer gathers the server's log lines and writes them out together,
// at most logFlushEvery after the first one waiting, rather than with one
// write to the log file per request: under load that write was a tenth of
// a small page's cost. Warnings and errors are written at once, with
// whatever waits before them, and so is everything when the buffer
// grows past 64 KiB or the server stops (Close).
type logBuffer struct {
	mu      sync.Mutex
	w       io.Writer
	buf     []byte
	pending bool // a flush is scheduled
	closed  bool
}

func newLogBuffer(w io.Writer) *logBuffer { return &logBuffer{w: w} }

// urgentLevels mark a line that is written at once, in the JSON and the
// text forms of slog's handlers.
var urgentLevels = [][]byte{[]byte(`"level":"ERROR"`), []byte(`"level":"WARN"`), []byte("level=ERROR"), []byte("level=WARN")}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if b.closed || len(b.buf) >= 64<<10 || urgent(p) {
		return len(p), b.flushLocked()
	}
	if !b.pending {
		b.pending = true
		time.AfterFunc(logFlushEvery, b.Flush)
	}
	return len(p), nil
}

func urgent(line []byte) bool {
	for _, l := range urgentLevels {
		if bytes.Contains(line, l) {
			return true
		}
	}
	return false
}

// Flush writes out what waits.
func (b *logBuffer) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.flushLocked()
}

func (b *logBuffer) flushLocked() error {
	b.pending = false
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	if cap(b.buf) > 1<<20 {
		b.buf = nil
	}
	return err
}

// Close writes out what waits; later lines are written at once.
func (b *logBuffer) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return b.flushLocked()
}
