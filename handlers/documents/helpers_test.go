package documents_test

import (
	"context"
	"database/sql"
	"net/http/httptest"
	"net/url"
	"testing"

	"porch/documents"
	"porch/estate"
	"porch/handlers"
	"porch/internal/webtest"
)

// world is the fixture's Harbour View (Alice at Flat 1 and Bob at Flat 2,
// leaseholders, and the manager) and Quay House, whose Flat 9 is let by
// Olga to Carol.
type world struct {
	f                  *webtest.Fixture
	ppl                webtest.People
	harbour, quay      documents.Site
	flat9              estate.Unit
	carol, olga        estate.Person
	mgr, alice, carolB *webtest.Browser
	olgaB, bob         *webtest.Browser
}

func newWorld(t *testing.T, mutate func(*handlers.Config)) *world {
	t.Helper()
	f := webtest.NewFixture(t, mutate, webtest.Acme)
	w := &world{f: f, ppl: f.SeedPeople("acme")}
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		quay, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Quay House", Kind: estate.KindLettings,
			AddressLine1: "2 Quay Street", Town: "Bristol", Postcode: "BS1 4RN"}, webtest.Now)
		if err != nil {
			return err
		}
		if w.flat9, err = estate.CreateUnit(ctx, tx, quay.ID, estate.UnitInput{Name: "Flat 9", AddressLine1: "Flat 9, 2 Quay Street", Town: "Bristol", Postcode: "BS1 4RN"}, webtest.Now); err != nil {
			return err
		}
		for _, p := range []struct {
			to          *estate.Person
			name, email string
			role        string
		}{{&w.carol, "Carol Cho", "carol@example.com", estate.RoleTenant}, {&w.olga, "Olga Oduya", "olga@example.com", estate.RoleOwner}} {
			if *p.to, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: p.name, Email: p.email, PortalEnabled: true}, webtest.Now); err != nil {
				return err
			}
			if _, err := estate.LinkPerson(ctx, tx, webtest.Now, w.flat9.ID, p.to.ID, p.role, webtest.Now.AddDate(-1, 0, 0), nil); err != nil {
				return err
			}
		}
		return nil
	})
	sites, err := documents.Sites(context.Background(), f.DB("acme").Read())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sites {
		switch s.Name {
		case "Harbour View":
			w.harbour = s
		case "Quay House":
			w.quay = s
		}
	}
	browser := func(p estate.Person) *webtest.Browser {
		b := f.Browser("acme." + webtest.Base)
		b.SignInAs("acme", p)
		return b
	}
	w.mgr, w.alice, w.bob = browser(w.ppl.Manager), browser(w.ppl.Alice), browser(w.ppl.Bob)
	w.carolB, w.olgaB = browser(w.carol), browser(w.olga)
	return w
}

// folder is the site's folder with the name.
func (w *world) folder(t *testing.T, site documents.Site, name string) documents.Folder {
	t.Helper()
	fs, err := documents.Folders(context.Background(), w.f.DB("acme").Read(), site.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no folder %q", name)
	return documents.Folder{}
}

// docID is the public id of the document with the title.
func (w *world) docID(t *testing.T, title string) string {
	t.Helper()
	var id string
	if err := w.f.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM documents WHERE title = ?`, title).Scan(&id); err != nil {
		t.Fatalf("document %q: %v", title, err)
	}
	return id
}

// upload posts the upload form of a folder as the manager.
func (w *world) upload(t *testing.T, f documents.Folder, title, name string, data []byte) *httptest.ResponseRecorder {
	t.Helper()
	return w.mgr.PostFiles("/admin/documents/folders/"+f.PublicID+"/upload", url.Values{"title": {title}},
		[]webtest.File{{Field: "file", Name: name, Data: data}})
}

// pdfOf is a small valid PDF with a line of text.
func pdfOf(t *testing.T, text string) []byte { return webtest.PDF(t, text) }

// attachments is the file names attached to the mail to the address.
func (w *world) attachments(t *testing.T, to string) []string {
	t.Helper()
	rows, err := w.f.DB("acme").ReadPool().Query(`SELECT a.filename FROM mail_attachments a JOIN mail_outbox o ON o.id = a.outbox_id
		WHERE o.to_addr = ? ORDER BY a.id`, to)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}
