package tickets_test

import (
	"context"
	"testing"
	"time"

	"porch/tickets"
)

// The list comes in pages of PageSize, with the total the filter lets
// through; a search takes % and _ literally.
func TestListPagesAndSearches(t *testing.T) {
	w := newWorld(t)
	for i := range tickets.PageSize + 2 {
		w.raise(t, w.ann, w.flat1, testNow.Add(time.Duration(i)*time.Minute))
	}
	ctx, q := context.Background(), w.db.Read()
	for _, tt := range []struct {
		f            tickets.Filter
		shown, total int
	}{
		{tickets.Filter{}, tickets.PageSize, tickets.PageSize + 2},
		{tickets.Filter{Page: 2}, 2, tickets.PageSize + 2},
		{tickets.Filter{Page: 3}, 0, tickets.PageSize + 2},
		{tickets.Filter{Q: "water"}, tickets.PageSize, tickets.PageSize + 2},
		{tickets.Filter{Q: "#7"}, 1, 1},
		{tickets.Filter{Q: "%"}, 0, 0},
		{tickets.Filter{Q: "_"}, 0, 0},
		{tickets.Filter{Status: tickets.FilterOpen, OlderThan: 1}, 0, 0},
		{tickets.Filter{Assignee: tickets.AssigneeNone, Priority: tickets.PriorityNormal}, tickets.PageSize, tickets.PageSize + 2},
	} {
		ts, total, err := tickets.List(ctx, q, testNow.Add(time.Hour), tt.f)
		if err != nil || len(ts) != tt.shown || total != tt.total {
			t.Errorf("%+v: %d of %d, %v", tt.f, len(ts), total, err)
		}
	}
	newest, _, _ := tickets.List(ctx, q, testNow, tickets.Filter{})
	oldest, _, _ := tickets.List(ctx, q, testNow, tickets.Filter{Oldest: true})
	if newest[0].Number != tickets.PageSize+2 || oldest[0].Number != 1 {
		t.Errorf("newest first #%d, oldest first #%d", newest[0].Number, oldest[0].Number)
	}
}
