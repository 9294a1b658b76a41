package staff_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
)

func TestAdminIsForStaffOnly(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	alice := f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", ppl.Alice)
	anon := f.Browser("acme." + webtest.Base)
	tests := []struct {
		name     string
		b        *webtest.Browser
		method   string
		path     string
		status   int
		location string
	}{
		{"anonymous dashboard", anon, "GET", "/admin", http.StatusSeeOther, "/sign-in?next=%2Fadmin"},
		{"anonymous people search", anon, "GET", "/admin/people?q=bob", http.StatusSeeOther, "/sign-in?next=%2Fadmin%2Fpeople%3Fq%3Dbob"},
		{"anonymous post", anon, "POST", "/admin/people/" + ppl.Bob.PublicID + "/access", http.StatusSeeOther, "/sign-in"},
		{"resident dashboard", alice, "GET", "/admin", http.StatusForbidden, ""},
		{"resident people", alice, "GET", "/admin/people", http.StatusForbidden, ""},
		{"resident person", alice, "GET", "/admin/people/" + ppl.Bob.PublicID, http.StatusForbidden, ""},
		{"resident welcome email", alice, "GET", "/admin/settings/welcome-email", http.StatusForbidden, ""},
		{"resident disables Bob", alice, "POST", "/admin/people/" + ppl.Bob.PublicID + "/access", http.StatusForbidden, ""},
		{"resident invites herself", alice, "POST", "/admin/people/" + ppl.Alice.PublicID + "/invite", http.StatusForbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.AuditCount("acme", "access.denied")
			var rec *httptest.ResponseRecorder
			if tt.method == "POST" {
				rec = tt.b.Post(tt.path, url.Values{"enabled": {"0"}})
			} else {
				rec = tt.b.Get(tt.path)
			}
			if rec.Code != tt.status || rec.Header().Get("Location") != tt.location {
				t.Fatalf("%d %q, want %d %q", rec.Code, rec.Header().Get("Location"), tt.status, tt.location)
			}
			if tt.status != http.StatusForbidden {
				return
			}
			if !strings.Contains(rec.Body.String(), "for our staff") {
				t.Errorf("403 page: %.300s", rec.Body.String())
			}
			if f.AuditCount("acme", "access.denied") != before+1 {
				t.Error("refusal not in the audit log")
			}
		})
	}
	var person sql.NullInt64
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT person_id FROM audit_log WHERE action = 'access.denied' AND object = ?`,
			"GET /admin/people").Scan(&person)
	})
	if person.Int64 != ppl.Alice.ID {
		t.Errorf("denied entry names person %v", person)
	}
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		p, err := estate.GetPersonByID(ctx, tx, ppl.Bob.ID)
		if err == nil && !p.PortalEnabled {
			t.Error("a resident turned Bob's access off")
		}
		return err
	})
	if f.MailCount("acme", ppl.Alice.Email) != 0 {
		t.Error("a resident sent an invitation")
	}
}

func TestAdminDashboard(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	rec := mgr.Get("/admin")
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || !d.Find("main").HasClass("wide") {
		t.Fatalf("dashboard: %d, wide=%v", rec.Code, d.Find("main").HasClass("wide"))
	}
	var stats []string
	d.Find(`ul[aria-label="Your estate"] li`).Each(func(_ int, s *goquery.Selection) { stats = append(stats, strings.Join(strings.Fields(s.Text()), " ")) })
	if strings.Join(stats, "|") != "1 site|2 homes|3 people" {
		t.Errorf("stats %q", stats)
	}
	for _, href := range []string{"/admin/sites", "/admin/people", "/admin/settings/welcome-email"} {
		if d.Find(`main a[href="`+href+`"]`).Length() == 0 {
			t.Errorf("no link to %s", href)
		}
	}
	if got := d.Find("table tbody tr").First().Find(".audit-sentence").Text(); !strings.HasSuffix(got, " accepted their invitation") || strings.Contains(got, "auth.") {
		t.Errorf("newest audit entry %q, want a sentence", got)
	}
	// The administrator configures the portal: the addresses, the log and
	// the contact-detail rules come right after the team and the branding.
	var cards []string
	d.Find(`nav.admin-links a`).Each(func(_ int, s *goquery.Selection) { cards = append(cards, s.AttrOr("href", "")) })
	if got := strings.Join(cards, " "); !strings.Contains(got, "/admin/settings/team /admin/settings/branding /admin/settings/addresses /admin/settings/audit /admin/settings/contact-details ") {
		t.Errorf("cards %q: want addresses, the audit log and the contact-detail rules after the team", got)
	}
	if d.Find(`a[href="/admin/settings/audit"]`).FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Text() == "See the whole log" }).Length() != 1 {
		t.Error("no link to the whole log under recent activity")
	}
	if d.Find(`nav.site-nav a[href="/admin"][aria-current="page"]`).Length() != 1 {
		t.Error("Admin is not the current nav link")
	}
}

// The dashboard's payments card goes where the role can go: the settings
// (keys and payouts) for administrators, the events and the providers
// check for managers, nowhere for staff and read-only members.
func TestDashboardLinksEachRoleToItsPaymentScreen(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	f.SeedPeople("acme")
	const settings, events = "/admin/settings/payments", "/admin/settings/payments/events"
	for _, tt := range []struct {
		role, link, title string
	}{
		{estate.StaffRoleAdmin, settings, "Payments"},
		{estate.StaffRoleManager, events, "Payment events"},
		{estate.StaffRoleStaff, "", ""},
		{estate.StaffRoleReadOnly, "", ""},
	} {
		b := f.Browser("acme." + webtest.Base)
		b.SignInAs("acme", f.AddStaffAs("acme", "Member "+tt.role, tt.role+"@acme.example", tt.role))
		rec := b.Get("/admin")
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: dashboard %d", tt.role, rec.Code)
		}
		nav := webtest.Doc(t, rec).Find("nav.admin-links")
		for _, href := range []string{settings, events} {
			card := nav.Find(`a[href="` + href + `"]`)
			switch {
			case href == tt.link && (card.Length() != 1 || card.Find("strong").Text() != tt.title):
				t.Errorf("%s: card for %s: %d, title %q", tt.role, href, card.Length(), card.Find("strong").Text())
			case href != tt.link && card.Length() != 0:
				t.Errorf("%s: the dashboard links to %s", tt.role, href)
			}
		}
	}
}

// Only those who may configure the portal are shown its branding,
// addresses, audit log and contact-detail rules: the cards and the link
// under recent activity.
func TestDashboardLinksToPortalSettingsOnlyForAdministrators(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	f.SeedPeople("acme")
	for _, role := range []string{estate.StaffRoleAdmin, estate.StaffRoleManager, estate.StaffRoleStaff, estate.StaffRoleReadOnly} {
		b := f.Browser("acme." + webtest.Base)
		b.SignInAs("acme", f.AddStaffAs("acme", "Member "+role, role+"@acme.example", role))
		d := webtest.Doc(t, b.Get("/admin"))
		want := 0
		if role == estate.StaffRoleAdmin {
			want = 1
		}
		for _, href := range []string{"/admin/settings/branding", "/admin/settings/addresses", "/admin/settings/audit", "/admin/settings/contact-details"} {
			if n := d.Find(`nav.admin-links a[href="` + href + `"]`).Length(); n != want {
				t.Errorf("%s: %d cards for %s, want %d", role, n, href, want)
			}
		}
		if n := d.Find(`#audit-heading ~ p a[href="/admin/settings/audit"]`).Length(); n != want {
			t.Errorf("%s: %d links to the whole log, want %d", role, n, want)
		}
		if d.Find("table .audit-sentence").Length() == 0 {
			t.Errorf("%s: recent activity has no sentences", role)
		}
	}
}
