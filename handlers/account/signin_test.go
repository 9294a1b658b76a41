package account_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"porch/internal/webtest"
)

const acmeHost = "acme." + webtest.Base

// errorText returns the error message shown next to the field with the id.
func errorText(t *testing.T, rec *httptest.ResponseRecorder, id string) string {
	t.Helper()
	return strings.TrimSpace(webtest.Doc(t, rec).Find("#" + id + "-error").Text())
}

func TestSignInWithCode(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser(acmeHost)

	rec := b.Get("/profile")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/sign-in?next=%2Fprofile" {
		t.Fatalf("anonymous /profile: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = b.Get("/sign-in?next=%2Fprofile")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /sign-in: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	if v, _ := d.Find(`#sign-in-form input[name="next"]`).Attr("value"); v != "/profile" {
		t.Errorf("next = %q", v)
	}
	if ac, _ := d.Find("input#email").Attr("autocomplete"); ac != "email" {
		t.Errorf("email autocomplete %q", ac)
	}
	if d.Find(`label[for="email"]`).Length() != 1 {
		t.Error("email field has no label")
	}
	if d.Find(`input[type="password"]`).Length() != 0 {
		t.Error("password offered on a browser that never signed in")
	}

	rec = b.Post("/sign-in", url.Values{"email": {" Alice@Example.com "}, "next": {"/profile"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/sign-in/code?next=%2Fprofile" {
		t.Fatalf("POST /sign-in: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	subject, text := f.LastMail("acme", ppl.Alice.Email)
	code := webtest.CodeIn(t, text)
	if !strings.Contains(subject, webtest.Acme.Name) || !strings.Contains(text, "Hello Alice") {
		t.Errorf("mail: %q\n%s", subject, text)
	}

	rec = b.Get("/sign-in/code?next=%2Fprofile")
	d = webtest.Doc(t, rec)
	if got := strings.Join(strings.Fields(d.Find(".lead").Text()), " "); got != "If Alice@Example.com has an account with us, we have sent a code to it." {
		t.Errorf("code page lead %q", got)
	}
	in := d.Find("input#code")
	if ac, _ := in.Attr("autocomplete"); ac != "one-time-code" {
		t.Errorf("code autocomplete %q", ac)
	}
	if im, _ := in.Attr("inputmode"); im != "numeric" {
		t.Errorf("code inputmode %q", im)
	}

	rec = b.Post("/sign-in/code", url.Values{"code": {code[:3] + " " + code[3:]}, "next": {"/profile"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/profile" {
		t.Fatalf("POST /sign-in/code: %d %q %.300s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	if b.Cookie("porch-pending") != nil {
		t.Error("pending cookie kept after sign-in")
	}
	if b.Cookie("porch-session") == nil || b.Cookie("porch-device") == nil {
		t.Fatal("session or device cookie missing")
	}
	if !b.IsSignedIn() {
		t.Fatal("not signed in")
	}
	// Signed in, the sign-in page moves on.
	if rec := b.Get("/sign-in?next=%2Fprofile"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/profile" {
		t.Errorf("signed-in GET /sign-in: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	a := f.AuditActions("acme")
	if a["auth.code_requested"] != 1 || a["auth.sign_in"] != 1 {
		t.Errorf("audit %v", a)
	}
	if strings.Contains(f.Logs.String(), code) {
		t.Error("the code was logged")
	}
}

func TestNextStaysOnSite(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	f.SeedPeople("acme")
	tests := []struct{ next, want string }{
		{"//evil.example/x", "/"}, {"https://evil.example", "/"}, {"/\\evil.example", "/"},
		{"/%09/evil.example/x", "/"}, {"/\t/evil.example", "/"}, {"/.//evil.example", "/"}, {"/units/x?y=1", "/units/x?y=1"},
	}
	for i, tt := range tests {
		// Alternate people, within the limit of codes per address.
		email := []string{"alice@example.com", "bob@example.com"}[i%2]
		b := f.Browser(acmeHost)
		code := b.RequestCode("acme", email)
		rec := b.Post("/sign-in/code", url.Values{"code": {code}, "next": {tt.next}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != tt.want {
			t.Errorf("next %q: %d %q", tt.next, rec.Code, rec.Header().Get("Location"))
		}
	}
}

var nonceRE = regexp.MustCompile(`nonce="[^"]*"`)

func TestSameResponseForUnknownEmail(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	const unknown = "nobody@example.com"
	known, stranger := f.Browser(acmeHost), f.Browser(acmeHost)
	rk := known.Post("/sign-in", url.Values{"email": {ppl.Alice.Email}, "next": {"/profile"}})
	ru := stranger.Post("/sign-in", url.Values{"email": {unknown}, "next": {"/profile"}})

	cookieNames := func(rec *httptest.ResponseRecorder) []string {
		var names []string
		for _, c := range rec.Result().Cookies() {
			names = append(names, c.Name+" max-age="+time.Duration(c.MaxAge*int(time.Second)).String())
		}
		slices.Sort(names)
		return names
	}
	if rk.Code != http.StatusSeeOther || rk.Code != ru.Code {
		t.Fatalf("status known %d, unknown %d", rk.Code, ru.Code)
	}
	if rk.Header().Get("Location") != ru.Header().Get("Location") {
		t.Errorf("Location known %q, unknown %q", rk.Header().Get("Location"), ru.Header().Get("Location"))
	}
	if k, u := cookieNames(rk), cookieNames(ru); !slices.Equal(k, u) || len(k) != 1 {
		t.Errorf("cookies known %v, unknown %v", k, u)
	}
	if rk.Body.String() != ru.Body.String() {
		t.Errorf("bodies differ:\n%s\n%s", rk.Body.String(), ru.Body.String())
	}

	page := func(b *webtest.Browser, email string) string {
		rec := b.Get(rk.Header().Get("Location"))
		if rec.Code != http.StatusOK {
			t.Fatalf("code page: %d", rec.Code)
		}
		body := strings.ReplaceAll(rec.Body.String(), email, "EMAIL")
		return nonceRE.ReplaceAllString(body, `nonce=""`)
	}
	pk, pu := page(known, ppl.Alice.Email), page(stranger, unknown)
	if pk != pu {
		t.Errorf("code pages differ:\n%s\n---\n%s", pk, pu)
	}
	if !strings.Contains(pk, "If <strong class=\"auth-email\">EMAIL</strong> has an account with us") {
		t.Errorf("code page does not name the address: %s", pk)
	}
	if n := f.MailCount("acme", unknown); n != 0 {
		t.Errorf("%d mails to an unknown address", n)
	}
	if n := f.MailCount("acme", ppl.Alice.Email); n != 1 {
		t.Errorf("%d mails to a known address", n)
	}
	// No code can sign the stranger in: every guess is simply wrong.
	rec := stranger.Post("/sign-in/code", url.Values{"code": {"123456"}})
	if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "code") != "That code is not right. You have 4 tries left." {
		t.Errorf("guess for unknown email: %d %q", rec.Code, errorText(t, rec, "code"))
	}
	if a := f.AuditActions("acme"); a["auth.code_requested"] != 1 {
		t.Errorf("audit %v", a)
	}
}

func TestBadEmailWithHtmx(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	b := f.Browser(acmeHost)
	for email, want := range map[string]string{"": "Enter your email address.", "alice@": "Enter an email address like name@example.co.uk."} {
		rec := b.Post("/sign-in", url.Values{"email": {email}}, "HX-Request", "true", "HX-Target", "sign-in-form")
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("%q: status %d", email, rec.Code)
		}
		body := rec.Body.String()
		for _, tag := range []string{"<html", "<main", "<h1", "<header"} {
			if strings.Contains(body, tag) {
				t.Errorf("%q: fragment contains %s", email, tag)
			}
		}
		d := webtest.Doc(t, rec)
		if d.Find("form#sign-in-form").Length() != 1 || !strings.HasPrefix(strings.TrimSpace(body), "<form") {
			t.Errorf("%q: not the form fragment: %.300s", email, body)
		}
		if got := errorText(t, rec, "email"); got != want {
			t.Errorf("%q: message %q", email, got)
		}
		in := d.Find("input#email")
		if inv, _ := in.Attr("aria-invalid"); inv != "true" {
			t.Errorf("%q: not aria-invalid", email)
		}
		if db, _ := in.Attr("aria-describedby"); db != "email-error" {
			t.Errorf("%q: aria-describedby %q", email, db)
		}
		if v, _ := in.Attr("value"); v != email {
			t.Errorf("%q: value not kept: %q", email, v)
		}
	}
	// Without htmx the whole page comes back.
	rec := b.Post("/sign-in", url.Values{"email": {"nope"}})
	if rec.Code != http.StatusUnprocessableEntity || webtest.Doc(t, rec).Find("html > body main h1").Length() != 1 {
		t.Errorf("plain post: %d", rec.Code)
	}
	// A good address with htmx is sent on with HX-Redirect.
	rec = b.Post("/sign-in", url.Values{"email": {"x@example.com"}}, "HX-Request", "true")
	if rec.Header().Get("HX-Redirect") != "/sign-in/code" {
		t.Errorf("htmx success: %d %v", rec.Code, rec.Header())
	}
}

func TestAuthRoutesOnlyOnOrg(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	for _, path := range []string{"/sign-in", "/sign-in/code", "/profile"} {
		if rec := f.Do("GET", webtest.Base, path, nil); rec.Code != http.StatusNotFound {
			t.Errorf("%s on the base domain: %d", path, rec.Code)
		}
	}
}
