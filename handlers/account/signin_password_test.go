package account_test

import (
	"net/http"
	"net/url"
	"testing"

	"porch/handlers/account"
	"porch/internal/webtest"
)

func TestPasswordOnlyOnKnownDevice(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	const pw = "harbour lights at dusk"
	phone := f.Browser(acmeHost)
	phone.SignIn("acme", ppl.Alice.Email)
	if rec := phone.Post("/profile/password", url.Values{"password": {pw}, "confirm": {pw}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("set password: %d %.300s", rec.Code, rec.Body.String())
	}
	if rec := phone.Post("/sign-out", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", rec.Code)
	}

	// A new browser is not offered a password, and one sent anyway fails.
	laptop := f.Browser(acmeHost)
	if webtest.Doc(t, laptop.Get("/sign-in")).Find(`input[type="password"]`).Length() != 0 {
		t.Error("password offered on an unknown device")
	}
	rec := laptop.Post("/sign-in", url.Values{"email": {ppl.Alice.Email}, "password": {pw}, "action": {"password"}})
	if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "password") != account.MsgPasswordNo {
		t.Fatalf("password on unknown device: %d %q", rec.Code, errorText(t, rec, "password"))
	}
	if laptop.IsSignedIn() {
		t.Fatal("password signed in an unknown device")
	}
	if a := f.AuditActions("acme"); a["auth.password_failed"] != 1 {
		t.Errorf("audit %v", a)
	}

	// The verified device is offered a password, refuses a wrong one and
	// accepts the right one, on the same device.
	d := webtest.Doc(t, phone.Get("/sign-in"))
	if ac, _ := d.Find(`input#password`).Attr("autocomplete"); ac != "current-password" {
		t.Fatalf("password field on known device: autocomplete %q", ac)
	}
	rec = phone.Post("/sign-in", url.Values{"email": {ppl.Alice.Email}, "password": {"not the password"}, "action": {"password"}})
	if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "password") != account.MsgPasswordNo {
		t.Fatalf("wrong password: %d", rec.Code)
	}
	// Enter in the password field submits with the first button.
	rec = phone.Post("/sign-in", url.Values{"email": {ppl.Alice.Email}, "password": {pw}, "action": {"code"}, "next": {"/profile"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/profile" {
		t.Fatalf("right password: %d %q %s", rec.Code, rec.Header().Get("Location"), errorText(t, rec, "password"))
	}
	pd := webtest.Doc(t, phone.Get("/profile"))
	if n := pd.Find(".device").Length(); n != 1 {
		t.Errorf("%d devices after password sign-in, want the same one", n)
	}
	if n := f.MailCount("acme", ppl.Alice.Email); n != 1 {
		t.Errorf("%d mails: a password sign-in sent a code", n)
	}

	// Another person's password on this device does not work either.
	bobPhone := f.Browser(acmeHost)
	bobPhone.SignIn("acme", ppl.Bob.Email)
	if rec := bobPhone.Post("/profile/password", url.Values{"password": {pw}, "confirm": {pw}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("bob sets password: %d", rec.Code)
	}
	rec = phone.Post("/sign-in", url.Values{"email": {ppl.Bob.Email}, "password": {pw}, "action": {"password"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bob's password on alice's device: %d", rec.Code)
	}
}
