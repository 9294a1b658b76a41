package tickets_test

import (
	"context"
	"database/sql"
	"net/http/httptest"
	"net/url"
	"testing"

	"porch/estate"
	"porch/files"
	"porch/internal/webtest"
	"porch/tickets"
)

// lets is the people fixture with a lettings portfolio beside its block:
// Olu owns 12 Albion Road, let to Tia, who raised a ticket about its
// boiler; Oscar owns another house. Alice raised a ticket in the block.
type lets struct {
	*book
	house, other         estate.Unit
	olu, oscar, tia      estate.Person
	houseTick, blockTick tickets.Ticket
}

func newLets(t *testing.T) *lets {
	t.Helper()
	l := &lets{book: newBook(t)}
	ref, err := files.New(files.Config{}).Put(context.Background(), l.f.DB("acme"), files.Upload{Name: "boiler.png", Data: webtest.PNG(t)})
	if err != nil {
		t.Fatal(err)
	}
	l.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "North London lettings", Kind: estate.KindLettings}, webtest.Now)
		if err != nil {
			return err
		}
		mkUnit := func(name, pc string) (estate.Unit, error) {
			return estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: name, AddressLine1: name, Town: "London", Postcode: pc}, webtest.Now)
		}
		if l.house, err = mkUnit("12 Albion Road", "N16 9PS"); err != nil {
			return err
		}
		if l.other, err = mkUnit("7 Ashcombe Terrace", "N4 3QF"); err != nil {
			return err
		}
		mk := func(name, email string) (estate.Person, error) {
			return estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: name, Email: email, PortalEnabled: true}, webtest.Now)
		}
		if l.olu, err = mk("Olu Owner", "olu@example.com"); err != nil {
			return err
		}
		if l.oscar, err = mk("Oscar Other", "oscar@example.com"); err != nil {
			return err
		}
		if l.tia, err = mk("Tia Tenant", "tia@example.com"); err != nil {
			return err
		}
		start := webtest.Now.AddDate(-1, 0, 0)
		for _, lk := range []struct {
			u    estate.Unit
			p    estate.Person
			role string
		}{{l.house, l.olu, estate.RoleOwner}, {l.house, l.tia, estate.RoleTenant}, {l.other, l.oscar, estate.RoleOwner}} {
			if _, err := estate.LinkPerson(ctx, tx, webtest.Now, lk.u.ID, lk.p.ID, lk.role, start, nil); err != nil {
				return err
			}
		}
		cats, err := tickets.ListCategories(ctx, tx)
		if err != nil {
			return err
		}
		if l.houseTick, err = tickets.Raise(ctx, tx, webtest.Now, tickets.New{SiteID: site.ID, UnitID: l.house.ID,
			Location: tickets.LocationHome, CategoryID: cats[1].ID, Title: "Boiler losing pressure",
			Description: "The boiler drops to zero pressure every morning.\n\nNo hot water until it is topped up.",
			RaisedBy:    l.tia.ID, CreatedBy: l.tia.ID, Photos: []tickets.Photo{{Ref: ref, Name: "boiler.png"}}}); err != nil {
			return err
		}
		l.blockTick, err = tickets.Raise(ctx, tx, webtest.Now, tickets.New{SiteID: l.ppl.FlatA.SiteID, UnitID: l.ppl.FlatA.ID,
			Location: tickets.LocationHome, CategoryID: cats[0].ID, Title: "Leak under the sink",
			Description: "Water under the kitchen sink.", RaisedBy: l.ppl.Alice.ID, CreatedBy: l.ppl.Alice.ID})
		return err
	})
	return l
}

// as signs a new browser in as the person.
func (l *lets) as(p estate.Person) *webtest.Browser {
	b := l.f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", p)
	return b
}

// quotesPath is the quotes panel of a ticket.
func quotesPath(t tickets.Ticket) string { return "/admin/tickets/" + t.PublicID + "/quotes" }

// pdf is a small document the file store takes as a PDF.
var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// ask posts the ask form as a multipart upload, with the document when
// doc is not nil.
func ask(t *testing.T, b *webtest.Browser, path string, fields url.Values, doc []byte, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	var fs []webtest.File
	if doc != nil {
		fs = append(fs, webtest.File{Field: "document", Name: "Swift quote 1042.pdf", Data: doc})
	}
	return b.PostFiles(path, fields, fs, hdr...)
}

// quoteOf returns the newest quote of a ticket.
func (l *lets) quoteOf(t *testing.T, tk tickets.Ticket) tickets.Quote {
	t.Helper()
	qs, err := tickets.QuotesOf(context.Background(), l.f.DB("acme").Read(), tk.ID)
	if err != nil || len(qs) == 0 {
		t.Fatalf("no quote on %s: %v", tk.Ref(), err)
	}
	return qs[0]
}
