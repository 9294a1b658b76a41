package tickets_test

import (
	"context"
	"database/sql"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"porch/estate"
	"porch/internal/webtest"
	"porch/tickets"
)

// raise files a request as Alice from Flat 1 at the moment at, changed by
// mods first, and returns it.
func (b *book) raise(t *testing.T, title string, at time.Time, mods ...func(*tickets.New)) tickets.Ticket {
	t.Helper()
	n := tickets.New{SiteID: b.ppl.FlatA.SiteID, UnitID: b.ppl.FlatA.ID, Location: tickets.LocationHome,
		CategoryID: b.category(t, "Leak or flood").ID, Title: title, Description: "Water is coming through the ceiling.",
		RaisedBy: b.ppl.Alice.ID, CreatedBy: b.ppl.Alice.ID}
	for _, m := range mods {
		m(&n)
	}
	var out tickets.Ticket
	b.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		out, err = tickets.Raise(ctx, tx, at, n)
		return err
	})
	return out
}

// ticket reads a ticket afresh.
func (b *book) ticket(t *testing.T, publicID string) tickets.Ticket {
	t.Helper()
	tk, err := tickets.Get(context.Background(), b.f.DB("acme").Read(), publicID)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// signedIn returns a client signed in as a new member of staff with role.
func (b *book) signedIn(t *testing.T, name, email, role string) (*webtest.Browser, estate.Person) {
	t.Helper()
	var p estate.Person
	b.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if p, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: name, Email: email, PortalEnabled: true}, webtest.Now); err != nil {
			return err
		}
		return estate.AddStaff(ctx, tx, p.ID, role, webtest.Now)
	})
	br := b.f.Browser("acme." + webtest.Base)
	br.SignInAs("acme", p)
	return br, p
}

// outbox is every message queued in the org, subject, text and HTML.
func (b *book) outbox(t *testing.T) []string {
	t.Helper()
	rows, err := b.f.DB("acme").ReadPool().Query(`SELECT to_addr || ' ' || subject || ' ' || text_body || ' ' || coalesce(html_body, '') FROM mail_outbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// postFiles posts fields and files (under "photos") as multipart.
func postFiles(t *testing.T, br *webtest.Browser, path string, fields url.Values, photos [][]byte, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	fs := make([]webtest.File, len(photos))
	for i, p := range photos {
		fs[i] = webtest.File{Field: "photos", Name: "photo" + string(rune('a'+i)) + ".png", Data: p}
	}
	return br.PostFiles(path, fields, fs, hdr...)
}
