package staff_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
)

func TestAdminIsForStaffOnly(t *testing.T) {
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
	d.Find(".stats li").Each(func(_ int, s *goquery.Selection) { stats = append(stats, strings.Join(strings.Fields(s.Text()), " ")) })
	if strings.Join(stats, "|") != "1 site|2 homes|3 people" {
		t.Errorf("stats %q", stats)
	}
	for _, href := range []string{"/admin/people", "/admin/settings/welcome-email"} {
		if d.Find(`main a[href="`+href+`"]`).Length() == 0 {
			t.Errorf("no link to %s", href)
		}
	}
	if got := d.Find("table tbody tr").First().Find("code").First().Text(); got != "auth.invite_accepted" {
		t.Errorf("newest audit entry %q", got)
	}
	if d.Find(`nav.site-nav a[href="/admin"][aria-current="page"]`).Length() != 1 {
		t.Error("Admin is not the current nav link")
	}
}

func TestPeopleListAndSearch(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/invite", nil)

	names := func(d *goquery.Document) []string {
		var out []string
		d.Find("#people-rows tr th a").Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
		return out
	}
	tests := []struct {
		q    string
		htmx bool
		want string
	}{
		{"", false, "Alice Adeyemi|Bob Brennan|Morgan Manager"},
		{"ALICE", false, "Alice Adeyemi"},
		{"example.com", false, "Alice Adeyemi|Bob Brennan"},
		{"bren", true, "Bob Brennan"},
		{"nobody", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			var hdr []string
			if tt.htmx {
				hdr = []string{"HX-Request", "true", "HX-Target", "people-rows"}
			}
			rec := mgr.Get("/admin/people?q="+url.QueryEscape(tt.q), hdr...)
			body := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			if tt.htmx && !strings.HasPrefix(strings.TrimSpace(body), `<tbody id="people-rows">`) {
				t.Errorf("htmx answer is not the table body: %.200s", body)
			}
			if !tt.htmx && !strings.Contains(body, "<html") {
				t.Error("plain request got a fragment")
			}
			d, _ := goquery.NewDocumentFromReader(strings.NewReader("<table>" + body + "</table>"))
			if !tt.htmx {
				d = webtest.Doc(t, rec)
			}
			if got := strings.Join(names(d), "|"); got != tt.want {
				t.Errorf("rows %q, want %q", got, tt.want)
			}
			if tt.want == "" && !strings.Contains(d.Find("td.empty").Text(), "nobody") {
				t.Error("no empty-result message")
			}
		})
	}

	status := func() map[string]string {
		out := map[string]string{}
		d := webtest.Doc(t, mgr.Get("/admin/people"))
		d.Find("#people-rows tr").Each(func(_ int, s *goquery.Selection) {
			out[s.Find("th a").Text()] = s.Find(".badge").Last().Text()
		})
		return out
	}
	got := status()
	want := map[string]string{"Morgan Manager": "Active", "Bob Brennan": "Not invited"}
	for name, st := range want {
		if got[name] != st {
			t.Errorf("%s: %q, want %q", name, got[name], st)
		}
	}
	if !strings.HasPrefix(got["Alice Adeyemi"], "Invited, expires ") {
		t.Errorf("Alice: %q", got["Alice Adeyemi"])
	}
	f.Clock.Advance(15 * 24 * time.Hour)
	mgr.SignInAs("acme", ppl.Manager) // the session has ended meanwhile
	mgr.Post("/admin/people/"+ppl.Bob.PublicID+"/access", url.Values{"enabled": {"0"}})
	got = status()
	if got["Alice Adeyemi"] != "Invitation expired" || got["Bob Brennan"] != "Access disabled" {
		t.Errorf("after expiry and disabling: %q", got)
	}
	d := webtest.Doc(t, mgr.Get("/admin/people"))
	if d.Find("#person-"+ppl.Bob.PublicID+" form").Length() != 0 {
		t.Error("invite button for a person without access")
	}
	if !strings.Contains(d.Find("#person-"+ppl.Alice.PublicID).Text(), "Flat 1, Harbour View (leaseholder)") {
		t.Errorf("Alice's homes: %q", d.Find("#person-"+ppl.Alice.PublicID).Text())
	}
	if !strings.Contains(d.Find("#person-"+ppl.Manager.PublicID).Text(), "Staff: admin") {
		t.Error("staff role not shown")
	}
}

func TestPersonPage(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	alice := f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", ppl.Alice)

	if rec := mgr.Get("/admin/people/nosuchperson1234"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown person: %d", rec.Code)
	}
	rec := mgr.Get("/admin/people/" + ppl.Alice.PublicID)
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || d.Find("h1").Text() != "Alice Adeyemi" {
		t.Fatalf("%d %q", rec.Code, d.Find("h1").Text())
	}
	details := detailsOf(d.Selection)
	want := map[string]string{"Email": "alice@example.com", "Staff role": "Not staff", "Status": "Active",
		"Signed-in devices": "1", "Invitation": "Sent 15 Mar 2026, 10:00; accepted"}
	for k, v := range want {
		if details[k] != v {
			t.Errorf("%s: %q, want %q", k, details[k], v)
		}
	}
	if got := strings.Join(cellsOf(d.Find("main table tbody tr").First()), "|"); got != "Flat 1|Harbour View|leaseholder|14 March 2024" {
		t.Errorf("homes row %q", got)
	}
	var buttons []string
	d.Find("#person-access button").Each(func(_ int, s *goquery.Selection) { buttons = append(buttons, s.Text()) })
	if strings.Join(buttons, "|") != "Re-send invitation|Sign out of all devices|Disable portal access" {
		t.Errorf("actions %q", buttons)
	}
	// Their own page offers a manager no way to lock themselves out.
	d = webtest.Doc(t, mgr.Get("/admin/people/"+ppl.Manager.PublicID))
	if strings.Contains(d.Find("#person-access").Text(), "Disable portal access") || !strings.Contains(d.Find("#person-access").Text(), "This is you") {
		t.Errorf("own page: %q", d.Find("#person-access").Text())
	}
}

func TestManagerSignsResidentOutEverywhere(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	phone, laptop := f.Browser("acme."+webtest.Base), f.Browser("acme."+webtest.Base)
	phone.SignInAs("acme", ppl.Alice)
	laptop.SignInAs("acme", ppl.Alice)

	rec := mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/revoke", nil, "HX-Request", "true", "HX-Target", "person-access")
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || !strings.Contains(d.Find(".notice.success").Text(), "signed out of all devices") {
		t.Fatalf("revoke: %d %.300s", rec.Code, rec.Body.String())
	}
	if detailsOf(d.Selection)["Signed-in devices"] != "0" {
		t.Error("panel still counts devices")
	}
	for name, b := range map[string]*webtest.Browser{"phone": phone, "laptop": laptop} {
		if who := b.SignedInAs(); who != "" {
			t.Errorf("%s still signed in as %s", name, who)
		}
	}
	if mgr.SignedInAs() != "Morgan" {
		t.Error("the manager was signed out too")
	}
	var detail string
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT detail FROM audit_log WHERE action = 'auth.devices_revoked_by_manager' AND object = ? AND person_id = ?`,
			ppl.Alice.PublicID, ppl.Manager.ID).Scan(&detail)
	})
	if detail != "2 devices" {
		t.Errorf("audit detail %q", detail)
	}
}

func TestDisablingAccess(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	alice := f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", ppl.Alice)
	flat := "/units/" + ppl.FlatA.PublicID
	if rec := alice.Get(flat); rec.Code != 200 {
		t.Fatalf("unit page before: %d", rec.Code)
	}

	rec := mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/access", url.Values{"enabled": {"0"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/people/"+ppl.Alice.PublicID+"?done=disabled" {
		t.Fatalf("disable: %d %v", rec.Code, rec.Header())
	}
	if rec := alice.Get(flat); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
		t.Errorf("unit page after disabling: %d", rec.Code)
	}
	if alice.SignedInAs() != "" {
		t.Error("still signed in")
	}
	d := webtest.Doc(t, mgr.Get("/admin/people/"+ppl.Alice.PublicID+"?done=disabled"))
	if !strings.Contains(d.Find(".notice.success").Text(), "Portal access turned off") || d.Find("#person-access .badge").Text() != "Access disabled" {
		t.Errorf("person page: %q", d.Find("#person-access").Text())
	}
	if f.AuditCount("acme", "auth.access_disabled", ppl.Alice.PublicID) != 1 {
		t.Error("not audited")
	}

	// Turned back on, she signs in again (here through a new invitation).
	rec = mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/access", url.Values{"enabled": {"1"}}, "HX-Request", "true", "HX-Target", "person-access")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Portal access turned on") {
		t.Fatalf("enable: %d %.300s", rec.Code, rec.Body.String())
	}
	if f.AuditCount("acme", "auth.access_enabled", ppl.Alice.PublicID) != 1 {
		t.Error("enabling not audited")
	}
	alice.SignInAs("acme", ppl.Alice)

	tests := []struct {
		name, path, enabled, message string
		status                       int
	}{
		{"own access", ppl.Manager.PublicID, "0", "You cannot turn off your own portal access", http.StatusUnprocessableEntity},
		{"neither on nor off", ppl.Alice.PublicID, "maybe", "Choose whether", http.StatusUnprocessableEntity},
		{"unknown person", "nosuchperson1234", "0", "", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := mgr.Post("/admin/people/"+tt.path+"/access", url.Values{"enabled": {tt.enabled}})
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.message) {
				t.Errorf("%d %.400s", rec.Code, rec.Body.String())
			}
		})
	}
	if mgr.SignedInAs() != "Morgan" {
		t.Error("manager lost access")
	}
}

func TestOnlyAdminsChangeStaffAccess(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	clerk := f.AddStaff("acme", "Cal Clerk", "cal@acme.example")
	b := f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", clerk)
	rec := b.Post("/admin/people/"+ppl.Manager.PublicID+"/access", url.Values{"enabled": {"0"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Only an administrator") {
		t.Errorf("staff disabling an admin: %d", rec.Code)
	}
	if rec := b.Post("/admin/people/"+ppl.Alice.PublicID+"/revoke", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("staff signing a resident out: %d", rec.Code)
	}
}

func TestWelcomeEmailEditor(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	const path = "/admin/settings/welcome-email"

	rec := mgr.Get(path)
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || !d.Find("main").HasClass("wide") {
		t.Fatalf("editor: %d", rec.Code)
	}
	if v, _ := d.Find("#welcome-subject").Attr("value"); v != "You're invited to the "+webtest.Acme.Name+" portal" {
		t.Errorf("default subject %q", v)
	}
	if !strings.Contains(d.Find("#welcome-text").Text(), webtest.Acme.Name+" has set up") {
		t.Errorf("default text %q", d.Find("#welcome-text").Text())
	}
	srcdoc, _ := d.Find("iframe.email-frame").Attr("srcdoc")
	if _, ok := d.Find("iframe.email-frame").Attr("sandbox"); !ok || !strings.Contains(srcdoc, "Hello Sam,") {
		t.Errorf("preview frame: %.300s", srcdoc)
	}
	if !strings.Contains(d.Find("#welcome-preview pre").Text(), "Hello Sam,") {
		t.Error("no plain-text preview")
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "style-src-attr 'unsafe-hashes' 'sha256-") {
		t.Errorf("CSP does not allow the email's styles: %s", csp)
	}

	long := strings.Repeat("é", estate.MaxWelcomeText+1)
	invalid := []struct {
		name          string
		form          url.Values
		htmx          bool
		field, errMsg string
	}{
		{"empty subject", url.Values{"subject": {"  "}, "text": {"Hello"}}, false, "subject", "Enter a subject"},
		{"long subject", url.Values{"subject": {strings.Repeat("s", 151)}, "text": {"Hello"}}, true, "subject", "150 characters or fewer"},
		{"empty text", url.Values{"subject": {"Hi"}, "text": {""}}, true, "text", "Enter the welcome text"},
		{"long text", url.Values{"subject": {"Hi"}, "text": {long}}, false, "text", "4,000 characters or fewer"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.htmx {
				hdr = []string{"HX-Request", "true", "HX-Target", "welcome-editor"}
			}
			rec := mgr.Post(path, tt.form, hdr...)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", rec.Code)
			}
			d := webtest.Doc(t, rec)
			if tt.htmx != (d.Find("header.site-header").Length() == 0) {
				t.Errorf("htmx=%v but fragment=%v", tt.htmx, d.Find("header.site-header").Length() == 0)
			}
			input := d.Find("#welcome-" + tt.field)
			errID := "welcome-" + tt.field + "-error"
			if inv, _ := input.Attr("aria-invalid"); inv != "true" {
				t.Error("field not marked invalid")
			}
			if desc, _ := input.Attr("aria-describedby"); !strings.Contains(desc, errID) {
				t.Errorf("aria-describedby %q", desc)
			}
			if msg := d.Find("#" + errID).Text(); !strings.Contains(msg, tt.errMsg) || !d.Find("#"+errID).HasClass("error-text") {
				t.Errorf("message %q", msg)
			}
			if d.Find("div.field > #"+errID).Length() != 1 {
				t.Error("message is not inside the field")
			}
		})
	}
	if f.AuditCount("acme", "settings.welcome_email") != 0 {
		t.Fatal("invalid input saved")
	}

	// Preview renders the typed text without saving it, escaped.
	form := url.Values{"subject": {"Welcome to Harbour View"}, "text": {"First <b>line</b>.\n\nSecond paragraph."}}
	rec = mgr.Post(path+"/preview", form, "HX-Request", "true", "HX-Target", "welcome-preview")
	d = webtest.Doc(t, rec)
	srcdoc, _ = d.Find("#welcome-preview iframe").Attr("srcdoc")
	if rec.Code != 200 || d.Find("header.site-header").Length() != 0 || !strings.Contains(srcdoc, "First &lt;b&gt;line&lt;/b&gt;.") ||
		!strings.Contains(srcdoc, "Second paragraph.") {
		t.Errorf("preview fragment: %d %.500s", rec.Code, srcdoc)
	}
	if d.Find("#welcome-preview dd").First().Text() != "Welcome to Harbour View" || !strings.Contains(d.Find("pre").Text(), "First <b>line</b>.") {
		t.Errorf("preview subject/text: %q", d.Find("#welcome-preview").Text())
	}
	// Without JavaScript the preview button shows the whole editor.
	if rec := mgr.Post(path+"/preview", form); rec.Code != 200 || !strings.Contains(rec.Body.String(), "<html") {
		t.Errorf("plain preview: %d", rec.Code)
	}
	if f.AuditCount("acme", "settings.welcome_email") != 0 {
		t.Error("preview saved")
	}

	// Saving, plain and with htmx.
	rec = mgr.Post(path, form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?saved=1" {
		t.Fatalf("save: %d %v", rec.Code, rec.Header())
	}
	d = webtest.Doc(t, mgr.Get(path+"?saved=1"))
	if v, _ := d.Find("#welcome-subject").Attr("value"); v != "Welcome to Harbour View" || !strings.Contains(d.Find(".notice.success").Text(), "saved") {
		t.Errorf("after saving: %q %q", v, d.Find(".notice").Text())
	}
	if d.Find(".notice").Text() == "This is the default text." {
		t.Error("still called the default")
	}
	form.Set("subject", "  Second version  ")
	rec = mgr.Post(path, form, "HX-Request", "true", "HX-Target", "welcome-editor")
	d = webtest.Doc(t, rec)
	if v, _ := d.Find("#welcome-subject").Attr("value"); rec.Code != 200 || v != "Second version" || d.Find(".notice.success").Length() != 1 {
		t.Errorf("htmx save: %d %q", rec.Code, v)
	}
	if f.AuditCount("acme", "settings.welcome_email") != 2 {
		t.Error("saves not audited")
	}
}

// detailsOf reads the dt/dd pairs of the description lists in sel, with
// white space collapsed.
func detailsOf(sel *goquery.Selection) map[string]string {
	out := map[string]string{}
	sel.Find("dl dt").Each(func(_ int, dt *goquery.Selection) {
		out[squash(dt.Text())] = squash(dt.NextFiltered("dd").Text())
	})
	return out
}

// cellsOf returns the text of each cell of a table row.
func cellsOf(tr *goquery.Selection) []string {
	var out []string
	tr.Children().Each(func(_ int, c *goquery.Selection) { out = append(out, squash(c.Text())) })
	return out
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestCodeSignInSessionsFollowManagerActions(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignIn("acme", ppl.Manager.Email)
	if rec := mgr.Get("/admin"); rec.Code != 200 {
		t.Fatalf("manager signed in by code: /admin %d", rec.Code)
	}
	alice := f.Browser("acme." + webtest.Base)
	alice.SignIn("acme", ppl.Alice.Email)
	if got := webtest.HomeCards(webtest.Doc(t, alice.Get("/"))); len(got) != 1 || !strings.Contains(got[0], "Flat 1") {
		t.Fatalf("resident home after code sign-in: %q", got)
	}
	if rec := alice.Get("/admin/people"); rec.Code != http.StatusForbidden {
		t.Errorf("resident signed in by code reached /admin/people: %d", rec.Code)
	}
	if d := detailsOf(webtest.Doc(t, mgr.Get("/admin/people/"+ppl.Alice.PublicID)).Selection); d["Status"] != "Active" || d["Signed-in devices"] != "1" {
		t.Errorf("person page after code sign-in: %q", d)
	}
	mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/access", url.Values{"enabled": {"0"}})
	if alice.SignedInAs() != "" {
		t.Error("code-signed-in session survived disabling access")
	}
}
