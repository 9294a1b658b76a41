package main

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"porch/internal/testlog"
)

// Request lines wait in memory and go out together shortly after; a
// warning or an error goes out at once with what waited before it; Close
// writes out the rest.
func TestLogBuffer(t *testing.T) {
	for _, dev := range []bool{false, true} {
		var out testlog.Buffer
		lb := newLogBuffer(&out)
		log := newLogger(lb, dev)
		log.Info("request", "path", "/one")
		log.Info("request", "path", "/two")
		if out.String() != "" {
			t.Fatalf("dev=%v: written at once: %q", dev, out.String())
		}
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(out.String(), "/two") && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if got := out.String(); !strings.Contains(got, "/one") || !strings.Contains(got, "/two") {
			t.Fatalf("dev=%v: not written out after %s: %q", dev, logFlushEvery, got)
		}
		log.Info("request", "path", "/three")
		log.Log(t.Context(), slog.LevelError, "database unavailable")
		if got := out.String(); !strings.Contains(got, "/three") || !strings.Contains(got, "database unavailable") {
			t.Fatalf("dev=%v: an error waited: %q", dev, got)
		}
		log.Info("request", "path", "/four")
		if err := lb.Close(); err != nil || !strings.Contains(out.String(), "/four") {
			t.Fatalf("dev=%v: Close left lines behind (%v): %q", dev, err, out.String())
		}
		log.Info("after", "path", "/five")
		if !strings.Contains(out.String(), "/five") {
			t.Fatalf("dev=%v: a line after Close waited", dev)
		}
	}
}
