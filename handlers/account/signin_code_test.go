package account_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/auth"
	"porch/handlers/account"
	"porch/internal/webtest"
)

func wrongCodeFor(code string) string {
	if code == "111111" {
		return "222222"
	}
	return "111111"
}

func TestCodeExpires(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
