package home_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"porch/auth"
	"porch/internal/webtest"
	"porch/notices"
)

// TestHomePageKeptUntilItChanges: a resident's home page is built once and
// sent again as it was, without a query, until something it shows may
// have changed: any write to the organisation's database, a notice's
// publication time passing, the session ending. It is never sent to
// another person, nor to an htmx request.
func TestHomePageKeptUntilItChanges(t *testing.T) {
	f, d := webtest.NewCountingFixture(t, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mb := webtest.NewMoneyBook(f, "acme", ppl.FlatA.SiteID, ppl.Manager.ID)
	mb.Demand(ppl.FlatA.ID, "2026-03-01", webtest.MoneyCharge{Name: "Service charge", Amount: 100_00})
	alice := f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", ppl.Alice)

	// get fetches the home page and counts the queries it ran.
	get := func(b *webtest.Browser, hdr ...string) (string, int) {
		t.Helper()
		d.Reset()
		rec := b.Get("/", hdr...)
		if rec.Code != http.StatusOK {
			t.Fatalf("home: %d", rec.Code)
		}
		body := rec.Body.Bytes()
		if rec.Header().Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		return string(body), d.Runs(func(string) bool { return true })
	}

	first, n := get(alice)
	if !strings.Contains(first, "Hello, Alice") || !strings.Contains(first, "£100.00") || n == 0 {
		t.Fatalf("first visit: %d queries, page lacks Alice's balance: %.400s", n, first)
	}
	for _, enc := range []string{"", "gzip"} {
		again, n := get(alice, "Accept-Encoding", enc)
		if again != first || n != 0 {
			t.Errorf("again (Accept-Encoding %q): %d queries, same page %v", enc, n, again == first)
		}
	}
	if _, n := get(alice, "HX-Request", "true"); n == 0 {
		t.Error("an htmx request was answered from a kept page")
	}

	// Another person with the same address gets their own page.
	bob := f.Browser("acme." + webtest.Base)
	bob.SignInAs("acme", ppl.Bob)
	if page, _ := get(bob); !strings.Contains(page, "Hello, Bob") || strings.Contains(page, "Alice") || strings.Contains(page, "£100.00") {
		t.Errorf("Bob's home shows Alice's: %.400s", page)
	}

	// A payment is a write: the next visit builds the page again.
	mb.Receipt(ppl.FlatA.ID, "2026-03-10", 40_00, nil, "PART")
	if page, n := get(alice); !strings.Contains(page, "£60.00") || n == 0 {
		t.Errorf("after a payment: %d queries, page %.400s", n, page)
	}

	// A notice published a little later, without any write in between:
	// kept until then, and shown from then on.
	at := f.Clock.Now().Add(20 * time.Second)
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := notices.Create(ctx, tx, f.Clock.Now(), ppl.Manager.ID, notices.Input{Title: "Lift out of service",
			Body: "The lift is being repaired.", SiteIDs: []int64{ppl.FlatA.SiteID}, Publish: true, PublishAt: at})
		return err
	})
	if page, _ := get(alice); strings.Contains(page, "Lift out of service") {
		t.Fatal("a notice shown before it is published")
	}
	if _, n := get(alice); n != 0 {
		t.Errorf("before the notice is due: %d queries", n)
	}
	f.Clock.Advance(30 * time.Second) // less than a minute: the session is not touched, nothing is written
	if page, n := get(alice); !strings.Contains(page, "Lift out of service") || n == 0 {
		t.Errorf("once the notice is due: %d queries, page %.400s", n, page)
	}

	// Someone else browsing touches their session once a minute: that is
	// not a write the page shows, and it stays kept.
	f.Clock.Advance(2 * time.Minute)
	kept, _ := get(alice)
	f.Clock.Advance(2 * time.Minute)
	get(bob) // touches Bob's session
	if page, n := get(alice); page != kept || n > 4 {
		t.Errorf("after another session's touch: %d statements, same page %v", n, page == kept)
	}
	// Alice's own touches keep her signed in past the idle limit counted
	// from when her session was last read from the database.
	for range 2 {
		f.Clock.Advance(auth.DefaultSessionPolicy.Idle/2 - time.Minute)
		if page, _ := get(alice); !strings.Contains(page, "Hello, Alice") {
			t.Fatalf("signed out while browsing: %.300s", page)
		}
	}

	// A session that ended is anonymous at once, with the same cookies.
	get(alice)
	f.Clock.Advance(auth.DefaultSessionPolicy.Idle + time.Minute)
	if page, _ := get(alice); strings.Contains(page, "Alice") {
		t.Errorf("a timed-out session got the kept page: %.400s", page)
	}
}
