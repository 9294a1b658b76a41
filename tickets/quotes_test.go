package tickets_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"porch/errs"
	"porch/estate"
	"porch/tickets"
)

// letWorld is the block world with a let house beside it: Olu owns it,
// Tia rents it, and a ticket she raised about it.
type letWorld struct {
	*world
	lets      estate.Site
	house     estate.Unit
	olu, tia  estate.Person
	houseTick tickets.Ticket
}

func newLetWorld(t *testing.T) *letWorld {
	t.Helper()
	w := &letWorld{world: newWorld(t)}
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		if w.lets, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Lettings", Kind: estate.KindLettings}, testNow); err != nil {
			return err
		}
		if w.house, err = estate.CreateUnit(ctx, tx, w.lets.ID, estate.UnitInput{Name: "12 Albion Road",
			AddressLine1: "12 Albion Road", Town: "London", Postcode: "N16 9PS"}, testNow); err != nil {
			return err
		}
		if w.olu, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Olu Owner", Email: "olu@example.com"}, testNow); err != nil {
			return err
		}
		if w.tia, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Tia Tenant", Email: "tia@example.com"}, testNow); err != nil {
			return err
		}
		start := testNow.AddDate(-1, 0, 0)
		if _, err := estate.LinkPerson(ctx, tx, testNow, w.house.ID, w.olu.ID, estate.RoleOwner, start, nil); err != nil {
			return err
		}
		if _, err := estate.LinkPerson(ctx, tx, testNow, w.house.ID, w.tia.ID, estate.RoleTenant, start, nil); err != nil {
			return err
		}
		w.houseTick, err = tickets.Raise(ctx, tx, testNow, tickets.New{SiteID: w.lets.ID, UnitID: w.house.ID, Location: tickets.LocationHome,
			CategoryID: w.cats[0].ID, Title: "Boiler leaking", Description: "A puddle under the boiler.", RaisedBy: w.tia.ID, CreatedBy: w.tia.ID})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *letWorld) ask(t *testing.T, tk tickets.Ticket, amount int64, supplier string) (tickets.Quote, error) {
	t.Helper()
	var q tickets.Quote
	err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		q, err = tickets.RequestQuote(ctx, tx, testNow, tk, amount, supplier, tickets.Photo{}, w.staff.ID)
		return err
	})
	return q, err
}

func (w *letWorld) decide(t *testing.T, q tickets.Quote, who estate.Person, approve bool, comment string) (tickets.Quote, error) {
	t.Helper()
	err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		q, err = tickets.Decide(ctx, tx, testNow, q, who.ID, approve, comment)
		return err
	})
	return q, err
}

func code(err error) string {
	if e, ok := errs.As(err); ok {
		return string(e.Code)
	}
	return ""
}

func TestQuoteAskedOnlyOfALetHomesOwner(t *testing.T) {
	t.Parallel()
	w := newLetWorld(t)
	if _, err := w.ask(t, w.houseTick, 0, " "); code(err) != string(errs.Invalid) {
		t.Fatalf("empty quote: %v", err)
	}
	block := w.raise(t, w.ann, w.flat1, testNow)
	if _, err := w.ask(t, block, 45000, "Swift Plumbing"); code(err) != string(errs.Conflict) {
		t.Errorf("quote on a block ticket: %v", err)
	}
	q, err := w.ask(t, w.houseTick, 45000, "  Swift   Plumbing ")
	if err != nil {
		t.Fatal(err)
	}
	if q.Supplier != "Swift Plumbing" || q.Status != tickets.QuotePending || q.Describe() != "£450.00 from Swift Plumbing" {
		t.Errorf("asked %+v", q)
	}
	if _, err := w.ask(t, w.houseTick, 50000, "Other"); code(err) != string(errs.Conflict) {
		t.Errorf("second pending quote: %v", err)
	}
	ctx := context.Background()
	evs, _ := tickets.Events(ctx, w.db.Read(), w.houseTick.ID, true)
	if last := evs[len(evs)-1]; last.Detail != "Owner's approval asked: £450.00 from Swift Plumbing" || last.Public {
		t.Errorf("event %+v", last)
	}
	pending, err := tickets.PendingForOwner(ctx, w.db.Read(), w.olu.ID, testNow)
	if err != nil || len(pending) != 1 || pending[0].PublicID != q.PublicID {
		t.Errorf("pending for owner: %v %v", pending, err)
	}
	if other, _ := tickets.PendingForOwner(ctx, w.db.Read(), w.tia.ID, testNow); len(other) != 0 {
		t.Errorf("the tenant has quotes to answer: %v", other)
	}

	if _, err := w.decide(t, q, w.tia, true, ""); code(err) != string(errs.NotFound) {
		t.Errorf("tenant decided: %v", err)
	}
	if _, err := w.decide(t, q, w.olu, false, "  "); code(err) != string(errs.Invalid) {
		t.Errorf("reject without a comment: %v", err)
	}
	q, err = w.decide(t, q, w.olu, true, "Go ahead")
	if err != nil || q.Status != tickets.QuoteApproved || q.DecidedByName != "Olu Owner" || q.Comment != "Go ahead" {
		t.Fatalf("approved %+v %v", q, err)
	}
	if _, err := w.decide(t, q, w.olu, false, "changed my mind"); code(err) != string(errs.Conflict) {
		t.Errorf("second answer: %v", err)
	}
	tk, _ := tickets.Get(ctx, w.db.Read(), w.houseTick.PublicID)
	if tk.Status != tickets.StatusInProgress {
		t.Errorf("status after approval %s", tk.Status)
	}
}

func TestQuoteRejectedAndWithdrawn(t *testing.T) {
	t.Parallel()
	w := newLetWorld(t)
	q, err := w.ask(t, w.houseTick, 123450, "Acme Boilers")
	if err != nil {
		t.Fatal(err)
	}
	if q, err = w.decide(t, q, w.olu, false, "Too dear; get another quote."); err != nil || q.Status != tickets.QuoteRejected {
		t.Fatalf("rejected %+v %v", q, err)
	}
	ctx := context.Background()
	evs, _ := tickets.Events(ctx, w.db.Read(), w.houseTick.ID, true)
	if last := evs[len(evs)-1]; !strings.Contains(last.Detail, "Owner rejected the quote: £1,234.50 from Acme Boilers") ||
		!strings.Contains(last.Detail, "Too dear") {
		t.Errorf("event %q", last.Detail)
	}
	next, err := w.ask(t, w.houseTick, 90000, "Bravo Heating")
	if err != nil {
		t.Fatal(err)
	}
	err = write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		next, err = tickets.WithdrawQuote(ctx, tx, testNow, next, w.staff.ID)
		return err
	})
	if err != nil || next.Status != tickets.QuoteWithdrawn {
		t.Fatalf("withdrawn %+v %v", next, err)
	}
	all, _ := tickets.ForOwner(ctx, w.db.Read(), w.olu.ID, testNow)
	if len(all) != 1 || all[0].Status != tickets.QuoteRejected {
		t.Errorf("owner's quotes %+v", all)
	}
	if tk, _ := tickets.Get(ctx, w.db.Read(), w.houseTick.PublicID); tk.Status != tickets.StatusOpen {
		t.Errorf("status after rejection %s", tk.Status)
	}
}

func TestPounds(t *testing.T) {
	t.Parallel()
	for in, want := range map[int64]string{5: "£0.05", 45000: "£450.00", 123450: "£1,234.50", 123456789: "£1,234,567.89"} {
		if got := tickets.Pounds(in); got != want {
			t.Errorf("Pounds(%d) = %q", in, got)
		}
	}
}
