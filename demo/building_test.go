package demo_test

import (
	"context"
	"testing"

	"porch/calendar"
	"porch/notices"
)

// The demo's sites have notices in every state and a calendar with roof
// repairs and a fire alarm test.
func TestDemoNoticesAndCalendar(t *testing.T) {
	t.Parallel()
	db := seeded(t)
	ctx := context.Background()
	ns, err := notices.List(ctx, db.Read())
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	pinned := 0
	for _, n := range ns {
		states[n.State(now)]++
		if n.Pinned && n.State(now) == notices.StateLive {
			pinned++
		}
	}
	for state, want := range map[string]int{notices.StateLive: 3, notices.StateExpired: 1, notices.StateScheduled: 1,
		notices.StateDraft: 1, notices.StateWithdrawn: 1} {
		if states[state] != want {
			t.Errorf("%d notices %s, want %d (%v)", states[state], state, want, states)
		}
	}
	if pinned != 1 {
		t.Errorf("%d live pinned notices", pinned)
	}
	es, err := calendar.List(ctx, db.Read(), now)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	cancelled := 0
	for _, e := range es {
		if e.Cancelled() {
			cancelled++
			continue
		}
		kinds[e.Kind] = true
	}
	if !kinds["works"] || !kinds["fire_alarm"] || !kinds["inspection"] || !kinds["meeting"] || cancelled != 1 {
		t.Errorf("events %v, %d cancelled", kinds, cancelled)
	}
}
