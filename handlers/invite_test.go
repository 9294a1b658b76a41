package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"porch/estate"
)

// dbWrite runs fn in a write transaction on the org's database.
func (f *fixture) dbWrite(slug string, fn func(ctx context.Context, tx *sql.Tx) error) {
	f.t.Helper()
	ctx := context.Background()
	db := f.db(slug)
	if err := db.Write(ctx, func(tx *sql.Tx) error { return fn(ctx, tx) }); err != nil {
		f.t.Fatal(err)
	}
}

// auditCount counts audit entries with the action (and, when given, the
// object).
func (f *fixture) auditCount(slug, action string, object ...string) int {
	f.t.Helper()
	db := f.db(slug)
	q := `SELECT count(*) FROM audit_log WHERE action = ?`
	args := []any{action}
	if len(object) > 0 {
		q += ` AND object = ?`
		args = append(args, object[0])
	}
	var n int
	if err := db.Read().QueryRow(q, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// inviteToken makes an invitation for p directly, as a manager would, and
// returns the token of its link.
func (f *fixture) invite(slug string, p estate.Person) string {
	f.t.Helper()
	var token string
	f.dbWrite(slug, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		token, err = f.cfg.Keys.CreateInvitation(ctx, tx, f.clock.Now(), p.ID, p.Email, nil)
		return err
	})
	return token
}

// signInAs signs the browser in as p through an invitation link.
func (b *browser) signInAs(slug string, p estate.Person) {
	b.t.Helper()
	rec := b.post("/invite/"+b.f.invite(slug, p), nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
		b.t.Fatalf("accept invitation as %s: %d %v %.300s", p.FullName, rec.Code, rec.Header(), rec.Body.String())
	}
}

// signedInAs returns the greeting of the home page: "" when the browser is
// not signed in.
func (b *browser) signedInAs() string {
	b.t.Helper()
	d := doc(b.t, b.get("/"))
	if h := strings.TrimSpace(d.Find("h1").Text()); strings.HasPrefix(h, "Hello, ") {
		return strings.TrimPrefix(h, "Hello, ")
	}
	return ""
}

var inviteLinkRE = regexp.MustCompile(`http://acme\.porch\.test/invite/([A-Za-z0-9_-]+)`)

// mailedInvite returns the path of the invitation link in the newest mail to
// email.
func (f *fixture) mailedInvite(email string) string {
	f.t.Helper()
	_, text := f.lastMail("acme", email)
	m := inviteLinkRE.FindStringSubmatch(text)
	if m == nil {
		f.t.Fatalf("no invitation link in mail:\n%s", text)
	}
	return "/invite/" + m[1]
}

func TestInviteLink(t *testing.T) {
	tests := []struct {
		name string
		// before runs between making the invitation and the final POST.
		before  func(t *testing.T, f *fixture, b *browser, path string)
		status  int
		message string // in the refusal page
	}{
		{"GET twice does not consume", func(t *testing.T, f *fixture, b *browser, path string) {
			for range 2 {
				rec := b.get(path)
				d := doc(t, rec)
				if rec.Code != 200 || !strings.Contains(d.Find("h1").Text(), "Alice") {
					t.Fatalf("GET %d %.300s", rec.Code, rec.Body.String())
				}
				if action, _ := d.Find("main form").Attr("action"); action != path || d.Find("main form button").Text() != "Accept invitation" {
					t.Errorf("form action %q", action)
				}
			}
		}, http.StatusSeeOther, ""},
		{"single use", func(t *testing.T, f *fixture, b *browser, path string) {
			if rec := b.post(path, nil); rec.Code != http.StatusSeeOther {
				t.Fatalf("first POST: %d", rec.Code)
			}
		}, http.StatusConflict, "already been used"},
		{"expired after 14 days", func(t *testing.T, f *fixture, b *browser, path string) {
			f.clock.Advance(15 * 24 * time.Hour)
			if rec := b.get(path); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "expired") {
				t.Errorf("GET expired: %d", rec.Code)
			}
		}, http.StatusConflict, "This invitation has expired"},
		{"unknown token", func(t *testing.T, f *fixture, b *browser, path string) {}, http.StatusNotFound, "not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil, acme, bravo)
			ppl := f.seedPeople("acme")
			b := f.browser("acme." + base)
			path := "/invite/" + f.invite("acme", ppl.Alice)
			if tt.status == http.StatusNotFound {
				path += "x"
			}
			tt.before(t, f, b, path)
			// A fresh browser, as when the link is opened again elsewhere.
			other := f.browser("acme." + base)
			rec := other.post(path, nil)
			if rec.Code != tt.status {
				t.Fatalf("POST: %d, want %d: %.400s", rec.Code, tt.status, rec.Body.String())
			}
			if tt.status == http.StatusSeeOther {
				if who := other.signedInAs(); who != "Alice" {
					t.Errorf("after accepting, signed in as %q", who)
				}
				if n := f.auditCount("acme", "auth.invite_accepted", ppl.Alice.PublicID); n != 1 {
					t.Errorf("%d auth.invite_accepted entries", n)
				}
				return
			}
			d := doc(t, rec)
			if !strings.Contains(d.Find("main").Text(), tt.message) {
				t.Errorf("refusal lacks %q: %.400s", tt.message, d.Find("main").Text())
			}
			if d.Find(`main a[href="/sign-in"]`).Length() == 0 {
				t.Error("no link to /sign-in")
			}
			if other.signedInAs() != "" {
				t.Error("refused browser is signed in")
			}
			if f.auditCount("acme", "auth.invite_refused") == 0 {
				t.Error("refusal not audited")
			}
		})
	}
}

func TestAcceptingSignsInAndShowsHome(t *testing.T) {
	f := newFixture(t, nil, acme, bravo)
	ppl := f.seedPeople("acme")
	b := f.browser("acme." + base)
	b.signInAs("acme", ppl.Alice)
	d := doc(t, b.get("/"))
	if got := d.Find(".home-card .home-unit").Text(); got != "Flat 1" {
		t.Errorf("home shows %q", got)
	}
	// The browser became one of Alice's devices.
	var devices int
	f.dbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM devices WHERE person_id = ?`, ppl.Alice.ID).Scan(&devices)
	})
	if devices != 1 {
		t.Errorf("%d devices", devices)
	}
	// Accepting a second invitation on the same browser reuses the device.
	b.signInAs("acme", ppl.Alice)
	f.dbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM devices WHERE person_id = ?`, ppl.Alice.ID).Scan(&devices)
	})
	if devices != 1 {
		t.Errorf("%d devices after a second acceptance", devices)
	}
	if f.auditCount("acme", "auth.sign_in") != 2 {
		t.Errorf("sign-ins audited: %d", f.auditCount("acme", "auth.sign_in"))
	}
}

func TestInviteTokenNeverLogged(t *testing.T) {
	f := newFixture(t, nil, acme)
	ppl := f.seedPeople("acme")
	token := f.invite("acme", ppl.Alice)
	b := f.browser("acme." + base)
	b.get("/invite/" + token)
	b.post("/invite/"+token, nil)
	b.post("/invite/"+token, nil) // refused: used
	if strings.Contains(f.logs.String(), token) {
		t.Error("the invitation token is in the log")
	}
	if !strings.Contains(f.logs.String(), `"path":"/invite/-"`) {
		t.Errorf("request lines do not name the masked path: %.500s", f.logs.String())
	}
}

func TestManagerInvitesWithWelcomeEmail(t *testing.T) {
	f := newFixture(t, nil, acme, bravo)
	ppl := f.seedPeople("acme")
	mgr := f.browser("acme." + base)
	mgr.signInAs("acme", ppl.Manager)

	welcome := "Dear residents of Harbour View,\n\nThe portal replaces our paper newsletters."
	if rec := mgr.post("/admin/settings/welcome-email", url.Values{"subject": {"Your Harbour View portal"}, "text": {welcome}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("save welcome email: %d %.300s", rec.Code, rec.Body.String())
	}
	rec := mgr.post("/admin/people/"+ppl.Alice.PublicID+"/invite", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/people/"+ppl.Alice.PublicID+"?done=invited" {
		t.Fatalf("invite: %d %v", rec.Code, rec.Header())
	}
	subject, text := f.lastMail("acme", ppl.Alice.Email)
	if subject != "Your Harbour View portal" {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{"Hello Alice,", "Dear residents of Harbour View,", "The portal replaces our paper newsletters.",
		"http://acme.porch.test/invite/", acme.name, "expires on"} {
		if !strings.Contains(text, want) {
			t.Errorf("mail lacks %q:\n%s", want, text)
		}
	}
	if f.auditCount("acme", "auth.invited", ppl.Alice.PublicID) != 1 {
		t.Error("invitation not audited")
	}
	page := doc(t, mgr.get(rec.Header().Get("Location")))
	if !strings.Contains(page.Find("#person-access .notice").Text(), "Invitation sent to alice@example.com") {
		t.Errorf("no notice: %q", page.Find("#person-access").Text())
	}
	if !strings.Contains(page.Find("#person-access .badge").Text(), "Invited, expires") {
		t.Errorf("status %q", page.Find("#person-access .badge").Text())
	}

	// Without a welcome email of its own, the org's name opens the default.
	f.dbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE settings SET welcome_email_subject = '', welcome_email_text = ''`)
		return err
	})
	mgr.post("/admin/people/"+ppl.Bob.PublicID+"/invite", nil)
	subject, text = f.lastMail("acme", ppl.Bob.Email)
	if subject != "You're invited to the "+acme.name+" portal" || !strings.Contains(text, acme.name+" has set up an online portal") {
		t.Errorf("default invitation: %q\n%s", subject, text)
	}

	// The link in the mail works in Alice's browser.
	alice := f.browser("acme." + base)
	if rec := alice.post(f.mailedInvite(ppl.Alice.Email), nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("accept mailed link: %d", rec.Code)
	}
	if alice.signedInAs() != "Alice" {
		t.Error("not signed in by the mailed link")
	}
}

func TestResendVoidsEarlierLink(t *testing.T) {
	f := newFixture(t, nil, acme)
	ppl := f.seedPeople("acme")
	mgr := f.browser("acme." + base)
	mgr.signInAs("acme", ppl.Manager)
	invite := "/admin/people/" + ppl.Alice.PublicID + "/invite"
	mgr.post(invite, nil)
	first := f.mailedInvite(ppl.Alice.Email)
	mgr.post(invite, nil)
	second := f.mailedInvite(ppl.Alice.Email)
	if first == second || f.mailCount("acme", ppl.Alice.Email) != 2 {
		t.Fatalf("re-send did not send a new link")
	}
	var details []string
	f.dbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT detail FROM audit_log WHERE action = 'auth.invited' ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d string
			rows.Scan(&d)
			details = append(details, d)
		}
		return rows.Err()
	})
	if len(details) != 2 || details[0] != "sent to alice@example.com" || details[1] != "re-sent to alice@example.com" {
		t.Errorf("audit details %q", details)
	}
	alice := f.browser("acme." + base)
	rec := alice.post(first, nil)
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "newer invitation") {
		t.Fatalf("earlier link: %d %.300s", rec.Code, rec.Body.String())
	}
	if rec := alice.post(second, nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("newest link: %d", rec.Code)
	}
}

func TestInviteRefusals(t *testing.T) {
	f := newFixture(t, nil, acme)
	ppl := f.seedPeople("acme")
	var noEmail estate.Person
	f.dbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		noEmail, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Nell Noemail", PortalEnabled: true}, testNow)
		if err != nil {
			return err
		}
		return estate.SetPortalEnabled(ctx, tx, ppl.Bob.ID, false, testNow)
	})
	mgr := f.browser("acme." + base)
	mgr.signInAs("acme", ppl.Manager)
	tests := []struct {
		name    string
		person  estate.Person
		hdr     []string
		message string
	}{
		{"no email", noEmail, nil, "Add an email address for Nell Noemail"},
		{"access disabled", ppl.Bob, nil, "Portal access is turned off for Bob Brennan"},
		{"no email, htmx row", noEmail, []string{"HX-Request", "true", "HX-Target", "person-" + noEmail.PublicID}, "Add an email address"},
		{"access disabled, htmx panel", ppl.Bob, []string{"HX-Request", "true", "HX-Target", "person-access"}, "Portal access is turned off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := mgr.post("/admin/people/"+tt.person.PublicID+"/invite", nil, tt.hdr...)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
			}
			if !strings.Contains(rec.Body.String(), tt.message) {
				t.Errorf("lacks %q: %.500s", tt.message, rec.Body.String())
			}
			if isFragment := !strings.Contains(rec.Body.String(), "<html"); isFragment != (tt.hdr != nil) {
				t.Errorf("fragment = %v", isFragment)
			}
		})
	}
	if n := f.mailCount("acme", ppl.Bob.Email); n != 0 {
		t.Errorf("%d mails to a person without access", n)
	}
}

func TestInviteInlineRowUpdate(t *testing.T) {
	f := newFixture(t, nil, acme)
	ppl := f.seedPeople("acme")
	mgr := f.browser("acme." + base)
	mgr.signInAs("acme", ppl.Manager)
	list := doc(t, mgr.get("/admin/people"))
	row := list.Find("#person-" + ppl.Bob.PublicID)
	if hxTarget, _ := row.Find("form").Attr("hx-target"); hxTarget != "#person-"+ppl.Bob.PublicID {
		t.Fatalf("row form targets %q", hxTarget)
	}
	rec := mgr.post("/admin/people/"+ppl.Bob.PublicID+"/invite", nil, "HX-Request", "true", "HX-Target", "person-"+ppl.Bob.PublicID)
	body := rec.Body.String()
	if rec.Code != 200 || strings.Contains(body, "<html") || !strings.HasPrefix(strings.TrimSpace(body), `<tr id="person-`+ppl.Bob.PublicID+`"`) {
		t.Fatalf("row fragment: %d %.400s", rec.Code, body)
	}
	if !strings.Contains(body, "Invitation sent to bob@example.com") || !strings.Contains(body, "Re-send invitation") {
		t.Errorf("row after invite: %s", body)
	}
	if f.mailCount("acme", ppl.Bob.Email) != 1 {
		t.Error("no mail")
	}
	// The person page's panel is the other fragment an invite can refresh.
	rec = mgr.post("/admin/people/"+ppl.Bob.PublicID+"/invite", nil, "HX-Request", "true", "HX-Target", "person-access")
	if d := doc(t, rec); rec.Code != 200 || d.Find("section#person-access .notice.success").Length() != 1 || d.Find("html header").Length() != 0 {
		t.Errorf("panel fragment: %d %.300s", rec.Code, rec.Body.String())
	}
}

func TestInviteRefusedAfterAccessDisabled(t *testing.T) {
	f := newFixture(t, nil, acme)
	ppl := f.seedPeople("acme")
	mgr := f.browser("acme." + base)
	mgr.signInAs("acme", ppl.Manager)
	mgr.post("/admin/people/"+ppl.Alice.PublicID+"/invite", nil)
	link := f.mailedInvite(ppl.Alice.Email)
	if rec := mgr.post("/admin/people/"+ppl.Alice.PublicID+"/access", url.Values{"enabled": {"0"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("disable: %d", rec.Code)
	}
	alice := f.browser("acme." + base)
	for _, rec := range []*httptest.ResponseRecorder{alice.get(link), alice.post(link, nil)} {
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "access to this portal has been turned off") {
			t.Errorf("%d %.300s", rec.Code, rec.Body.String())
		}
	}
	if alice.signedInAs() != "" {
		t.Error("signed in despite disabled access")
	}
	// Turning access back on does not revive the withdrawn link.
	mgr.post("/admin/people/"+ppl.Alice.PublicID+"/access", url.Values{"enabled": {"1"}})
	if rec := alice.post(link, nil); rec.Code != http.StatusConflict {
		t.Errorf("withdrawn link after re-enabling: %d", rec.Code)
	}
	if st := doc(t, mgr.get("/admin/people/"+ppl.Alice.PublicID)).Find("#person-access .badge").Text(); st != "Not invited" {
		t.Errorf("status after the invitation was withdrawn: %q", st)
	}
	// An email changed since the invitation makes its link void.
	mgr.post("/admin/people/"+ppl.Alice.PublicID+"/invite", nil)
	link = f.mailedInvite(ppl.Alice.Email)
	f.dbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE people SET email = 'alice.new@example.com' WHERE id = ?`, ppl.Alice.ID)
		return err
	})
	if rec := alice.post(link, nil); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "no longer on your account") {
		t.Errorf("link to an old address: %d %.300s", rec.Code, rec.Body.String())
	}
}
