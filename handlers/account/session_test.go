package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/handlers"
	"porch/internal/webtest"
)

func TestSignOutEndsSessionOnServer(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser(acmeHost)
	b.SignIn("acme", ppl.Alice.Email)
	session, device := b.Cookie("porch-session"), b.Cookie("porch-device")

	rec := b.Post("/sign-out", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/sign-in?signed_out=1" {
		t.Fatalf("sign out: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if b.Cookie("porch-session") != nil {
		t.Error("session cookie kept")
	}
	if b.Cookie("porch-device") == nil {
		t.Error("device cookie dropped")
	}
	if got := webtest.Doc(t, b.Get("/sign-in?signed_out=1")).Find(".notice").Text(); !strings.Contains(got, "You have signed out.") {
		t.Errorf("notice %q", got)
	}
	if b.IsSignedIn() {
		t.Fatal("still signed in")
	}
	// The old cookies, replayed, are worthless.
	replay := f.Browser(acmeHost)
	replay.Jar.SetCookies(replay.URL("/"), []*http.Cookie{session, device})
	if replay.IsSignedIn() {
		t.Fatal("the old session cookie still works")
	}
	if a := f.AuditActions("acme"); a["auth.sign_out"] != 1 {
		t.Errorf("audit %v", a)
	}
	// Signing out when not signed in is harmless.
	if rec := f.Browser(acmeHost).Post("/sign-out", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("anonymous sign out: %d", rec.Code)
	}
}

// TestCookieAttributes checks the cookies a sign-in sets: HttpOnly,
// SameSite=Lax, no Domain (so never sent to another org's subdomain), and
// behind TLS Secure with the __Host- prefix.
func TestCookieAttributes(t *testing.T) {
	t.Parallel()
	for _, tls := range []bool{false, true} {
		f := webtest.NewFixture(t, func(c *handlers.Config) { c.TLSProxy = tls }, webtest.Acme)
		ppl := f.SeedPeople("acme")
		b := f.Browser(acmeHost)
		b.Post("/sign-in", url.Values{"email": {ppl.Alice.Email}})
		_, text := f.LastMail("acme", ppl.Alice.Email)
		rec := b.Post("/sign-in/code", url.Values{"code": {webtest.CodeIn(t, text)}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("tls=%v: sign-in %d", tls, rec.Code)
		}
		names := map[string]bool{}
		for _, ck := range rec.Result().Cookies() {
			if ck.MaxAge < 0 {
				continue // the pending cookie being cleared
			}
			names[ck.Name] = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Domain != "" || ck.Path != "/" || ck.Secure != tls {
				t.Errorf("tls=%v: cookie %s = %+v", tls, ck.Name, ck)
			}
			if tls != strings.HasPrefix(ck.Name, "__Host-") {
				t.Errorf("tls=%v: cookie name %s", tls, ck.Name)
			}
		}
		prefix := "porch-"
		if tls {
			prefix = "__Host-porch-"
		}
		if !names[prefix+"session"] || !names[prefix+"device"] {
			t.Errorf("tls=%v: cookies set %v", tls, names)
		}
	}
}
