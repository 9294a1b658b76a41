package contacts_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"porch/contacts"
	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/tenants"
)

var t0 = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

type world struct {
	db            *tenants.DB
	alice, morgan estate.Person
	ctx           context.Context
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{db: testdb.Org(t, "test"), ctx: context.Background()}
	w.write(t, func(ctx context.Context, tx *sql.Tx) (err error) {
		if w.alice, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Alice Adeyemi", Email: "alice@example.com",
			Phone: "07700 900001", CorrespondenceAddress: "1 Old Road\nLeeds"}, t0); err != nil {
			return err
		}
		w.morgan, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Morgan Manager", Email: "morgan@example.com"}, t0)
		return err
	})
	return w
}

func (w *world) write(t *testing.T, fn func(ctx context.Context, tx *sql.Tx) error) {
	t.Helper()
	if err := testdb.Write(w.db, fn); err != nil {
		t.Fatal(err)
	}
}

func (w *world) submit(req contacts.Request, rules contacts.Rules) (contacts.Outcome, error) {
	var out contacts.Outcome
	err := testdb.Write(w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		out, err = contacts.Submit(ctx, tx, w.alice.ID, req, rules, t0)
		return err
	})
	return out, err
}

func (w *world) person(t *testing.T) estate.Person {
	t.Helper()
	p, err := estate.GetPersonByID(w.ctx, w.db.Read(), w.alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (w *world) waiting(t *testing.T) []contacts.Change {
	t.Helper()
	list, err := contacts.WaitingFor(w.ctx, w.db.Read(), w.alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// One save mixing the rules: the phone is saved at once, the name waits
// for the office, the record keeps its old name meanwhile.
func TestSubmitFollowsEachFieldsRule(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	out, err := w.submit(contacts.Request{"full_name": "Alice Brown", "phone": " 07700  900999 ", "preferred_contact": "post",
		"correspondence_address": "1 Old Road\r\nLeeds"}, contacts.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	p := w.person(t)
	if p.Phone != "07700 900999" || p.PreferredContact != "post" || p.FullName != "Alice Adeyemi" {
		t.Errorf("record %+v", p)
	}
	if len(out.Applied) != 2 || len(out.Asked) != 1 {
		t.Errorf("applied %v, asked %v", out.Applied, out.Asked)
	}
	list := w.waiting(t)
	if len(list) != 1 || list[0].Field != "full_name" || list[0].Old != "Alice Adeyemi" || list[0].New != "Alice Brown" {
		t.Fatalf("waiting %+v", list)
	}
	// Asking again replaces the change waiting; the same value as the
	// record leaves it be.
	if _, err := w.submit(contacts.Request{"full_name": "Alice Black"}, contacts.DefaultRules()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.submit(contacts.Request{"full_name": "Alice Adeyemi"}, contacts.DefaultRules()); err != nil {
		t.Fatal(err)
	}
	if list := w.waiting(t); len(list) != 1 || list[0].New != "Alice Black" {
		t.Errorf("waiting after asking again %+v", list)
	}
}

// A locked detail sent anyway, or a bad value beside good ones, saves
// nothing at all.
func TestSubmitRefusesAllOrNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	rules := contacts.DefaultRules()
	rules[contacts.GroupAddress] = contacts.Locked
	_, err := w.submit(contacts.Request{"phone": "07700 900555", "full_name": "Alice Brown", "correspondence_address": "Elsewhere"}, rules)
	if bad, ok := errs.As(err); !ok || bad.Fields["correspondence_address"] != contacts.MsgLocked {
		t.Fatalf("locked field: %v", err)
	}
	_, err = w.submit(contacts.Request{"phone": "07700 900555", "other_phone": "not a number", "full_name": "Alice Brown"}, rules)
	if bad, ok := errs.As(err); !ok || bad.Fields["other_phone"] == "" || len(bad.Fields) != 1 {
		t.Fatalf("bad phone: %v", err)
	}
	if p := w.person(t); p.Phone != "07700 900001" || p.CorrespondenceAddress != "1 Old Road\nLeeds" {
		t.Errorf("half saved: %+v", p)
	}
	if list := w.waiting(t); len(list) != 0 {
		t.Errorf("waiting %+v", list)
	}
	// The locked detail sent unchanged is no change, and no refusal.
	if _, err := w.submit(contacts.Request{"phone": "07700 900555", "correspondence_address": "1 Old Road\nLeeds"}, rules); err != nil {
		t.Fatal(err)
	}
}

// Approving applies through UpdatePerson even when the record moved
// meanwhile; rejecting needs a reason; nobody decides their own; a
// withdrawn or decided change cannot be decided again.
func TestDecideWaitingChanges(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	var name, addr contacts.Change
	w.write(t, func(ctx context.Context, tx *sql.Tx) (err error) {
		if name, err = contacts.Ask(ctx, tx, w.alice.ID, "full_name", "Alice Brown", t0); err != nil {
			return err
		}
		if addr, err = contacts.Ask(ctx, tx, w.alice.ID, "correspondence_address", "9 New Street\nYork", t0); err != nil {
			return err
		}
		in := w.alice.Input()
		in.FullName = "Alice A. Adeyemi"
		_, _, err = estate.UpdatePerson(ctx, tx, w.alice.ID, in)
		return err
	})
	if list := w.waiting(t); len(list) != 2 || !list[0].Moved() || list[1].Moved() {
		t.Fatalf("waiting %+v", list)
	}
	err := testdb.Write(w.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := contacts.Approve(ctx, tx, name.PublicID, w.alice.ID, t0)
		return err
	})
	if !errs.Is(err, errs.Forbidden) {
		t.Errorf("deciding one's own: %v", err)
	}
	w.write(t, func(ctx context.Context, tx *sql.Tx) error {
		d, err := contacts.Approve(ctx, tx, name.PublicID, w.morgan.ID, t0)
		if err == nil && (d.Person.FullName != "Alice Brown" || len(d.Applied) != 1) {
			t.Errorf("approved %+v", d)
		}
		return err
	})
	err = testdb.Write(w.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := contacts.Reject(ctx, tx, addr.PublicID, w.morgan.ID, "  ", t0)
		return err
	})
	if bad, ok := errs.As(err); !ok || bad.Fields["reason"] == "" {
		t.Errorf("rejection without a reason: %v", err)
	}
	w.write(t, func(ctx context.Context, tx *sql.Tx) error {
		_, err := contacts.Reject(ctx, tx, addr.PublicID, w.morgan.ID, "Send us proof of the new address.", t0)
		return err
	})
	if p := w.person(t); p.FullName != "Alice Brown" || p.CorrespondenceAddress != "1 Old Road\nLeeds" {
		t.Errorf("record %+v", p)
	}
	err = testdb.Write(w.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := contacts.Approve(ctx, tx, addr.PublicID, w.morgan.ID, t0)
		return err
	})
	if !errs.Is(err, errs.NotFound) {
		t.Errorf("approving a rejected change: %v", err)
	}
	// Withdrawing: only one's own.
	var phone contacts.Change
	w.write(t, func(ctx context.Context, tx *sql.Tx) (err error) {
		phone, err = contacts.Ask(ctx, tx, w.alice.ID, "phone", "07700 900777", t0)
		return err
	})
	err = testdb.Write(w.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := contacts.Withdraw(ctx, tx, w.morgan.ID, phone.PublicID, t0)
		return err
	})
	if !errs.Is(err, errs.NotFound) {
		t.Errorf("withdrawing another's: %v", err)
	}
	w.write(t, func(ctx context.Context, tx *sql.Tx) error {
		_, err := contacts.Withdraw(ctx, tx, w.alice.ID, phone.PublicID, t0)
		return err
	})
	if n, err := contacts.CountWaiting(w.ctx, w.db.Read()); err != nil || n != 0 {
		t.Errorf("waiting %d, %v", n, err)
	}
}

// The rules are stored, and a missing or unknown rule is refused.
func TestRulesSaved(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	r := contacts.DefaultRules()
	r[contacts.GroupPhones] = contacts.Locked
	w.write(t, func(ctx context.Context, tx *sql.Tx) error {
		cs, err := contacts.SaveRules(ctx, tx, r, t0)
		if err == nil && len(cs) != 1 {
			t.Errorf("changes %v", cs)
		}
		return err
	})
	got, err := contacts.LoadRules(w.ctx, w.db.Read())
	if err != nil || got.Of(contacts.GroupPhones) != contacts.Locked || got.Of(contacts.GroupName) != contacts.Confirm {
		t.Errorf("rules %v %v", got, err)
	}
	r[contacts.GroupName] = "sometimes"
	err = testdb.Write(w.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := contacts.SaveRules(ctx, tx, r, t0)
		return err
	})
	if bad, ok := errs.As(err); !ok || bad.Fields[contacts.GroupName] == "" {
		t.Errorf("unknown rule: %v", err)
	}
}
