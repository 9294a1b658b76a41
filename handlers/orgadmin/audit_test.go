package orgadmin_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/auditlog"
	"porch/estate"
	"porch/internal/webtest"
)

const auditPath = "/admin/settings/audit"

// seedLog writes entries to Acme's log: the administrator invites Alice,
// Alice asks for a code, and a name that a spreadsheet would take for a
// formula; then n sign-ins, a day apart from 2026-10-01.
func seedLog(t *testing.T, o *org, n int) {
	t.Helper()
	err := o.f.DB("acme").Write(context.Background(), func(tx *sql.Tx) error {
		ctx := context.Background()
		m, a := o.acme.Manager, o.acme.Alice
		day := time.Date(2026, 10, 1, 10, 0, 0, 0, time.UTC)
		for i := range n {
			if err := estate.Audit(ctx, tx, estate.AuditEntry{PersonID: &m.ID, IP: "192.0.2.1", Action: "auth.sign_in", Object: "person", Detail: "code"}, day.AddDate(0, 0, i)); err != nil {
				return err
			}
		}
		later := day.AddDate(0, 3, 0)
		for i, e := range []estate.AuditEntry{
			{PersonID: &m.ID, Action: "auth.invited", Object: a.PublicID, Detail: "invitation sent to " + a.Email},
			{PersonID: &a.ID, IP: "192.0.2.9", Action: "auth.code_requested", Object: a.PublicID},
			{PersonID: &m.ID, Action: "ticket_category.renamed", Object: "cat", Detail: `name: "=HYPERLINK(1)" → "Leaks"`},
		} {
			if err := estate.Audit(ctx, tx, e, later.Add(time.Duration(i)*time.Hour)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func sentenceTexts(d *goquery.Document) []string {
	return d.Find(".audit-entry .audit-sentence").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
}

func TestAuditLogReadsAsSentencesAndFilters(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	seedLog(t, o, 3)
	if rec := o.mgr.Get(auditPath); rec.Code != http.StatusForbidden {
		t.Fatalf("manager: %d, want 403", rec.Code)
	}
	d := webtest.Doc(t, o.admin.Get(auditPath))
	got := sentenceTexts(d)
	alice, morgan := o.acme.Alice.FullName, o.acme.Manager.FullName
	if len(got) < 3 || got[0] != morgan+" renamed a request category" || got[1] != "Sign-in code requested by "+alice || got[2] != morgan+" invited "+alice {
		t.Fatalf("newest entries = %q", got)
	}
	if ch := d.Find(".audit-entry").First().Find(".audit-change"); !strings.Contains(ch.Find("del").Text(), "HYPERLINK") || ch.Find("ins").Text() != "Leaks" {
		t.Errorf("change = %q", ch.Text())
	}
	if strings.Contains(d.Find("#audit-results").Text(), "auth.") || strings.Contains(d.Find("#audit-results").Text(), o.acme.Alice.PublicID) {
		t.Errorf("codes or ids shown: %s", d.Find("#audit-results").Text())
	}
	// Readable choices: the person filter offers who acted, the action
	// filter labels in groups.
	if d.Find(`#af-person option[value="`+o.acme.Alice.PublicID+`"]`).Text() != alice {
		t.Errorf("person choices: %s", d.Find("#af-person").Text())
	}
	if d.Find(`#af-action optgroup[label="Sign-in and access"] option[value="auth.invited"]`).Text() != "Invitation sent" {
		t.Errorf("action choices lack labels")
	}

	for _, c := range []struct {
		query string
		want  []string
	}{
		{"person=" + o.acme.Alice.PublicID, []string{"Sign-in code requested by " + alice}},
		{"action=auth.invited", []string{morgan + " invited " + alice}},
		{"object=" + url.QueryEscape(strings.ToLower(alice)), []string{"Sign-in code requested by " + alice, morgan + " invited " + alice}},
		{"from=2026-10-02&to=2026-10-02", []string{morgan + " signed in with a sign-in code"}},
	} {
		d := webtest.Doc(t, o.admin.Get(auditPath+"?"+c.query))
		if got := sentenceTexts(d); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: %q, want %q", c.query, got, c.want)
		}
		if href, _ := d.Find(`a[href^="/admin/settings/audit.csv"]`).Attr("href"); !strings.Contains(href, strings.Split(c.query, "=")[0]+"=") {
			t.Errorf("%s: the export %q does not carry the filter", c.query, href)
		}
	}

	// The form is the address: htmx swaps only the results.
	rec := o.admin.Get(auditPath+"?action=auth.invited", "HX-Request", "true", "HX-Target", "audit-results")
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "<form") || !strings.Contains(rec.Body.String(), `id="audit-results"`) {
		t.Fatalf("htmx answer: %d %.300s", rec.Code, rec.Body.String())
	}
	rec = o.admin.Get(auditPath + "?from=2026-10-05&to=2026-10-01")
	if rec.Code != http.StatusUnprocessableEntity || webtest.Doc(t, rec).Find("#af-to-error").Length() != 1 {
		t.Fatalf("backwards dates: %d", rec.Code)
	}
}

func TestAuditLogPagesKeepTheFilter(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	seedLog(t, o, auditlog.PageSize+5)
	// The seeded sign-ins, not the fixture's own.
	const filter = "action=auth.sign_in&from=2026-10-01&to=2026-11-30"
	d := webtest.Doc(t, o.admin.Get(auditPath+"?"+filter))
	next, ok := d.Find(`.audit-pager a[rel="next"]`).Attr("href")
	if !ok || next != auditPath+"?action=auth.sign_in&from=2026-10-01&page=2&to=2026-11-30" {
		t.Fatalf("next page = %q", next)
	}
	if n := d.Find(".audit-entry").Length(); n != auditlog.PageSize {
		t.Fatalf("%d entries on page 1", n)
	}
	d = webtest.Doc(t, o.admin.Get(next))
	if n := d.Find(".audit-entry").Length(); n != 5 {
		t.Fatalf("%d entries on page 2, want 5", n)
	}
	if prev, _ := d.Find(`.audit-pager a[rel="prev"]`).Attr("href"); prev != auditPath+"?"+filter {
		t.Fatalf("previous page = %q", prev)
	}
}

func TestAuditLogCSV(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	seedLog(t, o, 1)
	if rec := o.mgr.Get(auditPath + ".csv"); rec.Code != http.StatusForbidden {
		t.Fatalf("manager: %d, want 403", rec.Code)
	}
	rec := o.admin.Get(auditPath + ".csv?object=leaks")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v", rec.Code, rec.Header())
	}
	rows, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows = %q, want the header and the one entry mentioning leaks", rows)
	}
	row := rows[1]
	if row[1] != o.acme.Manager.FullName+" renamed a request category" || row[6] != "ticket_category.renamed" || row[5] != "Request category renamed" {
		t.Errorf("row = %q", row)
	}
	if row[2] != "name: =HYPERLINK(1) → Leaks" {
		t.Errorf("changes = %q", row[2])
	}
	// A cell a spreadsheet would run as a formula is defused.
	err = o.f.DB("acme").Write(context.Background(), func(tx *sql.Tx) error {
		return estate.Audit(context.Background(), tx, estate.AuditEntry{Action: "estate.imported", Object: "=cmd|' /C calc'!A0", Detail: "@SUM(1)"}, time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err = csv.NewReader(strings.NewReader(o.admin.Get(auditPath + ".csv?action=estate.imported").Body.String())).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows = %q, %v", rows, err)
	}
	if rows[1][7] != "'=cmd|' /C calc'!A0" || rows[1][3] != "'@SUM(1)" {
		t.Errorf("formulas not defused: %q", rows[1])
	}
}
