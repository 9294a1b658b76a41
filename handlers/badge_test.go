package handlers_test

import (
	"testing"

	"porch/handlers"
)

func TestBadgesOf(t *testing.T) {
	t.Parallel()
	b := handlers.Badges{"paid": {Label: "Paid", Class: "ok"}}
	if got := b.Of("paid"); got != (handlers.Badge{Label: "Paid", Class: "ok"}) {
		t.Errorf("known state: %+v", got)
	}
	if got := b.Of("odd"); got != (handlers.Badge{Label: "odd"}) {
		t.Errorf("unknown state shows as itself, uncoloured: %+v", got)
	}
}
