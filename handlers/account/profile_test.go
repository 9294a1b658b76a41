package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
)

const androidUA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"

// deviceIDs returns the public ids of the devices listed on the profile,
// and which one is marked as this device.
func deviceIDs(t *testing.T, b *webtest.Browser) (ids []string, current string) {
	t.Helper()
	rec := b.Get("/profile")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /profile: %d", rec.Code)
	}
	webtest.Doc(t, rec).Find(".device").Each(func(_ int, li *goquery.Selection) {
		action, _ := li.Find("form").Attr("action")
		id := strings.TrimSuffix(strings.TrimPrefix(action, "/profile/devices/"), "/sign-out")
		ids = append(ids, id)
		if strings.Contains(li.Find(".device-name").Text(), "This device") {
			current = id
		}
	})
	return ids, current
}

func TestProfileShowsPersonAndDevices(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	phone := f.Browser(acmeHost)
	phone.SignIn("acme", ppl.Alice.Email)
	f.Clock.Advance(2 * time.Hour)
	android := f.Browser(acmeHost)
	android.UA = androidUA
	android.SignIn("acme", ppl.Alice.Email)

	rec := phone.Get("/profile")
	d := webtest.Doc(t, rec)
	name, _ := d.Find("#details-name").Attr("value")
	if email := d.Find("dl.details .auth-email").Text(); name != ppl.Alice.FullName || email != ppl.Alice.Email {
		t.Errorf("details %q, %q", name, email)
	}
	var names []string
	d.Find(".device-name").Each(func(_ int, s *goquery.Selection) {
		names = append(names, strings.Join(strings.Fields(s.Text()), " "))
	})
	if strings.Join(names, "|") != "Safari on iPhone This device|Chrome on Android" {
		t.Errorf("devices %q", names)
	}
	if d.Find(".device time").Length() != 4 {
		t.Errorf("first and last seen missing: %s", d.Find(".device-list").Text())
	}
	// Each sign-out button names its device for screen readers.
	if got := d.Find(".device button").Last().Text(); !strings.Contains(got, "Chrome on Android, last used") {
		t.Errorf("button text %q", got)
	}
	// Every input on the page has a label: its own, or around it.
	d.Find("input:not([type=hidden])").Each(func(_ int, in *goquery.Selection) {
		id, _ := in.Attr("id")
		if in.ParentsFiltered("label").Length() == 0 && (id == "" || d.Find(`label[for="`+id+`"]`).Length() != 1) {
			t.Errorf("input %q has no label", id)
		}
	})
}

func TestDeviceRevokeEndsThatSession(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	a, b := f.Browser(acmeHost), f.Browser(acmeHost)
	b.UA = androidUA
	a.SignIn("acme", ppl.Alice.Email)
	b.SignIn("acme", ppl.Alice.Email)
	_, bDevice := deviceIDs(t, b)
	ids, aDevice := deviceIDs(t, a)
	if len(ids) != 2 || bDevice == "" || aDevice == "" || aDevice == bDevice {
		t.Fatalf("devices %v, a %q, b %q", ids, aDevice, bDevice)
	}

	// Another person cannot sign Alice's device out.
	bob := f.Browser(acmeHost)
	bob.SignIn("acme", ppl.Bob.Email)
	if rec := bob.Post("/profile/devices/"+bDevice+"/sign-out", nil); rec.Code != http.StatusNotFound {
		t.Fatalf("bob revoking alice's device: %d", rec.Code)
	}
	if !b.IsSignedIn() {
		t.Fatal("bob's attempt signed b out")
	}

	// A signs B out, with htmx: the device list comes back without it.
	rec := a.Post("/profile/devices/"+bDevice+"/sign-out", nil, "HX-Request", "true", "HX-Target", "profile-devices")
	if rec.Code != http.StatusOK {
		t.Fatalf("revoke: %d %.300s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	if d.Find("section#profile-devices").Length() != 1 || d.Find(".device").Length() != 1 || strings.Contains(rec.Body.String(), "<main") {
		t.Errorf("fragment: %.500s", rec.Body.String())
	}
	if !strings.Contains(d.Find(".notice").Text(), "signed out") {
		t.Errorf("no notice: %s", d.Text())
	}
	rec = b.Get("/profile")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
		t.Fatalf("revoked browser: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	// Its device is gone too: it is offered no password and needs a code.
	if rec := a.Post("/profile/devices/"+bDevice+"/sign-out", nil); rec.Code != http.StatusNotFound {
		t.Errorf("second revoke: %d", rec.Code)
	}
	if n := f.AuditActions("acme")["auth.device_revoked"]; n != 1 {
		t.Errorf("%d auth.device_revoked entries", n)
	}

	// Signing out this browser's own device signs it out.
	rec = a.Post("/profile/devices/"+aDevice+"/sign-out", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/sign-in?signed_out=1" {
		t.Fatalf("own device: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if a.IsSignedIn() || a.Cookie("porch-device") != nil {
		t.Fatal("own device revoke left the browser signed in")
	}
}

func TestPasswordSettings(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser(acmeHost)
	b.SignIn("acme", ppl.Alice.Email)

	tests := []struct {
		name, pw, confirm, field, msg string
	}{
		{"too short", "short", "short", "new-password", "Use at least 10 characters."},
		{"the email", ppl.Alice.Email, ppl.Alice.Email, "new-password", "Do not use your email address as your password."},
		{"mismatch", "long enough words", "long enough word", "confirm-password", "The passwords do not match. Type the same password in both boxes."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := b.Post("/profile/password", url.Values{"password": {tt.pw}, "confirm": {tt.confirm}}, "HX-Request", "true")
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", rec.Code)
			}
			if !strings.HasPrefix(strings.TrimSpace(rec.Body.String()), `<section class="card" id="profile-password"`) {
				t.Errorf("not the password fragment: %.200s", rec.Body.String())
			}
			if got := errorText(t, rec, tt.field); got != tt.msg {
				t.Errorf("message %q", got)
			}
			in := webtest.Doc(t, rec).Find("input#" + tt.field)
			if inv, _ := in.Attr("aria-invalid"); inv != "true" {
				t.Error("input not marked invalid")
			}
			if strings.Contains(rec.Body.String(), tt.pw) && tt.pw != ppl.Alice.Email {
				t.Error("password echoed back")
			}
		})
	}
	if f.AuditActions("acme")["auth.password_set"] != 0 {
		t.Fatal("an invalid password was saved")
	}

	rec := b.Post("/profile/password", url.Values{"password": {"long enough words"}, "confirm": {"long enough words"}}, "HX-Request", "true")
	if rec.Code != http.StatusOK {
		t.Fatalf("set: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	if !strings.Contains(d.Find(".notice").Text(), "saved") || d.Find(`form[action="/profile/password/remove"]`).Length() != 1 {
		t.Errorf("after set: %s", d.Text())
	}
	if ac, _ := d.Find("input#new-password").Attr("autocomplete"); ac != "new-password" {
		t.Errorf("autocomplete %q", ac)
	}
	rec = b.Post("/profile/password/remove", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/profile?done=password_removed#profile-password" {
		t.Fatalf("remove: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	d = webtest.Doc(t, b.Get("/profile?done=password_removed"))
	if !strings.Contains(d.Find("#profile-password .notice").Text(), "removed") || d.Find(`form[action="/profile/password/remove"]`).Length() != 0 {
		t.Errorf("after remove: %s", d.Find("#profile-password").Text())
	}
	a := f.AuditActions("acme")
	if a["auth.password_set"] != 1 || a["auth.password_removed"] != 1 {
		t.Errorf("audit %v", a)
	}
	if strings.Contains(f.Logs.String(), "long enough words") {
		t.Error("password logged")
	}
}

func TestEmailChangeNeedsCode(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	const newEmail = "alice.new@example.org"
	b := f.Browser(acmeHost)
	b.SignIn("acme", ppl.Alice.Email)

	for email, msg := range map[string]string{
		"":                  "Enter the new email address.",
		"not-an-email":      "Enter an email address like name@example.co.uk.",
		"ALICE@example.com": "That is already your sign-in email address.",
		ppl.Bob.Email:       "Another account uses this email address. Use a different one.",
	} {
		rec := b.Post("/profile/email", url.Values{"email": {email}}, "HX-Request", "true")
		if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "new-email") != msg {
			t.Errorf("%q: %d %q", email, rec.Code, errorText(t, rec, "new-email"))
		}
	}

	rec := b.Post("/profile/email", url.Values{"email": {newEmail}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/profile/email/confirm" {
		t.Fatalf("change: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	subject, text := f.LastMail("acme", newEmail)
	code := webtest.CodeIn(t, text)
	if !strings.Contains(subject, "confirm your new email") {
		t.Errorf("subject %q", subject)
	}
	// Until the code comes back, nothing changes.
	if got := webtest.Doc(t, b.Get("/profile")).Find("dl.details").Text(); !strings.Contains(got, ppl.Alice.Email) || strings.Contains(got, newEmail) {
		t.Errorf("email changed before the code: %q", got)
	}
	if lead := webtest.Doc(t, b.Get("/profile/email/confirm")).Find(".lead").Text(); !strings.Contains(lead, newEmail) {
		t.Errorf("confirm page: %q", lead)
	}
	// The new address cannot sign in yet (no mail goes to it).
	before := f.MailCount("acme", newEmail)
	f.Browser(acmeHost).Post("/sign-in", url.Values{"email": {newEmail}})
	if f.MailCount("acme", newEmail) != before {
		t.Error("sign-in code sent to an unconfirmed address")
	}

	rec = b.Post("/profile/email/confirm", url.Values{"code": {wrongCodeFor(code)}}, "HX-Request", "true")
	if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "code") != "That code is not right. You have 4 tries left." {
		t.Fatalf("wrong code: %d %q", rec.Code, errorText(t, rec, "code"))
	}
	if !strings.HasPrefix(strings.TrimSpace(rec.Body.String()), `<form id="profile-email-code-form"`) {
		t.Errorf("not the code form fragment: %.200s", rec.Body.String())
	}
	// A sign-in code cannot confirm an email change: the purposes differ.
	other := f.Browser(acmeHost)
	other.SignIn("acme", ppl.Alice.Email)
	_, text = f.LastMail("acme", ppl.Alice.Email)
	if rec := other.Post("/profile/email/confirm", url.Values{"code": {webtest.CodeIn(t, text)}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("sign-in code confirmed an email change: %d", rec.Code)
	}

	rec = b.Post("/profile/email/confirm", url.Values{"code": {code}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/profile?done=email_changed#profile-email" {
		t.Fatalf("confirm: %d %q %s", rec.Code, rec.Header().Get("Location"), errorText(t, rec, "code"))
	}
	// The old address is told, and the notice names the new one.
	if subj, text := f.LastMail("acme", ppl.Alice.Email); !strings.Contains(subj, "sign-in email has changed") || !strings.Contains(text, newEmail) {
		t.Errorf("notice to the old address: %q\n%s", subj, text)
	}
	d := webtest.Doc(t, b.Get("/profile?done=email_changed"))
	if got := d.Find("dl.details").Text(); !strings.Contains(got, newEmail) {
		t.Errorf("profile after change: %q", got)
	}
	if !strings.Contains(d.Find("#profile-email .notice").Text(), newEmail) {
		t.Errorf("no notice: %q", d.Find("#profile-email").Text())
	}
	if a := f.AuditActions("acme"); a["auth.email_changed"] != 1 || a["auth.code_failed"] != 1 {
		t.Errorf("audit %v", a)
	}

	// The person now signs in with the new address; the old one is nobody's.
	b.Post("/sign-out", nil)
	fresh := f.Browser(acmeHost)
	fresh.SignIn("acme", newEmail)
	if got, _ := webtest.Doc(t, fresh.Get("/profile")).Find("#details-name").Attr("value"); got != ppl.Alice.FullName {
		t.Errorf("signed in as %q", got)
	}
	oldMails := f.MailCount("acme", ppl.Alice.Email)
	f.Browser(acmeHost).Post("/sign-in", url.Values{"email": {ppl.Alice.Email}})
	if f.MailCount("acme", ppl.Alice.Email) != oldMails {
		t.Error("a code went to the old address")
	}
}
