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

// staffed gives the world a manager (Sam), a read-only member (Bob, who
// also lives in flat 2) and Ann living in flat 1.
func staffed(t *testing.T, w *world) {
	t.Helper()
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) error {
		if err := estate.AddStaff(ctx, tx, w.staff.ID, estate.StaffRoleManager, testNow); err != nil {
			return err
		}
		if err := estate.AddStaff(ctx, tx, w.bob.ID, estate.StaffRoleReadOnly, testNow); err != nil {
			return err
		}
		start := testNow.AddDate(-1, 0, 0)
		if _, err := estate.LinkPerson(ctx, tx, start, w.flat1.ID, w.ann.ID, estate.RoleLeaseholder, start, nil); err != nil {
			return err
		}
		_, err := estate.LinkPerson(ctx, tx, start, w.flat2.ID, w.bob.ID, estate.RoleTenant, start, nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func TestAssignOnlyToStaffWhoWorkRequests(t *testing.T) {
	w := newWorld(t)
	staffed(t, w)
	tk := w.raise(t, w.ann, w.flat1, testNow)
	for _, who := range []estate.Person{w.ann, w.bob} {
		err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) error {
			_, err := tickets.Assign(ctx, tx, testNow, tk, who.PublicID, w.staff.ID)
			return err
		})
		if e, ok := errs.As(err); !ok || e.Fields["assignee"] == "" {
			t.Errorf("assigned to %s: %v", who.FullName, err)
		}
	}
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		if tk, err = tickets.Assign(ctx, tx, testNow, tk, w.staff.PublicID, w.staff.ID); err != nil {
			return err
		}
		if tk, err = tickets.SetPriority(ctx, tx, testNow, tk, tickets.PriorityUrgent, w.staff.ID); err != nil {
			return err
		}
		tk, err = tickets.Assign(ctx, tx, testNow, tk, "", w.staff.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	all, _ := tickets.Events(context.Background(), w.db.Read(), tk.ID, true)
	mine, _ := tickets.Events(context.Background(), w.db.Read(), tk.ID, false)
	var details []string
	for _, e := range all[1:] {
		details = append(details, e.Detail)
	}
	if got := strings.Join(details, "|"); got != "Assigned to Sam Staff|Priority Normal → Urgent|Unassigned from Sam Staff" {
		t.Errorf("timeline %q", got)
	}
	if len(mine) != 1 {
		t.Errorf("the resident sees %d events, only the raising", len(mine))
	}
}

func TestSetVisitChecksTheDateAndHours(t *testing.T) {
	w := newWorld(t)
	staffed(t, w)
	tk := w.raise(t, w.ann, w.flat1, testNow)
	today := testNow
	for _, tt := range []struct {
		v     tickets.Visit
		field string
	}{
		{tickets.Visit{}, "date"},
		{tickets.Visit{Date: "14/03/2026"}, "date"},
		{tickets.Visit{Date: "2026-03-13"}, "date"},
		{tickets.Visit{Date: "2026-03-14", From: "8am"}, "from"},
		{tickets.Visit{Date: "2026-03-14", To: "25:00"}, "to"},
		{tickets.Visit{Date: "2026-03-14", From: "12:00", To: "12:00"}, "to"},
		{tickets.Visit{Date: "2026-03-14", Contractor: strings.Repeat("x", 121)}, "contractor"},
	} {
		err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) error {
			_, _, err := tickets.SetVisit(ctx, tx, testNow, today, tk, tt.v, w.staff.ID)
			return err
		})
		if e, ok := errs.As(err); !ok || e.Fields[tt.field] == "" {
			t.Errorf("%+v: %v, want a message on %s", tt.v, err, tt.field)
		}
	}
	var changed bool
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		tk, changed, err = tickets.SetVisit(ctx, tx, testNow, today, tk, tickets.Visit{Contractor: " Swift  Plumbing ", Date: "2026-03-14", From: "08:00", To: "12:00"}, w.staff.ID)
		return err
	}); err != nil || !changed {
		t.Fatal(err, changed)
	}
	if got := tk.Appointment.String(); got != "Sat 14 Mar 2026, 8:00–12:00" || tk.Contractor != "Swift Plumbing" {
		t.Errorf("booked %q with %q", got, tk.Contractor)
	}
	evs, _ := tickets.Events(context.Background(), w.db.Read(), tk.ID, false)
	if last := evs[len(evs)-1]; last.Detail != "Visit booked for Sat 14 Mar 2026, 8:00–12:00 (Swift Plumbing)" {
		t.Errorf("the resident reads %q", last.Detail)
	}
}

func TestBulkCloseAndCounts(t *testing.T) {
	w := newWorld(t)
	staffed(t, w)
	a := w.raise(t, w.ann, w.flat1, testNow.AddDate(0, 0, -9))
	b := w.raise(t, w.ann, w.flat1, testNow)
	c, err := tickets.Count(context.Background(), w.db.Read(), testNow)
	if err != nil || c != (tickets.Counts{Open: 2, Unassigned: 2, Older: 1}) {
		t.Errorf("counts %+v %v", c, err)
	}
	var closed []tickets.Ticket
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		closed, err = tickets.BulkClose(ctx, tx, testNow, []string{a.PublicID, b.PublicID, a.PublicID}, w.staff.ID)
		return err
	}); err != nil || len(closed) != 2 {
		t.Fatalf("closed %d: %v", len(closed), err)
	}
	if c, _ := tickets.Count(context.Background(), w.db.Read(), testNow); c != (tickets.Counts{}) {
		t.Errorf("after closing: %+v", c)
	}
	ts, total, err := tickets.List(context.Background(), w.db.Read(), testNow, tickets.Filter{Status: tickets.StatusClosed})
	if err != nil || total != 2 || len(ts) != 2 {
		t.Errorf("closed list: %d of %d, %v", len(ts), total, err)
	}
}

func TestRaiseForAResidentOrACommunalArea(t *testing.T) {
	w := newWorld(t)
	staffed(t, w)
	n := tickets.New{SiteID: w.site.ID, UnitID: w.flat1.ID, CategoryID: w.cats[0].ID, Title: "Leak", Description: "Phoned in.", RaisedBy: w.bob.ID}
	err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tickets.RaiseFor(ctx, tx, testNow, n, w.staff.ID)
		return err
	})
	if e, ok := errs.As(err); !ok || e.Fields["resident"] == "" {
		t.Errorf("Bob for flat 1: %v", err)
	}
	var mine, communal tickets.Ticket
	if err := write(t, w.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		n.RaisedBy = w.ann.ID
		if mine, err = tickets.RaiseFor(ctx, tx, testNow, n, w.staff.ID); err != nil {
			return err
		}
		n.RaisedBy = 0
		communal, err = tickets.RaiseFor(ctx, tx, testNow, n, w.staff.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if mine.RaisedBy != w.ann.ID || mine.CreatedBy != w.staff.ID || mine.Location != tickets.LocationHome {
		t.Errorf("on behalf: %+v", mine)
	}
	if communal.RaisedBy != 0 || communal.UnitID != 0 || communal.Location != tickets.LocationCommunal {
		t.Errorf("communal: %+v", communal)
	}
	rs, err := tickets.Residents(context.Background(), w.db.Read(), w.site.ID, testNow)
	if err != nil || len(rs) != 2 || rs[0].Name != "Ann Ash" || rs[1].Name != "Bob Birch" {
		t.Errorf("residents %+v %v", rs, err)
	}
}
