package account_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"porch/handlers"
	"porch/internal/webtest"
)

// Posting made-up invitation tokens used to write an audit row each, with
// no limit: 3,000 posts, 3,000 rows through the single writer. Now an
// unknown token writes nothing, and a client that keeps posting is turned
// away before any database work.
func TestUnknownInvitationTokensWriteNothingAndAreLimited(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	f.SeedPeople("acme")
	before := f.AuditActions("acme")
	attacker := f.Browser("acme." + webtest.Base)
	limit := handlers.DefaultAnonymousLimit.Burst
	statuses := map[int]int{}
	for i := range 3 * limit {
		rec := attacker.Post(fmt.Sprintf("/invite/guess-%d", i), url.Values{})
		statuses[rec.Code]++
		if rec.Code == http.StatusTooManyRequests {
			if s, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || s < 1 {
				t.Fatalf("429 without a Retry-After in seconds: %q", rec.Header().Get("Retry-After"))
			}
		}
	}
	if statuses[http.StatusNotFound] != limit || statuses[http.StatusTooManyRequests] != 2*limit {
		t.Errorf("answers %v, want %d × 404 then %d × 429", statuses, limit, 2*limit)
	}
	after := f.AuditActions("acme")
	for action, n := range after {
		if n != before[action] {
			t.Errorf("audit %q went from %d to %d rows", action, before[action], n)
		}
	}

	// Another network is not affected, and the allowance comes back with time.
	other := f.Browser("acme." + webtest.Base)
	other.Peer = "192.0.2.7:40000"
	if rec := other.Post("/invite/guess", url.Values{}); rec.Code != http.StatusNotFound {
		t.Errorf("another client: %d", rec.Code)
	}
	f.Clock.Set(f.Clock.Now().Add(handlers.DefaultAnonymousLimit.Every))
	if rec := attacker.Post("/invite/guess-again", url.Values{}); rec.Code != http.StatusNotFound {
		t.Errorf("after waiting: %d", rec.Code)
	}
}

// An IPv6 client holds a whole /64: rotating addresses inside it does not
// buy more attempts, while a neighbouring /64 has its own allowance.
func TestIPv6ClientsAreCountedPerSlash64(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	limit := handlers.DefaultAnonymousLimit.Burst
	b := f.Browser("acme." + webtest.Base)
	for i := range limit {
		b.Peer = fmt.Sprintf("[2001:db8:1:2:%x::1]:443", i)
		if rec := b.Post(fmt.Sprintf("/invite/guess-%d", i), url.Values{}); rec.Code == http.StatusTooManyRequests {
			t.Fatalf("attempt %d refused within the allowance", i+1)
		}
	}
	b.Peer = "[2001:db8:1:2:ffff:ffff:ffff:ffff]:443"
	if rec := b.Post("/invite/guess", url.Values{}); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a new address in the same /64: %d, want 429", rec.Code)
	}
	b.Peer = "[2001:db8:1:3::1]:443"
	if rec := b.Post("/invite/guess", url.Values{}); rec.Code == http.StatusTooManyRequests {
		t.Errorf("the neighbouring /64 was refused")
	}
}

// Signed-in people and the payment providers' webhooks are not counted:
// the limit is for anonymous posts.
func TestSignedInAndWebhooksAreNotLimited(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", ppl.Alice)
	for range handlers.DefaultAnonymousLimit.Burst + 5 {
		if rec := b.Post("/profile/password/remove", url.Values{}); rec.Code == http.StatusTooManyRequests {
			t.Fatal("a signed-in person was limited")
		}
	}
	hook := f.Browser("acme." + webtest.Base)
	for range handlers.DefaultAnonymousLimit.Burst + 5 {
		if rec := hook.Post("/webhooks/stripe", url.Values{}); rec.Code == http.StatusTooManyRequests {
			t.Fatal("a webhook was limited")
		}
	}
}

func TestClientKey(t *testing.T) {
	for ip, want := range map[string]string{
		"203.0.113.9":              "203.0.113.9",
		"::ffff:203.0.113.9":       "203.0.113.9",
		"2001:db8:1:2:3:4:5:6":     "2001:db8:1:2::/64",
		"2001:db8:1:2::1":          "2001:db8:1:2::/64",
		"2001:db8:1:3::1":          "2001:db8:1:3::/64",
		"not an address":           "not an address",
		"fe80::1":                  "fe80::/64",
		"2001:db8:ffff:ffff:1::99": "2001:db8:ffff:ffff::/64",
	} {
		if got := handlers.ClientKey(ip); got != want {
			t.Errorf("ClientKey(%q) = %q, want %q", ip, got, want)
		}
	}
}

// The per-network limit on sign-in codes (kept in the database, next to
// the per-email one) also counts an IPv6 /64 as one client.
func TestSignInCodesPerNetworkCountIPv6Slash64(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	b := f.Browser("acme." + webtest.Base)
	refused := 0
	for i := range 25 {
		b.Peer = fmt.Sprintf("[2001:db8:7:7:%x::1]:443", i)
		if rec := b.Post("/sign-in", url.Values{"email": {fmt.Sprintf("p%d@example.com", i)}}); rec.Code == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 5 {
		t.Errorf("%d of 25 code requests from one /64 refused, want the 5 past the limit of 20", refused)
	}
}
