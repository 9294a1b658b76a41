package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/internal/webtest"
)

// A session that is not fresh cannot hand the account to a new address:
// whoever holds it (a borrowed phone, a copied cookie) gets no code to the
// address they type, only a code to the person's current address. Once
// the change is made, every other session and device is signed out.
func TestEmailChangeNeedsTheCurrentAddressAndSignsOutOthers(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	const attacker, newEmail = "taker@evil.example", "alice.new@example.org"
	desk, phone := f.Browser(acmeHost), f.Browser(acmeHost)
	desk.SignIn("acme", ppl.Alice.Email)
	phone.SignIn("acme", ppl.Alice.Email)
	f.Clock.Set(f.Clock.Now().Add(30 * time.Minute))

	// The profile says what will happen.
	hint := webtest.Doc(t, phone.Get("/profile")).Find("#new-email-hint").Text()
	if !strings.Contains(hint, "First we will email a code to "+ppl.Alice.Email) {
		t.Errorf("hint: %q", hint)
	}

	// Someone with the phone's session asks for their own address: the
	// code goes to Alice, none to them, and nothing changes.
	rec := phone.Post("/profile/email", url.Values{"email": {attacker}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/profile/email/verify?email="+url.QueryEscape(attacker) {
		t.Fatalf("change: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if n := f.MailCount("acme", attacker); n != 0 {
		t.Fatalf("%d mails to the address typed by a stale session", n)
	}
	subject, text := f.LastMail("acme", ppl.Alice.Email)
	if !strings.Contains(subject, "confirm a change to your sign-in email") || !strings.Contains(text, attacker) {
		t.Errorf("mail to the current address: %q\n%s", subject, text)
	}
	reauth := webtest.CodeIn(t, text)
	// The code for the current address does not confirm a new address.
	if rec := phone.Post("/profile/email/confirm", url.Values{"code": {reauth}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("a confirm-it-is-you code confirmed a new address: %d", rec.Code)
	}

	// Alice, at her desk, changes it properly: code to the current
	// address, then code to the new one.
	rec = desk.Post("/profile/email", url.Values{"email": {newEmail}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/profile/email/verify?") {
		t.Fatalf("change: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	d := webtest.Doc(t, desk.Get(rec.Header().Get("Location")))
	if lead := d.Find(".lead").Text(); !strings.Contains(lead, ppl.Alice.Email) {
		t.Errorf("verify page: %q", lead)
	}
	if v, _ := d.Find(`input[name="email"]`).Attr("value"); v != newEmail {
		t.Errorf("the new address is not carried: %q", v)
	}
	_, text = f.LastMail("acme", ppl.Alice.Email)
	code := webtest.CodeIn(t, text)
	rec = desk.Post("/profile/email/verify", url.Values{"email": {newEmail}, "code": {wrongCodeFor(code)}}, "HX-Request", "true")
	if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "code") != "That code is not right. You have 4 tries left." {
		t.Fatalf("wrong code: %d %q", rec.Code, errorText(t, rec, "code"))
	}
	if n := f.MailCount("acme", newEmail); n != 0 {
		t.Fatalf("the new address got mail before the current one answered")
	}
	rec = desk.Post("/profile/email/verify", url.Values{"email": {newEmail}, "code": {code}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/profile/email/confirm" {
		t.Fatalf("verify: %d %q %s", rec.Code, rec.Header().Get("Location"), errorText(t, rec, "code"))
	}
	_, text = f.LastMail("acme", newEmail)
	rec = desk.Post("/profile/email/confirm", url.Values{"code": {webtest.CodeIn(t, text)}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/profile?done=email_changed#profile-email" {
		t.Fatalf("confirm: %d %q %s", rec.Code, rec.Header().Get("Location"), errorText(t, rec, "code"))
	}

	// The desk stays signed in; the phone is out and its device revoked.
	if who := desk.SignedInAs(); who != "Alice" {
		t.Errorf("desk signed in as %q", who)
	}
	if who := phone.SignedInAs(); who != "" {
		t.Errorf("the other browser is still signed in as %q", who)
	}
	if _, text := f.LastMail("acme", ppl.Alice.Email); !strings.Contains(text, "1 other device was signed out") {
		t.Errorf("the old address is not told about the sign-out:\n%s", text)
	}
	var revoked int
	if err := f.DB("acme").ReadPool().QueryRow(`SELECT count(*) FROM devices WHERE person_id = ? AND revoked_at IS NOT NULL`, ppl.Alice.ID).Scan(&revoked); err != nil || revoked != 1 {
		t.Errorf("%d devices revoked, %v", revoked, err)
	}
	a := f.AuditActions("acme")
	if a["auth.reauth_requested"] != 2 || a["auth.email_changed"] != 1 {
		t.Errorf("audit %v", a)
	}
}

// The code sent to the current address is bound to the browser that asked,
// like every code: another browser of the same person cannot use it.
func TestConfirmItIsYouCodeWorksOnlyInItsBrowser(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	a, b := f.Browser(acmeHost), f.Browser(acmeHost)
	a.SignIn("acme", ppl.Alice.Email)
	b.SignIn("acme", ppl.Alice.Email)
	f.Clock.Set(f.Clock.Now().Add(time.Hour))
	a.Post("/profile/email", url.Values{"email": {"alice.new@example.org"}})
	_, text := f.LastMail("acme", ppl.Alice.Email)
	rec := b.Post("/profile/email/verify", url.Values{"email": {"alice.new@example.org"}, "code": {webtest.CodeIn(t, text)}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("another browser used the code: %d", rec.Code)
	}
	if d := webtest.Doc(t, b.Get("/profile/email/verify?email=alice.new%40example.org")); !strings.Contains(d.Find("h1").Text(), "No change of email waiting") {
		t.Errorf("verify page in another browser: %q", d.Find("h1").Text())
	}
}
