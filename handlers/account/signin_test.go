package account_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"porch/auth"
	"porch/handlers"
	"porch/handlers/account"
	"porch/internal/webtest"
)

const acmeHost = "acme." + webtest.Base

// errorText returns the error message shown next to the field with the id.
func errorText(t *testing.T, rec *httptest.ResponseRecorder, id string) string {
	t.Helper()
	return strings.TrimSpace(webtest.Doc(t, rec).Find("#" + id + "-error").Text())
}

func wrongCodeFor(code string) string {
	if code == "111111" {
		return "222222"
	}
	return "111111"
}

func TestSignInWithCode(t *testing.T) {
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
	f := webtest.NewFixture(t, nil, webtest.Acme)
	f.SeedPeople("acme")
	for next, want := range map[string]string{"//evil.example/x": "/", "https://evil.example": "/", "/\\evil.example": "/", "/units/x?y=1": "/units/x?y=1"} {
		b := f.Browser(acmeHost)
		code := b.RequestCode("acme", "bob@example.com")
		rec := b.Post("/sign-in/code", url.Values{"code": {code}, "next": {next}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
			t.Errorf("next %q: %d %q", next, rec.Code, rec.Header().Get("Location"))
		}
	}
}

func TestCodeExpires(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	f.SeedPeople("acme")
	b := f.Browser(acmeHost)
	code := b.RequestCode("acme", "alice@example.com")
	f.Clock.Advance(11 * time.Minute)
	rec := b.Post("/sign-in/code", url.Values{"code": {code}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("expired code: %d", rec.Code)
	}
	if got := errorText(t, rec, "code"); got != account.MsgCodeExpired {
		t.Errorf("message %q", got)
	}
	if b.IsSignedIn() {
		t.Fatal("signed in with an expired code")
	}
	// The code page now says there is nothing to enter.
	d := webtest.Doc(t, b.Get("/sign-in/code"))
	if d.Find("input#code").Length() != 0 || !strings.Contains(d.Find(".notice").Text(), "no sign-in code waiting") {
		t.Errorf("code page after expiry: %s", d.Find("main").Text())
	}
}

func TestCodeWorksOnce(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	f.SeedPeople("acme")
	b := f.Browser(acmeHost)
	code := b.RequestCode("acme", "alice@example.com")
	pending := b.Cookie("porch-pending")
	if rec := b.Post("/sign-in/code", url.Values{"code": {code}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("first use: %d", rec.Code)
	}
	// Replay from a browser holding the old pending cookie.
	replay := f.Browser(acmeHost)
	replay.Jar.SetCookies(replay.URL("/"), []*http.Cookie{pending})
	rec := replay.Post("/sign-in/code", url.Values{"code": {code}})
	if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "code") != account.MsgCodeExpired {
		t.Fatalf("second use: %d %q", rec.Code, errorText(t, rec, "code"))
	}
	if replay.IsSignedIn() {
		t.Fatal("a used code signed a browser in")
	}
}

func TestWrongCodeLockout(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser(acmeHost)
	code := b.RequestCode("acme", ppl.Alice.Email)
	for i := 1; i < auth.MaxCodeAttempts; i++ {
		rec := b.Post("/sign-in/code", url.Values{"code": {wrongCodeFor(code)}})
		want := fmt.Sprintf("That code is not right. You have %d tries left.", auth.MaxCodeAttempts-i)
		if auth.MaxCodeAttempts-i == 1 {
			want = "That code is not right. You have 1 try left."
		}
		if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "code") != want {
			t.Fatalf("wrong try %d: %d %q, want %q", i, rec.Code, errorText(t, rec, "code"), want)
		}
		in := webtest.Doc(t, rec).Find("input#code")
		if inv, _ := in.Attr("aria-invalid"); inv != "true" {
			t.Errorf("try %d: input not marked invalid", i)
		}
		if db, _ := in.Attr("aria-describedby"); !strings.Contains(db, "code-error") {
			t.Errorf("try %d: aria-describedby %q", i, db)
		}
	}
	rec := b.Post("/sign-in/code", url.Values{"code": {wrongCodeFor(code)}})
	if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "code") != account.MsgCodeLocked {
		t.Fatalf("fifth wrong try: %d %q", rec.Code, errorText(t, rec, "code"))
	}
	rec = b.Post("/sign-in/code", url.Values{"code": {code}})
	if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "code") != account.MsgCodeLocked {
		t.Fatalf("right code after lockout: %d %q", rec.Code, errorText(t, rec, "code"))
	}
	if b.IsSignedIn() {
		t.Fatal("signed in after lockout")
	}
	a := f.AuditActions("acme")
	if a["auth.code_failed"] != auth.MaxCodeAttempts-1 || a["auth.code_locked"] < 1 || a["auth.sign_in"] != 0 {
		t.Errorf("audit %v", a)
	}
	if !strings.Contains(f.Logs.String(), "code locked after wrong tries") {
		t.Error("lockout not logged")
	}
	// A fresh code works again.
	b.SignIn("acme", ppl.Alice.Email)
	if !b.IsSignedIn() {
		t.Fatal("not signed in with a fresh code")
	}
}

func TestCodeBoundToBrowser(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	first := f.Browser(acmeHost)
	code := first.RequestCode("acme", ppl.Alice.Email)

	// Another browser asks for its own code for the same person, then tries
	// the first browser's code.
	other := f.Browser(acmeHost)
	otherCode := other.RequestCode("acme", ppl.Alice.Email)
	if otherCode == code {
		t.Skip("the two codes happen to be equal")
	}
	rec := other.Post("/sign-in/code", url.Values{"code": {code}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.HasPrefix(errorText(t, rec, "code"), "That code is not right.") {
		t.Fatalf("first browser's code in another browser: %d %q", rec.Code, errorText(t, rec, "code"))
	}
	// A browser with no pending cookie at all has nothing to check against.
	stranger := f.Browser(acmeHost)
	rec = stranger.Post("/sign-in/code", url.Values{"code": {code}})
	if rec.Code != http.StatusUnprocessableEntity || errorText(t, rec, "code") != account.MsgCodeExpired {
		t.Fatalf("code without a pending cookie: %d %q", rec.Code, errorText(t, rec, "code"))
	}
	if other.IsSignedIn() || stranger.IsSignedIn() {
		t.Fatal("another browser signed in with the code")
	}
	// The code still works where it was asked for.
	if rec := first.Post("/sign-in/code", url.Values{"code": {code}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("own browser: %d", rec.Code)
	}
	if !first.IsSignedIn() {
		t.Fatal("first browser not signed in")
	}
}

var nonceRE = regexp.MustCompile(`nonce="[^"]*"`)

func TestSameResponseForUnknownEmail(t *testing.T) {
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

func TestCodeRequestsRateLimited(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser(acmeHost)
	for i := range account.CodesPerEmail {
		if rec := b.Post("/sign-in", url.Values{"email": {ppl.Alice.Email}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("request %d: %d", i+1, rec.Code)
		}
		f.Clock.Advance(time.Minute)
	}
	// The sixth within 15 minutes, in another case, is refused.
	rec := b.Post("/sign-in", url.Values{"email": {strings.ToUpper(ppl.Alice.Email)}})
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("sixth request: %d", rec.Code)
	}
	if got := errorText(t, rec, "email"); got != "Too many sign-in codes were requested. Try again in 10 minutes." {
		t.Errorf("message %q", got)
	}
	if n := f.MailCount("acme", ppl.Alice.Email); n != account.CodesPerEmail {
		t.Errorf("%d mails sent", n)
	}
	f.Clock.Advance(10*time.Minute + time.Second)
	if rec := b.Post("/sign-in", url.Values{"email": {ppl.Alice.Email}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("after the window: %d %s", rec.Code, errorText(t, rec, "email"))
	}
	if n := f.MailCount("acme", ppl.Alice.Email); n != account.CodesPerEmail+1 {
		t.Fatalf("%d mails after the window", n)
	}

	// Per address: many different emails from one IP.
	g := webtest.NewFixture(t, nil, webtest.Acme)
	c := g.Browser(acmeHost)
	for i := range account.CodesPerIP {
		if rec := c.Post("/sign-in", url.Values{"email": {"someone" + string(rune('a'+i)) + "@example.com"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("address %d: %d", i, rec.Code)
		}
	}
	if rec := c.Post("/sign-in", url.Values{"email": {"one-more@example.com"}}); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("IP limit: %d", rec.Code)
	}
}

func TestBadEmailWithHtmx(t *testing.T) {
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

func TestPasswordOnlyOnKnownDevice(t *testing.T) {
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

func TestPasswordAttemptsRateLimited(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser(acmeHost)
	for i := range account.PasswordsPerEmail {
		if rec := b.Post("/sign-in", url.Values{"email": {ppl.Alice.Email}, "password": {"guess number " + string(rune('a'+i))}}); rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d: %d", i, rec.Code)
		}
	}
	rec := b.Post("/sign-in", url.Values{"email": {ppl.Alice.Email}, "password": {"one more guess"}})
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(errorText(t, rec, "password"), "Try again in 15 minutes.") {
		t.Fatalf("guess over the limit: %d %q", rec.Code, errorText(t, rec, "password"))
	}
}

func TestSignOutEndsSessionOnServer(t *testing.T) {
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

func TestAuthRoutesOnlyOnOrg(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	for _, path := range []string{"/sign-in", "/sign-in/code", "/profile"} {
		if rec := f.Do("GET", webtest.Base, path, nil); rec.Code != http.StatusNotFound {
			t.Errorf("%s on the base domain: %d", path, rec.Code)
		}
	}
}

// TestCookieAttributes checks the cookies a sign-in sets: HttpOnly,
// SameSite=Lax, no Domain (so never sent to another org's subdomain), and
// behind TLS Secure with the __Host- prefix.
func TestCookieAttributes(t *testing.T) {
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
