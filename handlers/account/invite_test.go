package account_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/internal/webtest"
)

func TestInviteLink(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// before runs between making the invitation and the final POST.
		before  func(t *testing.T, f *webtest.Fixture, b *webtest.Browser, path string)
		status  int
		message string // in the refusal page
	}{
		{"GET twice does not consume", func(t *testing.T, f *webtest.Fixture, b *webtest.Browser, path string) {
			for range 2 {
				rec := b.Get(path)
				d := webtest.Doc(t, rec)
				if rec.Code != 200 || !strings.Contains(d.Find("h1").Text(), "Alice") {
					t.Fatalf("GET %d %.300s", rec.Code, rec.Body.String())
				}
				if action, _ := d.Find("main form").Attr("action"); action != path || d.Find("main form button").Text() != "Accept invitation" {
					t.Errorf("form action %q", action)
				}
			}
		}, http.StatusSeeOther, ""},
		{"single use", func(t *testing.T, f *webtest.Fixture, b *webtest.Browser, path string) {
			if rec := b.Post(path, nil); rec.Code != http.StatusSeeOther {
				t.Fatalf("first POST: %d", rec.Code)
			}
		}, http.StatusConflict, "already been used"},
		{"expired after 14 days", func(t *testing.T, f *webtest.Fixture, b *webtest.Browser, path string) {
			f.Clock.Advance(15 * 24 * time.Hour)
			if rec := b.Get(path); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "expired") {
				t.Errorf("GET expired: %d", rec.Code)
			}
		}, http.StatusConflict, "This invitation has expired"},
		{"unknown token", func(t *testing.T, f *webtest.Fixture, b *webtest.Browser, path string) {}, http.StatusNotFound, "not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
			ppl := f.SeedPeople("acme")
			b := f.Browser("acme." + webtest.Base)
			path := "/invite/" + f.Invite("acme", ppl.Alice)
			if tt.status == http.StatusNotFound {
				path += "x"
			}
			tt.before(t, f, b, path)
			// A fresh browser, as when the link is opened again elsewhere.
			other := f.Browser("acme." + webtest.Base)
			rec := other.Post(path, nil)
			if rec.Code != tt.status {
				t.Fatalf("POST: %d, want %d: %.400s", rec.Code, tt.status, rec.Body.String())
			}
			if tt.status == http.StatusSeeOther {
				if who := other.SignedInAs(); who != "Alice" {
					t.Errorf("after accepting, signed in as %q", who)
				}
				if n := f.AuditCount("acme", "auth.invite_accepted", ppl.Alice.PublicID); n != 1 {
					t.Errorf("%d auth.invite_accepted entries", n)
				}
				return
			}
			d := webtest.Doc(t, rec)
			if !strings.Contains(d.Find("main").Text(), tt.message) {
				t.Errorf("refusal lacks %q: %.400s", tt.message, d.Find("main").Text())
			}
			if d.Find(`main a[href="/sign-in"]`).Length() == 0 {
				t.Error("no link to /sign-in")
			}
			if other.SignedInAs() != "" {
				t.Error("refused browser is signed in")
			}
			// A real invitation's refusal is audited against its person; a
			// token that matches none leaves no row (only a log line).
			if n, want := f.AuditCount("acme", "auth.invite_refused"), tt.status != http.StatusNotFound; (n > 0) != want {
				t.Errorf("%d auth.invite_refused entries, want some: %v", n, want)
			}
		})
	}
}

func TestAcceptingSignsInAndShowsHome(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	b := f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", ppl.Alice)
	d := webtest.Doc(t, b.Get("/"))
	if got := d.Find(".home-card .home-unit").Text(); got != "Flat 1" {
		t.Errorf("home shows %q", got)
	}
	// The browser became one of Alice's devices.
	var devices int
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM devices WHERE person_id = ?`, ppl.Alice.ID).Scan(&devices)
	})
	if devices != 1 {
		t.Errorf("%d devices", devices)
	}
	// Accepting a second invitation on the same browser reuses the device.
	b.SignInAs("acme", ppl.Alice)
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM devices WHERE person_id = ?`, ppl.Alice.ID).Scan(&devices)
	})
	if devices != 1 {
		t.Errorf("%d devices after a second acceptance", devices)
	}
	if f.AuditCount("acme", "auth.sign_in") != 2 {
		t.Errorf("sign-ins audited: %d", f.AuditCount("acme", "auth.sign_in"))
	}
}

func TestInviteTokenNeverLogged(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	token := f.Invite("acme", ppl.Alice)
	b := f.Browser("acme." + webtest.Base)
	b.Get("/invite/" + token)
	b.Post("/invite/"+token, nil)
	b.Post("/invite/"+token, nil) // refused: used
	if strings.Contains(f.Logs.String(), token) {
		t.Error("the invitation token is in the log")
	}
	if !strings.Contains(f.Logs.String(), `"path":"/invite/-"`) {
		t.Errorf("request lines do not name the masked path: %.500s", f.Logs.String())
	}
}

func TestManagerInvitesWithWelcomeEmail(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)

	welcome := "Dear residents of Harbour View,\n\nThe portal replaces our paper newsletters."
	if rec := mgr.Post("/admin/settings/welcome-email", url.Values{"subject": {"Your Harbour View portal"}, "text": {welcome}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("save welcome email: %d %.300s", rec.Code, rec.Body.String())
	}
	rec := mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/invite", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/people/"+ppl.Alice.PublicID+"?done=invited" {
		t.Fatalf("invite: %d %v", rec.Code, rec.Header())
	}
	subject, text := f.LastMail("acme", ppl.Alice.Email)
	if subject != "Your Harbour View portal" {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{"Hello Alice,", "Dear residents of Harbour View,", "The portal replaces our paper newsletters.",
		"http://acme.porch.test/invite/", webtest.Acme.Name, "expires on"} {
		if !strings.Contains(text, want) {
			t.Errorf("mail lacks %q:\n%s", want, text)
		}
	}
	if f.AuditCount("acme", "auth.invited", ppl.Alice.PublicID) != 1 {
		t.Error("invitation not audited")
	}
	page := webtest.Doc(t, mgr.Get(rec.Header().Get("Location")))
	if !strings.Contains(page.Find("#person-access .notice").Text(), "Invitation sent to alice@example.com") {
		t.Errorf("no notice: %q", page.Find("#person-access").Text())
	}
	if !strings.Contains(page.Find("#person-access .badge").Text(), "Invited, expires") {
		t.Errorf("status %q", page.Find("#person-access .badge").Text())
	}

	// Without a welcome email of its own, the org's name opens the default.
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE settings SET welcome_email_subject = '', welcome_email_text = ''`)
		return err
	})
	mgr.Post("/admin/people/"+ppl.Bob.PublicID+"/invite", nil)
	subject, text = f.LastMail("acme", ppl.Bob.Email)
	if subject != "You're invited to the "+webtest.Acme.Name+" portal" || !strings.Contains(text, webtest.Acme.Name+" has set up an online portal") {
		t.Errorf("default invitation: %q\n%s", subject, text)
	}

	// The link in the mail works in Alice's browser.
	alice := f.Browser("acme." + webtest.Base)
	if rec := alice.Post(f.MailedInvite(ppl.Alice.Email), nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("accept mailed link: %d", rec.Code)
	}
	if alice.SignedInAs() != "Alice" {
		t.Error("not signed in by the mailed link")
	}
}

func TestResendVoidsEarlierLink(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	invite := "/admin/people/" + ppl.Alice.PublicID + "/invite"
	mgr.Post(invite, nil)
	first := f.MailedInvite(ppl.Alice.Email)
	mgr.Post(invite, nil)
	second := f.MailedInvite(ppl.Alice.Email)
	if first == second || f.MailCount("acme", ppl.Alice.Email) != 2 {
		t.Fatalf("re-send did not send a new link")
	}
	var details []string
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
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
	alice := f.Browser("acme." + webtest.Base)
	rec := alice.Post(first, nil)
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "newer invitation") {
		t.Fatalf("earlier link: %d %.300s", rec.Code, rec.Body.String())
	}
	if rec := alice.Post(second, nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("newest link: %d", rec.Code)
	}
}

func TestInviteRefusals(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	var noEmail estate.Person
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		noEmail, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Nell Noemail", PortalEnabled: true}, webtest.Now)
		if err != nil {
			return err
		}
		return estate.SetPortalEnabled(ctx, tx, ppl.Bob.ID, false, webtest.Now)
	})
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
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
			rec := mgr.Post("/admin/people/"+tt.person.PublicID+"/invite", nil, tt.hdr...)
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
	if n := f.MailCount("acme", ppl.Bob.Email); n != 0 {
		t.Errorf("%d mails to a person without access", n)
	}
}

func TestInviteInlineRowUpdate(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	list := webtest.Doc(t, mgr.Get("/admin/people"))
	row := list.Find("#person-" + ppl.Bob.PublicID)
	if hxTarget, _ := row.Find("form").Attr("hx-target"); hxTarget != "#person-"+ppl.Bob.PublicID {
		t.Fatalf("row form targets %q", hxTarget)
	}
	rec := mgr.Post("/admin/people/"+ppl.Bob.PublicID+"/invite", nil, "HX-Request", "true", "HX-Target", "person-"+ppl.Bob.PublicID)
	body := rec.Body.String()
	if rec.Code != 200 || strings.Contains(body, "<html") || !strings.HasPrefix(strings.TrimSpace(body), `<tr id="person-`+ppl.Bob.PublicID+`"`) {
		t.Fatalf("row fragment: %d %.400s", rec.Code, body)
	}
	if !strings.Contains(body, "Invitation sent to bob@example.com") || !strings.Contains(body, "Re-send invitation") {
		t.Errorf("row after invite: %s", body)
	}
	if f.MailCount("acme", ppl.Bob.Email) != 1 {
		t.Error("no mail")
	}
	// The person page's panel is the other fragment an invite can refresh.
	rec = mgr.Post("/admin/people/"+ppl.Bob.PublicID+"/invite", nil, "HX-Request", "true", "HX-Target", "person-access")
	if d := webtest.Doc(t, rec); rec.Code != 200 || d.Find("section#person-access .notice.success").Length() != 1 || d.Find("html header").Length() != 0 {
		t.Errorf("panel fragment: %d %.300s", rec.Code, rec.Body.String())
	}
}

func TestInviteRefusedAfterAccessDisabled(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/invite", nil)
	link := f.MailedInvite(ppl.Alice.Email)
	if rec := mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/access", url.Values{"enabled": {"0"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("disable: %d", rec.Code)
	}
	alice := f.Browser("acme." + webtest.Base)
	for _, rec := range []*httptest.ResponseRecorder{alice.Get(link), alice.Post(link, nil)} {
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "access to this portal has been turned off") {
			t.Errorf("%d %.300s", rec.Code, rec.Body.String())
		}
	}
	if alice.SignedInAs() != "" {
		t.Error("signed in despite disabled access")
	}
	// Turning access back on does not revive the withdrawn link.
	mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/access", url.Values{"enabled": {"1"}})
	if rec := alice.Post(link, nil); rec.Code != http.StatusConflict {
		t.Errorf("withdrawn link after re-enabling: %d", rec.Code)
	}
	if st := webtest.Doc(t, mgr.Get("/admin/people/"+ppl.Alice.PublicID)).Find("#person-access .badge").Text(); st != "Not invited" {
		t.Errorf("status after the invitation was withdrawn: %q", st)
	}
	// An email changed since the invitation makes its link void.
	mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/invite", nil)
	link = f.MailedInvite(ppl.Alice.Email)
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE people SET email = 'alice.new@example.com' WHERE id = ?`, ppl.Alice.ID)
		return err
	})
	if rec := alice.Post(link, nil); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "no longer on your account") {
		t.Errorf("link to an old address: %d %.300s", rec.Code, rec.Body.String())
	}
}
