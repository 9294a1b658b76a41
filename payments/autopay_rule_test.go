package payments

import (
	"database/sql"
	"testing"
)

// Turning automatic payments on for one of a person's mandates at a home
// turns it off for their others there, so a demand is never collected
// twice.
func TestAutoPayIsOneMandatePerHome(t *testing.T) {
	w := newGCWorld(t, nil)
	first, second := w.setUp(w.units[0]), w.setUp(w.units[0])
	w.deliver(w.newEvents()...)
	set := func(id int64) {
		t.Helper()
		if err := w.db.Write(w.ctx, func(tx *sql.Tx) error {
			_, err := SetAutoPay(w.ctx, tx, t0, id, true)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	paying := func() []string {
		t.Helper()
		ms, err := MandatesOf(w.ctx, w.db.Read(), w.units[0], w.person)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range ms {
			if m.AutoPay {
				out = append(out, m.PublicID)
			}
		}
		return out
	}
	set(first.ID)
	if got := paying(); len(got) != 1 || got[0] != first.PublicID {
		t.Fatalf("after the first: %v, want only %s", got, first.PublicID)
	}
	set(second.ID)
	if got := paying(); len(got) != 1 || got[0] != second.PublicID {
		t.Fatalf("after the second: %v, want only %s", got, second.PublicID)
	}
}
