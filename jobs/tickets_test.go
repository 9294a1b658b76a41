package jobs

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"porch/estate"
	"porch/tickets"
)

// The daily run closes a request resolved 15 days ago, past its resident's
// 14 days to reopen it, and leaves one resolved 13 days ago, in an
// organisation with a ledger and in one without alike.
func TestDailyRunClosesRequestsPastTheirWindow(t *testing.T) {
	w := newWorld(t)
	now := w.clock.Now()
	ids := map[string][2]int64{}
	for _, slug := range []string{"bravo", "charlie"} {
		db, release, err := w.tm.Acquire(context.Background(), slug)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		err = db.Write(ctx, func(tx *sql.Tx) error {
			site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Ash Court", Kind: estate.KindBlock,
				AddressLine1: "3 Ash Row", Town: "Leeds", Postcode: "LS1 1AA"}, now.AddDate(0, -2, 0))
			if err != nil {
				return err
			}
			unit, err := estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "Flat 4", Share: "100"}, now.AddDate(0, -2, 0))
			if err != nil {
				return err
			}
			p, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Rae Resident"}, now.AddDate(0, -2, 0))
			if err != nil {
				return err
			}
			cats, err := tickets.AllowedForSite(ctx, tx, site.ID)
			if err != nil {
				return err
			}
			var pair [2]int64
			for i, ago := range []int{15, 13} {
				at := now.AddDate(0, 0, -ago)
				tk, err := tickets.Raise(ctx, tx, at.Add(-time.Hour), tickets.New{SiteID: site.ID, UnitID: unit.ID, Location: tickets.LocationHome,
					CategoryID: cats[0].ID, Title: "Dripping tap", Description: "In the kitchen.", RaisedBy: p.ID, CreatedBy: p.ID})
				if err != nil {
					return err
				}
				if _, err := tickets.SetStatus(ctx, tx, at, tk, tickets.StatusResolved, p.ID); err != nil {
					return err
				}
				pair[i] = tk.ID
			}
			ids[slug] = pair
			return nil
		})
		release()
		if err != nil {
			t.Fatal(err)
		}
	}
	results, err := w.runner().RunAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := byOrg(results)
	for _, slug := range []string{"bravo", "charlie"} {
		if got[slug].Closed != 1 {
			t.Errorf("%s: closed %d, want 1", slug, got[slug].Closed)
		}
		for i, want := range []string{tickets.StatusClosed, tickets.StatusResolved} {
			if n := w.count(t, slug, `SELECT count(*) FROM tickets WHERE id = ? AND status = ?`, ids[slug][i], want); n != 1 {
				t.Errorf("%s: request resolved %d days ago is not %s", slug, []int{15, 13}[i], want)
			}
		}
		if n := w.count(t, slug, `SELECT count(*) FROM ticket_events WHERE ticket_id = ? AND actor_id IS NULL AND public = 1`, ids[slug][0]); n != 1 {
			t.Errorf("%s: the closing is not in the request's history", slug)
		}
	}
	if got["alpha"].Closed != 0 {
		t.Errorf("alpha had no requests, yet %d closed", got["alpha"].Closed)
	}
}
