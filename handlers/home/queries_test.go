package home_test

import (
	"context"
	"database/sql"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// A signed-in person's home page costs their session, their person row and
// their scope (links and staff role): four queries, whatever the number of
// their homes, on the organisation's subdomain and on a custom hostname
// alike. The organisation's settings and the hostname come from memory.
// Each home whose account the person reads adds its balance and its
// overdue invoices. The count of their open requests is one more indexed
// query, as a landlord the quotes waiting for their answer one more, and
// their building's latest notices, next event and the moment the notices
// change by themselves three more. The page is then kept (the page cache)
// and the next request, with no write in between, runs no query at all;
// after any write it is built again from the database.
func TestSignedInHomeQueries(t *testing.T) {
	f, d := webtest.NewCountingFixture(t, webtest.Acme)
	ppl := f.SeedPeople("acme")
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		// Alice has a past link and a second home, so a loader that asked
		// once per unit or per link would show here.
		past := webtest.Now.AddDate(-3, 0, 0)
		end := webtest.Now.AddDate(-2, 0, 0)
		if _, err := estate.LinkPerson(ctx, tx, webtest.Now, ppl.FlatB.ID, ppl.Alice.ID, estate.RoleTenant, past, &end); err != nil {
			return err
		}
		_, err := estate.LinkPerson(ctx, tx, webtest.Now, ppl.FlatB.ID, ppl.Alice.ID, estate.RoleOwner, webtest.Now.AddDate(0, -1, 0), nil)
		return err
	})
	const custom = "portal.acme.example"
	if err := f.Tenants.AddHostname(context.Background(), custom, "acme"); err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"acme." + webtest.Base, custom} {
		b := f.Browser(host)
		b.SignInAs("acme", ppl.Alice)
		b.Get("/") // the first request after signing in may fill caches
		// A write (any write) makes the next request read the person
		// again.
		f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error { return nil })
		const accounts = 2 * 2 // Flat 1 as leaseholder, Flat 2 as its owner
		const requests = 1 + 1 // the count of their open requests, the quotes for them to approve
		const building = 3     // the latest notices, the next event, when the notices change
		for i, want := range []int{4 + accounts + requests + building, 0} {
			d.Reset()
			if code := b.Get("/").Code; code != 200 {
				t.Fatalf("%s: home %d", host, code)
			}
			// Counted as run, not parsed: statements are prepared once
			// and reused, so each run is a query the request cost.
			n := d.Runs(func(string) bool { return true })
			t.Logf("%s, request %d after a write: %d queries", host, i+1, n)
			if n > want {
				t.Errorf("%s: request %d after a write ran %d queries, want at most %d", host, i+1, n, want)
			}
		}
	}
}
