package demo_test

import (
	"context"
	"testing"

	"porch/demo"
	"porch/estate"
	"porch/files"
	"porch/tickets"
)

// The demo's requests: every status on both sites, photos that open from
// the file store, and one quote waiting for the owner persona.
func TestDemoTickets(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	store := files.New(files.Config{})
	if err := demo.Tickets(ctx, db, store, now); err != nil {
		t.Fatal(err)
	}
	count := func(query string, args ...any) map[string]int {
		t.Helper()
		rows, err := db.ReadPool().Query(query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				t.Fatal(err)
			}
			out[k] = n
		}
		return out
	}
	statuses := count(`SELECT status, count(*) FROM tickets GROUP BY status`)
	want := map[string]int{"open": 6, "in_progress": 9, "awaiting_resident": 4, "resolved": 4, "closed": 8}
	for s, n := range want {
		if statuses[s] != n {
			t.Errorf("%s: %d tickets, want %d (all: %v)", s, statuses[s], n, statuses)
		}
	}
	if got := count(`SELECT s.kind, count(*) FROM tickets t JOIN sites s ON s.id = t.site_id GROUP BY s.kind`); got["block"] < 10 || got["lettings"] < 10 {
		t.Errorf("tickets by site: %v", got)
	}
	if got := count(`SELECT priority, count(*) FROM tickets GROUP BY priority`); len(got) != len(tickets.Priorities) {
		t.Errorf("priorities: %v", got)
	}
	// Resolved and closed after the 14 days, resolved still within them,
	// closed without being resolved.
	kinds := count(`SELECT CASE WHEN status = 'closed' AND resolved_at IS NOT NULL THEN 'resolved and closed'
		WHEN status = 'closed' THEN 'closed' WHEN status = 'resolved' AND resolved_at > ? THEN 'in window' ELSE status END, count(*)
		FROM tickets GROUP BY 1`, now.Add(-tickets.ReopenWindow).Format("2006-01-02T15:04:05Z"))
	if kinds["resolved and closed"] < 3 || kinds["closed"] < 2 || kinds["in window"] != 4 {
		t.Errorf("closing: %v", kinds)
	}
	work := count(`SELECT 'x', count(*) FROM tickets WHERE assignee_id IS NOT NULL AND contractor <> '' AND appointment_date >= ?`, now.Format("2006-01-02"))
	notes := count(`SELECT 'x', count(*) FROM ticket_messages WHERE internal = 1`)
	replies := count(`SELECT staff, count(*) FROM ticket_messages GROUP BY staff`)
	if work["x"] < 5 || notes["x"] < 1 || replies["0"] < 3 || replies["1"] < 10 {
		t.Errorf("booked %v, notes %v, replies %v", work, notes, replies)
	}

	rows, err := db.ReadPool().Query(`SELECT hash, thumb FROM ticket_photos`)
	if err != nil {
		t.Fatal(err)
	}
	var refs [][2]string
	for rows.Next() {
		var h, th string
		rows.Scan(&h, &th)
		refs = append(refs, [2]string{h, th})
	}
	rows.Close()
	if len(refs) < 6 {
		t.Errorf("%d photos", len(refs))
	}
	for _, r := range refs {
		b, err := store.Get(ctx, db, r[0])
		if err != nil || !b.IsImage() || b.Width < 400 {
			t.Errorf("photo %s: %v %+v", r[0], err, b.Ref)
		}
		if _, err := store.Thumb(ctx, db, r[0]); err != nil {
			t.Errorf("thumbnail of %s: %v", r[0], err)
		}
	}

	owner, err := estate.FindPersonByEmail(ctx, db.Read(), demo.OwnerEmail)
	if err != nil {
		t.Fatal(err)
	}
	pending, err := tickets.PendingForOwner(ctx, db.Read(), owner.ID, now)
	if err != nil || len(pending) != 1 || !pending[0].HasDoc() {
		t.Fatalf("pending for the owner: %+v %v", pending, err)
	}
	if doc, err := store.Get(ctx, db, pending[0].Doc.Hash); err != nil || doc.Type != files.TypePDF {
		t.Errorf("quote document: %v", err)
	}
	all, _ := tickets.ForOwner(ctx, db.Read(), owner.ID, now)
	if len(all) != 2 || all[1].Status != tickets.QuoteApproved {
		t.Errorf("the owner's quotes: %+v", all)
	}
	var numbered int
	db.ReadPool().QueryRow(`SELECT count(*) FROM tickets a JOIN tickets b ON a.number < b.number AND a.created_at > b.created_at`).Scan(&numbered)
	if numbered != 0 {
		t.Errorf("%d pairs of tickets numbered out of the order they were raised", numbered)
	}
}
