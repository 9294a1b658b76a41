package auditlog_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"porch/auditlog"
	"porch/estate"
	"porch/internal/testdb"
	"porch/sqldb"
	"porch/tenants"
)

type logOf struct {
	db           *tenants.DB
	priya, amara estate.Person
	site         estate.Site
	t0           time.Time
}

// newLog writes a small log: Priya (staff) invites Amara, creates a site,
// changes Amara's role; Amara asks for a sign-in code.
func newLog(t *testing.T) *logOf {
	t.Helper()
	l := &logOf{db: testdb.Org(t, "test"), t0: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	err := testdb.Write(l.db, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if l.priya, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Priya Shah", Email: "priya@agency.example", PortalEnabled: true}, l.t0); err != nil {
			return err
		}
		if l.amara, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Amara Okafor", Email: "amara@home.example", PortalEnabled: true}, l.t0); err != nil {
			return err
		}
		if l.site, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Marlow House", Kind: "block", AddressLine1: "1 Marlow Road",
			Town: "Leeds", Postcode: "LS1 1AA", LandlordName: "Marlow Freehold Ltd", LandlordAddress: "1 Marlow Road\nLeeds LS1 1AA"}, l.t0); err != nil {
			return err
		}
		for i, e := range []estate.AuditEntry{
			{PersonID: &l.priya.ID, Action: "auth.invited", Object: l.amara.PublicID, Detail: "invitation sent to amara@home.example"},
			{PersonID: &l.priya.ID, Action: "site.created", Object: l.site.PublicID},
			{PersonID: &l.priya.ID, Action: "staff.role_changed", Object: l.amara.PublicID, Detail: "Staff → Manager"},
			{PersonID: &l.amara.ID, IP: "192.0.2.7", Action: "auth.code_requested", Object: l.amara.PublicID},
			{Action: "ticket_category.renamed", Object: "cat1", Detail: `name: "Leak" → "Leaks and damp"`},
		} {
			if err := estate.Audit(ctx, tx, e, l.t0.Add(time.Duration(i)*24*time.Hour)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func sentences(es []auditlog.Entry) string {
	var out []string
	for _, e := range es {
		out = append(out, e.Sentence)
	}
	return strings.Join(out, " | ")
}

func TestListReadsAsSentencesNewestFirst(t *testing.T) {
	l := newLog(t)
	res, err := auditlog.List(context.Background(), l.db.Read(), auditlog.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := "Porch renamed a request category | Sign-in code requested by Amara Okafor | Priya Shah changed the role of Amara Okafor | " +
		"Priya Shah created the site Marlow House | Priya Shah invited Amara Okafor"
	if got := sentences(res.Entries); got != want || res.Total != 5 || res.Pages != 1 {
		t.Fatalf("log = %q (%d in %d pages)\nwant %q", got, res.Total, res.Pages, want)
	}
	if ch := res.Entries[2].Changes; len(ch) != 1 || ch[0].Old != "Staff" || ch[0].New != "Manager" {
		t.Errorf("role change = %+v", ch)
	}
	if ch := res.Entries[0].Changes; len(ch) != 1 || ch[0].Field != "name" || ch[0].Old != "Leak" || ch[0].New != "Leaks and damp" {
		t.Errorf("rename = %+v", ch)
	}
	if n := res.Entries[4].Note; n != "invitation sent to amara@home.example" {
		t.Errorf("note = %q", n)
	}
}

func TestListFilters(t *testing.T) {
	l := newLog(t)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		f    auditlog.Filter
		want string
	}{
		{"person", auditlog.Filter{Person: l.amara.PublicID}, "Sign-in code requested by Amara Okafor"},
		{"action", auditlog.Filter{Action: "site.created"}, "Priya Shah created the site Marlow House"},
		{"object by name", auditlog.Filter{Object: "marlow"}, "Priya Shah created the site Marlow House"},
		{"object in detail", auditlog.Filter{Object: "damp"}, "Porch renamed a request category"},
		{"dates", auditlog.Filter{From: l.t0.Add(24 * time.Hour), To: l.t0.Add(48 * time.Hour)}, "Priya Shah created the site Marlow House"},
		{"like text is literal", auditlog.Filter{Object: "%"}, ""},
	} {
		res, err := auditlog.List(ctx, l.db.Read(), c.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := sentences(res.Entries); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestListPages(t *testing.T) {
	l := newLog(t)
	err := testdb.Write(l.db, func(ctx context.Context, tx *sql.Tx) error {
		for i := range auditlog.PageSize {
			if err := estate.Audit(ctx, tx, estate.AuditEntry{PersonID: &l.priya.ID, Action: "auth.sign_in", Object: "person"}, l.t0.Add(time.Duration(i)*time.Minute)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := auditlog.List(context.Background(), l.db.Read(), auditlog.Filter{Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != auditlog.PageSize+5 || res.Pages != 2 || res.Page != 2 || len(res.Entries) != 5 {
		t.Fatalf("page 2: total %d, pages %d, page %d, %d entries", res.Total, res.Pages, res.Page, len(res.Entries))
	}
	if res.Entries[4].Sentence != "Priya Shah invited Amara Okafor" {
		t.Fatalf("oldest last: %q", res.Entries[4].Sentence)
	}
}

// counting counts the queries run through it.
type counting struct {
	sqldb.Querier
	n int
}

func (c *counting) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.Querier.QueryContext(ctx, q, args...)
}

func (c *counting) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	c.n++
	return c.Querier.QueryRowContext(ctx, q, args...)
}

// A page's objects are named in one query, however many entries it has:
// the count, the page and the names.
func TestListNamesObjectsInOneQuery(t *testing.T) {
	l := newLog(t)
	err := testdb.Write(l.db, func(ctx context.Context, tx *sql.Tx) error {
		for i := range 40 {
			obj := l.amara.PublicID
			if i%2 == 0 {
				obj = l.site.PublicID
			}
			if err := estate.Audit(ctx, tx, estate.AuditEntry{PersonID: &l.priya.ID, Action: "person.updated", Object: obj}, l.t0.Add(time.Duration(i)*time.Minute)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	q := &counting{Querier: l.db.Read()}
	res, err := auditlog.List(context.Background(), q, auditlog.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if q.n != 3 {
		t.Errorf("%d queries for a page of %d entries, want 3", q.n, len(res.Entries))
	}
	for _, e := range res.Entries {
		if strings.Contains(e.Sentence, l.amara.PublicID) || strings.Contains(e.Sentence, l.site.PublicID) {
			t.Fatalf("unresolved id: %q", e.Sentence)
		}
	}
}
