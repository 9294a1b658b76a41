package staff_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/smtptest"
	"porch/internal/webtest"
	"porch/mail"
)

func TestWelcomeEmailPlaceholders(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	const path = "/admin/settings/welcome-email"

	d := webtest.Doc(t, mgr.Get(path))
	for _, tag := range []string{"{{first_name}}", "{{org_name}}", "{{portal_link}}"} {
		if !strings.Contains(d.Find(".placeholders dl").Text(), tag) {
			t.Errorf("the editor does not list %s", tag)
		}
	}
	rec := mgr.Post(path, url.Values{"subject": {"Hello {{first_name}}"}, "text": {"Dear {{surname}}."}})
	if msg := webtest.FieldErrorByID(webtest.Doc(t, rec).Selection, "welcome-text"); rec.Code != 422 || !strings.Contains(msg, "{{surname}}") {
		t.Fatalf("unknown placeholder: %d %q", rec.Code, msg)
	}

	// Saved with placeholders, an invitation fills them as text.
	form := url.Values{"subject": {"{{first_name}}, welcome to {{org_name}}"},
		"text": {"Hello {{first_name}} <friend>: your portal is at {{portal_link}}."}}
	if rec := mgr.Post(path, form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", rec.Code)
	}
	if rec := mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/invite", nil); rec.Code >= 400 {
		t.Fatalf("invite: %d", rec.Code)
	}
	subject, text := f.LastMail("acme", ppl.Alice.Email)
	if subject != "Alice, welcome to "+webtest.Acme.Name {
		t.Errorf("subject %q", subject)
	}
	if !strings.Contains(text, "Hello Alice <friend>: your portal is at http") || strings.Contains(text, "{{") {
		t.Errorf("text: %s", text)
	}
	var html string
	if err := f.DB("acme").ReadPool().QueryRow(`SELECT html_body FROM mail_outbox WHERE to_addr = ? ORDER BY id DESC LIMIT 1`, ppl.Alice.Email).Scan(&html); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, "Hello Alice &lt;friend&gt;") {
		t.Errorf("html part not escaped: %.600s", html)
	}
	// The logo comes from the organisation's own address, not the request's.
	st, _ := estate.GetSettings(t.Context(), f.DB("acme").Read())
	_, portal, _ := strings.Cut(text, "your portal is at ")
	portal, _, _ = strings.Cut(portal, ".\n")
	if want := `<img src="` + portal + `/branding/logo?v=` + st.LogoHash + `"`; !st.HasLogo() || !strings.HasPrefix(portal, "http://acme.") ||
		!strings.Contains(html, want) {
		t.Errorf("html part lacks %s", want)
	}
}

func TestWelcomeEmailSendMeATest(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	invites := func() int {
		var n int
		if err := f.DB("acme").ReadPool().QueryRow(`SELECT count(*) FROM invitations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := invites()

	form := url.Values{"subject": {"Try me, {{first_name}}"}, "text": {"Typed, not saved, for {{org_name}}."}}
	rec := mgr.Post("/admin/settings/welcome-email/test", form, "HX-Request", "true", "HX-Target", "welcome-editor")
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || !strings.Contains(d.Find(".notice.success").Text(), "on its way to "+ppl.Manager.Email) {
		t.Fatalf("test send: %d %q", rec.Code, d.Find(".notice").Text())
	}
	if v, _ := d.Find("#welcome-subject").Attr("value"); v != "Try me, {{first_name}}" {
		t.Errorf("the typed subject was lost: %q", v)
	}
	if f.AuditCount("acme", "settings.welcome_email") != 0 || invites() != before {
		t.Error("a test email saved the text or made an invitation")
	}
	rec = mgr.Post("/admin/settings/welcome-email/test", url.Values{"subject": {"Hi {{nope}}"}, "text": {"x"}})
	if rec.Code != 422 || f.MailCount("acme", ppl.Manager.Email) != 1 {
		t.Errorf("an invalid test: %d, %d mails", rec.Code, f.MailCount("acme", ppl.Manager.Email))
	}

	be := &smtptest.Backend{}
	tr, err := mail.NewSMTPTransport(smtptest.Start(t, be))
	if err != nil {
		t.Fatal(err)
	}
	sender := mail.NewSender(f.Tenants, tr, mail.SenderConfig{From: "no-reply@" + webtest.Base, Now: f.Clock.Now, Logger: f.Cfg.Logger})
	if err := sender.DeliverDue(context.Background(), "acme"); err != nil {
		t.Fatal(err)
	}
	for _, r := range be.Messages() {
		if len(r.To) != 1 || r.To[0] != ppl.Manager.Email {
			continue
		}
		m, err := mail.ParseMessage(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatal(err)
		}
		first := strings.Fields(ppl.Manager.FullName)[0]
		if m.Subject != "Try me, "+first || !strings.Contains(m.Text, "Typed, not saved, for "+webtest.Acme.Name+".") ||
			!strings.Contains(m.Text, "/invite/example") || !strings.Contains(m.HTML, "Typed, not saved") {
			t.Errorf("got %q:\n%s", m.Subject, m.Text)
		}
		// The sample link grants nothing.
		anon := f.Browser("acme." + webtest.Base)
		if res := anon.Get("/invite/example"); anon.IsSignedIn() || res.Code == http.StatusSeeOther {
			t.Errorf("the sample link signed someone in: %d", res.Code)
		}
		return
	}
	t.Errorf("nothing reached %s: %d messages", ppl.Manager.Email, len(be.Messages()))
}
