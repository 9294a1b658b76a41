package handlers_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"porch/auth"
	"porch/estate"
	"porch/internal/webtest"
)

// Who a session belongs to and what they may see are kept between requests
// until the next write. Each change below is made the way the application
// makes it, with the person's pages already served from memory, and the
// very next request shows it.
func TestIdentityChangesShowOnNextRequest(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	alice := f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", ppl.Alice)
	homes := func() string {
		t.Helper()
		rec := alice.Get("/")
		if rec.Code != 200 {
			t.Fatalf("home: %d", rec.Code)
		}
		return webtest.Doc(t, rec).Find(".home-unit").Text() + "|" + webtest.Doc(t, rec).Find(".staff-link").Text()
	}
	if got := homes(); got != "Flat 1|" || homes() != got {
		t.Fatalf("before: %q", got)
	}

	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.LinkPerson(ctx, tx, webtest.Now, ppl.FlatB.ID, ppl.Alice.ID, estate.RoleOwner, webtest.Now, nil)
		return err
	})
	if got := homes(); got != "Flat 1Flat 2|" {
		t.Fatalf("after a new link the home shows %q", got)
	}
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return estate.AddStaff(ctx, tx, ppl.Alice.ID, estate.StaffRoleManager, webtest.Now)
	})
	if got := homes(); !strings.Contains(got, "admin screens") {
		t.Fatalf("after becoming staff the home shows %q", got)
	}

	// Signed out from another device: this browser's session ends.
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := auth.SignOutOthers(ctx, tx, webtest.Now, ppl.Alice.ID, 0, 0)
		return err
	})
	if alice.IsSignedIn() {
		t.Fatal("still signed in after every session was ended")
	}

	// Portal access withdrawn.
	alice.SignInAs("acme", ppl.Alice)
	if !alice.IsSignedIn() || !alice.IsSignedIn() {
		t.Fatal("not signed in again")
	}
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return estate.SetPortalEnabled(ctx, tx, ppl.Alice.ID, false, webtest.Now)
	})
	if alice.IsSignedIn() {
		t.Fatal("still signed in after portal access was withdrawn")
	}
}

// A session's time limits hold for a kept session too: idle past the
// policy's limit, the next request is signed out though nothing was
// written.
func TestKeptSessionStillEndsWhenIdle(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	bob := f.Browser("acme." + webtest.Base)
	bob.SignInAs("acme", ppl.Bob)
	if !bob.IsSignedIn() || !bob.IsSignedIn() {
		t.Fatal("not signed in")
	}
	f.Clock.Advance(auth.DefaultSessionPolicy.Idle + time.Second)
	if bob.IsSignedIn() {
		t.Fatal("a session idle past the limit was still accepted")
	}
}
