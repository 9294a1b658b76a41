package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/handlers/account"
	"porch/internal/webtest"
)

func TestCodeRequestsRateLimited(t *testing.T) {
	t.Parallel()
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

func TestPasswordAttemptsRateLimited(t *testing.T) {
	t.Parallel()
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
