package demo_test

import (
	"context"
	"testing"

	"porch/demo"
	"porch/documents"
	"porch/estate"
	"porch/files"
)

// The demo's documents: real PDFs in the store, Harbour View's year-end
// pack waiting for approval and the lettings portfolio's released, and
// each persona seeing their own home's papers and no one else's.
func TestDemoDocuments(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	store := files.New(files.Config{})
	if err := demo.Documents(ctx, db, store, now); err != nil {
		t.Fatal(err)
	}
	q := db.Read()
	var waiting, released string
	db.ReadPool().QueryRow(`SELECT s.name FROM documents d JOIN document_folders f ON f.id = d.folder_id JOIN sites s ON s.id = f.site_id
		WHERE f.year_end = 1 AND d.released_at IS NULL`).Scan(&waiting)
	db.ReadPool().QueryRow(`SELECT s.name FROM documents d JOIN document_folders f ON f.id = d.folder_id JOIN sites s ON s.id = f.site_id
		WHERE f.year_end = 1 AND d.released_at IS NOT NULL`).Scan(&released)
	if waiting != "Harbour View" || released == "" || released == "Harbour View" {
		t.Errorf("year-end packs: waiting at %q, released at %q", waiting, released)
	}
	seen := func(email string) []documents.Document {
		t.Helper()
		p, err := estate.FindPersonByEmail(ctx, q, email)
		if err != nil {
			t.Fatal(err)
		}
		links, err := estate.UnitsOfPerson(ctx, q, p.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := documents.ForPerson(ctx, q, documents.HoldingsOf(links))
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	kinds := func(ds []documents.Document) map[string]bool {
		out := map[string]bool{}
		for _, d := range ds {
			out[d.Kind] = true
			if b, err := store.Get(ctx, db, d.Current.Hash); err != nil || b.Type != files.TypePDF {
				t.Errorf("%q: %v", d.Title, err)
			}
		}
		return out
	}
	amara := seen(demo.ResidentEmail)
	if k := kinds(amara); !k["Lease"] || k["Gas safety certificate"] || len(amara) < 5 {
		t.Errorf("Amara sees %d documents, kinds %v", len(amara), k)
	}
	if k := kinds(seen(demo.OwnerEmail)); !k["Gas safety certificate"] || !k["Tenancy agreement"] || k["Lease"] {
		t.Errorf("Harjit sees kinds %v", k)
	}
	var alerted int
	db.ReadPool().QueryRow(`SELECT count(*) FROM document_alerts`).Scan(&alerted)
	if alerted == 0 {
		t.Error("no alerts recorded for the demo's shared documents")
	}
}
