package jobs

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"porch/tenants"
)

// timedCalls records which organisations' timed work ran, and when.
type timedCalls struct {
	mu    sync.Mutex
	calls []string
	next  map[string]time.Time
	fail  map[string]bool
}

func (tc *timedCalls) run(_ context.Context, slug string, _ *tenants.DB, now time.Time) (time.Time, error) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	tc.calls = append(tc.calls, slug+"@"+now.Format("15:04"))
	if tc.fail[slug] {
		delete(tc.fail, slug)
		return time.Time{}, errors.New("disk busy")
	}
	n := tc.next[slug]
	delete(tc.next, slug)
	return n, nil
}

func (tc *timedCalls) take() []string {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	out := tc.calls
	tc.calls = nil
	return out
}

func TestTimedWorkRunsWhenDue(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	tc := &timedCalls{next: map[string]time.Time{"alpha": day1.Add(3 * time.Hour)}, fail: map[string]bool{}}
	r := New(w.tm, Config{Now: w.clock.Now, Logger: slog.New(slog.NewTextHandler(w.logs, nil)), Timed: tc.run})

	// The daily pass runs every organisation's timed work, with or
	// without a ledger, and alpha asks to be woken at 12:00.
	if _, err := r.RunAll(ctx); err != nil {
		t.Fatal(err)
	}
	if got := tc.take(); len(got) != 3 {
		t.Fatalf("daily pass ran timed work for %v, want all three organisations", got)
	}
	r.runTimed(ctx, day1.Add(2*time.Hour))
	if got := tc.take(); len(got) != 0 {
		t.Errorf("ran %v before it was due", got)
	}
	// A handler scheduling something earlier for bravo wins over nothing.
	r.Wake("bravo", day1.Add(time.Hour))
	r.Wake("bravo", day1.Add(5*time.Hour))
	r.runTimed(ctx, day1.Add(90*time.Minute))
	if got := tc.take(); len(got) != 1 || got[0] != "bravo@10:30" {
		t.Errorf("at 10:30 ran %v, want bravo", got)
	}
	tc.fail["alpha"] = true
	r.runTimed(ctx, day1.Add(3*time.Hour))
	if got := tc.take(); len(got) != 1 || got[0] != "alpha@12:00" {
		t.Errorf("at 12:00 ran %v, want alpha", got)
	}
	// A failure is tried again at the next check; then nothing is due.
	r.runTimed(ctx, day1.Add(3*time.Hour+5*time.Minute))
	r.runTimed(ctx, day1.Add(4*time.Hour))
	if got := tc.take(); len(got) != 1 || got[0] != "alpha@12:05" {
		t.Errorf("after the failure ran %v, want alpha once at 12:05", got)
	}
}
