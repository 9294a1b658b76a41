package tenants

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"porch/errs"
)

// clock is a settable Now for Options.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// A server that has been answering for an organisation follows a rename
// made by another process (porch org rename) once its cached answer
// expires: the old address then redirects, the new one works at once, and
// the database file is the same.
func TestRenameSeenByARunningServer(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	server := newManager(t, Options{BaseDomain: "porch.test", Now: clk.now})
	if err := server.Create(ctx, "acme", "Acme", writeName("Acme")); err != nil {
		t.Fatal(err)
	}
	if slug, _, err := server.Resolve(ctx, "acme.porch.test"); err != nil || slug != "acme" {
		t.Fatalf("before: %q, %v", slug, err)
	}
	db, release, err := server.Acquire(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	release()

	cli := newManager(t, Options{DataDir: server.DataDir(), BaseDomain: "porch.test", Now: clk.now})
	if slug, err := cli.Rename(ctx, "acme", "bravo", clk.now()); err != nil || slug != "acme" {
		t.Fatalf("rename = %q, %v", slug, err)
	}
	if slug, _, err := server.Resolve(ctx, "bravo.porch.test"); err != nil || slug != "acme" {
		t.Fatalf("new address at once: %q, %v", slug, err)
	}
	clk.add(hostTTL)
	_, _, err = server.Resolve(ctx, "acme.porch.test")
	var moved *Moved
	if !errors.As(err, &moved) || moved.Slug != "acme" || moved.Address != "bravo" {
		t.Fatalf("old address after the cache expired: %v, want moved to bravo", err)
	}
	if got := server.Address(ctx, "acme"); got != "bravo" {
		t.Fatalf("address = %q, want bravo", got)
	}
	again, release, err := server.Acquire(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if again.Path != db.Path || !strings.HasSuffix(again.Path, "acme.db") {
		t.Fatalf("database moved from %s to %s", db.Path, again.Path)
	}

	// Back to the first name: bravo then redirects to acme.
	if _, err := server.Rename(ctx, "bravo", "acme", clk.now()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := server.Resolve(ctx, "bravo.porch.test"); !errors.As(err, &moved) || moved.Address != "acme" {
		t.Fatalf("bravo after renaming back: %v", err)
	}
	if slug, _, err := server.Resolve(ctx, "acme.porch.test"); err != nil || slug != "acme" {
		t.Fatalf("acme after renaming back: %q, %v", slug, err)
	}
}

func TestValidateHostname(t *testing.T) {
	for host, want := range map[string]string{
		"Portal.Example.co.uk.":   "",
		"portal-2.example.com":    "",
		"":                        "Enter a hostname",
		"https://portal.example":  "no https://",
		"portal.example.com:8443": "no https://",
		"192.0.2.1":               "IP address",
		"localhost":               "full hostname",
		"portal..example.com":     "empty part",
		"-portal.example.com":     "hyphen",
		"portal_1.example.com":    "'_'",
		"porté.example.com":       "xn--",
		"portal.example.123":      "top-level",
		"acme.porch.test":         "Porch's own",
		"porch.test":              "Porch's own",
	} {
		got, err := ValidateHostname(host, "porch.test")
		if want == "" {
			if err != nil || got != strings.ToLower(strings.TrimSuffix(host, ".")) {
				t.Errorf("%q = %q, %v", host, got, err)
			}
			continue
		}
		if e, ok := errs.As(err); !ok || !strings.Contains(e.Message, want) || e.Fields["host"] == "" {
			t.Errorf("%q = %v, want a host field message with %q", host, err, want)
		}
	}
}

// A hostname is asked for, waits, and is withdrawn or switched on; no two
// organisations can hold or ask for the same one.
func TestHostnameRequests(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	m := newManager(t, Options{BaseDomain: "porch.test"})
	for _, s := range []string{"acme", "bravo"} {
		if err := m.Create(ctx, s, s, writeName(s)); err != nil {
			t.Fatal(err)
		}
	}
	host, err := m.RequestHostname(ctx, "acme", "Portal.Acme.co.uk", now)
	if err != nil || host != "portal.acme.co.uk" {
		t.Fatalf("request = %q, %v", host, err)
	}
	if _, _, err := m.Resolve(ctx, host); !errs.Is(err, errs.NotFound) {
		t.Fatalf("a pending hostname resolves: %v", err)
	}
	for _, slug := range []string{"acme", "bravo"} {
		if _, err := m.RequestHostname(ctx, slug, host, now); !errs.Is(err, errs.Conflict) {
			t.Errorf("%s asking again = %v, want conflict", slug, err)
		}
	}
	if err := m.WithdrawHostnameRequest(ctx, "bravo", host); !errs.Is(err, errs.NotFound) {
		t.Errorf("bravo withdrawing acme's request = %v", err)
	}
	if reqs, err := m.HostnameRequests(ctx, ""); err != nil || len(reqs) != 1 || reqs[0].Slug != "acme" {
		t.Fatalf("requests = %+v, %v", reqs, err)
	}
	if err := m.AddHostname(ctx, host, "acme"); err != nil {
		t.Fatal(err)
	}
	if reqs, _ := m.HostnameRequests(ctx, "acme"); len(reqs) != 0 {
		t.Fatalf("request left after activation: %+v", reqs)
	}
	if slug, _, err := m.Resolve(ctx, host); err != nil || slug != "acme" {
		t.Fatalf("activated hostname = %q, %v", slug, err)
	}
	if _, err := m.RequestHostname(ctx, "bravo", host, now); !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "another organisation") {
		t.Fatalf("bravo asking for acme's hostname = %v", err)
	}
	other, err := m.RequestHostname(ctx, "bravo", "portal.bravo.co.uk", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.WithdrawHostnameRequest(ctx, "bravo", other); err != nil {
		t.Fatal(err)
	}
	if got := CNAME(host, "acme", "porch.test"); got != "portal.acme.co.uk. CNAME acme.porch.test." {
		t.Fatalf("CNAME = %q", got)
	}
}
