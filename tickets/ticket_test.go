package tickets_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/files"
	"porch/internal/testdb"
	"porch/tenants"
	"porch/tickets"
)

// world is a block with two flats, a resident in each, a staff member and
// the categories of a new organisation.
type world struct {
	db              *tenants.DB
	site            estate.Site
	flat1, flat2    estate.Unit
	ann, bob, staff estate.Person
	cats            []tickets.Category
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{db: testdb.Org(t, "test")}
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		if w.site, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Harbour View", Kind: estate.KindBlock,
			AddressLine1: "1 Quay Street", Town: "Bristol", Postcode: "BS1 4AA"}, testNow); err != nil {
			return err
		}
		if w.flat1, err = estate.CreateUnit(ctx, tx, w.site.ID, estate.UnitInput{Name: "Flat 1"}, testNow); err != nil {
			return err
		}
		if w.flat2, err = estate.CreateUnit(ctx, tx, w.site.ID, estate.UnitInput{Name: "Flat 2"}, testNow); err != nil {
			return err
		}
		for _, p := range []struct {
			to   *estate.Person
			name string
		}{{&w.ann, "Ann Ash"}, {&w.bob, "Bob Birch"}, {&w.staff, "Sam Staff"}} {
			if *p.to, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: p.name,
				Email: strings.ToLower(strings.Fields(p.name)[0]) + "@example.com"}, testNow); err != nil {
				return err
			}
		}
		w.cats, err = tickets.ListCategories(ctx, tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

// raise files a request as a resident of flat 1.
func (w *world) raise(t *testing.T, by estate.Person, unit estate.Unit, at time.Time) tickets.Ticket {
	t.Helper()
	var tk tickets.Ticket
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		tk, err = tickets.Raise(ctx, tx, at, tickets.New{SiteID: w.site.ID, UnitID: unit.ID, Location: tickets.LocationHome,
			CategoryID: w.cats[0].ID, Title: "  Water   through the ceiling ", Description: "Dripping since Monday.",
			MayEnter: true, AccessNotes: "Cat indoors", RaisedBy: by.ID, CreatedBy: by.ID,
			Photos: []tickets.Photo{{Ref: files.Ref{Hash: strings.Repeat("a", 64), Type: files.TypeJPEG, Size: 10, Thumb: strings.Repeat("b", 64)}, Name: "ceiling.jpg"}}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestRaiseChecksCategoryAndFields(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	lift := w.cats[3]
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tickets.SetSiteCategories(ctx, tx, w.site.ID, []string{w.cats[0].PublicID})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tickets.Raise(ctx, tx, testNow, tickets.New{SiteID: w.site.ID, UnitID: w.flat1.ID, Location: "garden",
			CategoryID: lift.ID, Title: strings.Repeat("x", 121), RaisedBy: w.ann.ID, CreatedBy: w.ann.ID,
			Photos: make([]tickets.Photo, 6)})
		return err
	})
	e, ok := errs.As(err)
	f := e.Fields
	if !ok || f == nil {
		t.Fatalf("err = %v, want field errors", err)
	}
	for _, k := range []string{"category", "title", "description", "location", "photos"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
	var n int
	w.db.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM tickets`).Scan(&n)
	if n != 0 {
		t.Errorf("%d tickets saved after a refusal", n)
	}

	tk := w.raise(t, w.ann, w.flat1, testNow)
	if tk.Number != 1 || tk.Title != "Water through the ceiling" || tk.Status != tickets.StatusOpen || tk.Priority != tickets.PriorityNormal ||
		tk.CategoryName != "Leak or flood" || tk.UnitName != "Flat 1" || tk.RaisedByName != "Ann Ash" || !tk.MayEnter {
		t.Errorf("raised %+v", tk)
	}
	if next := w.raise(t, w.bob, w.flat2, testNow); next.Number != 2 {
		t.Errorf("second number %d", next.Number)
	}
}

func TestOwnTicketsOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	mine := w.raise(t, w.ann, w.flat1, testNow)
	w.raise(t, w.bob, w.flat1, testNow) // same flat, another resident
	if _, err := tickets.GetOwn(ctx, w.db.Read(), mine.PublicID, w.bob.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("Bob reading Ann's ticket: %v", err)
	}
	if got, err := tickets.GetOwn(ctx, w.db.Read(), mine.PublicID, w.ann.ID); err != nil || got.ID != mine.ID {
		t.Errorf("Ann reading hers: %v", err)
	}
	own, err := tickets.ListOwn(ctx, w.db.Read(), w.ann.ID)
	if err != nil || len(own) != 1 || own[0].ID != mine.ID {
		t.Errorf("Ann's list = %+v, %v", own, err)
	}
}

func TestThreadHidesInternalNotes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	tk := w.raise(t, w.ann, w.flat1, testNow)
	secret := files.Ref{Hash: strings.Repeat("c", 64), Type: files.TypePNG, Size: 5, Thumb: strings.Repeat("c", 64)}
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tickets.AddMessage(ctx, tx, testNow, tk, tickets.Reply{AuthorID: w.staff.ID, Staff: true, Internal: true,
			Body: "Landlord owes the plumber", Photos: []tickets.Photo{{Ref: secret, Name: "invoice.png"}}}); err != nil {
			return err
		}
		_, err := tickets.AddMessage(ctx, tx, testNow, tk, tickets.Reply{AuthorID: w.staff.ID, Staff: true, Body: "A plumber is on the way."})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	staff, _ := tickets.Thread(ctx, w.db.Read(), tk.ID, true)
	resident, _ := tickets.Thread(ctx, w.db.Read(), tk.ID, false)
	if len(staff) != 2 || len(resident) != 1 || resident[0].Body != "A plumber is on the way." {
		t.Fatalf("staff %d messages, resident %+v", len(staff), resident)
	}
	ps, _ := tickets.Photos(ctx, w.db.Read(), tk.ID, false)
	if len(ps) != 1 || ps[0].Name != "ceiling.jpg" {
		t.Errorf("resident's photos %+v", ps)
	}
	all, _ := tickets.Photos(ctx, w.db.Read(), tk.ID, true)
	var internal tickets.StoredPhoto
	for _, p := range all {
		if p.Internal {
			internal = p
		}
	}
	if _, err := tickets.GetPhoto(ctx, w.db.Read(), tk.ID, internal.PublicID, false); !errs.Is(err, errs.NotFound) {
		t.Errorf("resident reading the internal photo: %v", err)
	}
	if _, err := tickets.GetPhoto(ctx, w.db.Read(), tk.ID, internal.PublicID, true); err != nil {
		t.Errorf("staff reading it: %v", err)
	}
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tickets.AddMessage(ctx, tx, testNow, tk, tickets.Reply{AuthorID: w.ann.ID, Internal: true, Body: "sneaky"})
		return err
	}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("resident writing an internal note: %v", err)
	}
}

func TestResolvedReopenWindow(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	tk := w.raise(t, w.ann, w.flat1, testNow)
	resolve := func(at time.Time) tickets.Ticket {
		t.Helper()
		var out tickets.Ticket
		if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
			cur, _ := tickets.Get(ctx, tx, tk.PublicID)
			out, err = tickets.SetStatus(ctx, tx, at, cur, tickets.StatusResolved, w.staff.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	r := resolve(testNow)
	if !r.ReopenUntil().Equal(testNow.Add(14 * 24 * time.Hour)) {
		t.Errorf("reopen until %v", r.ReopenUntil())
	}
	reopen := func(at time.Time, who int64, reason string) (tickets.Ticket, error) {
		var out tickets.Ticket
		err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
			cur, _ := tickets.Get(ctx, tx, tk.PublicID)
			out, err = tickets.Reopen(ctx, tx, at, cur, who, reason)
			return err
		})
		return out, err
	}
	if _, err := reopen(testNow.Add(time.Hour), w.bob.ID, "still dripping"); !errs.Is(err, errs.NotFound) {
		t.Errorf("Bob reopening Ann's: %v", err)
	}
	if _, err := reopen(testNow.Add(time.Hour), w.ann.ID, " "); !errs.Is(err, errs.Invalid) {
		t.Errorf("reopening without a reason: %v", err)
	}
	got, err := reopen(testNow.Add(13*24*time.Hour), w.ann.ID, "Still dripping")
	if err != nil || got.Status != tickets.StatusOpen || !got.ResolvedAt.IsZero() {
		t.Fatalf("reopen on day 13: %+v %v", got, err)
	}
	later := testNow.Add(20 * 24 * time.Hour)
	resolve(later)
	if _, err := reopen(later.Add(14*24*time.Hour+time.Minute), w.ann.ID, "again"); !errs.Is(err, errs.Conflict) {
		t.Errorf("reopen after 14 days: %v", err)
	}
	var closed int
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		closed, err = tickets.CloseExpired(ctx, tx, later.Add(14*24*time.Hour+time.Minute))
		return err
	}); err != nil || closed != 1 {
		t.Fatalf("closed %d, %v", closed, err)
	}
	final, _ := tickets.Get(ctx, w.db.Read(), tk.PublicID)
	if final.Status != tickets.StatusClosed {
		t.Errorf("status %s", final.Status)
	}
	evs, _ := tickets.Events(ctx, w.db.Read(), tk.ID, false)
	if last := evs[len(evs)-1]; last.ActorID != 0 || !strings.Contains(last.Detail, "14 days") {
		t.Errorf("last event %+v", last)
	}
	msgs, _ := tickets.Thread(ctx, w.db.Read(), tk.ID, false)
	if len(msgs) != 1 || msgs[0].Body != "Still dripping" {
		t.Errorf("reopen reason not in the thread: %+v", msgs)
	}
}
