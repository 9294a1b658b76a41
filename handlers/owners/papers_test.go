package owners_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"

	"porch/documents"
	"porch/estate"
	"porch/files"
	"porch/internal/webtest"
	"porch/pdf"
)

// TestCertificatesOnThePropertyPage files two certificates for 12 Albion
// Road, one expired and one due within 30 days: Lena sees both flagged
// and downloads them; Omar, who owns a flat in the same building, reaches
// neither.
func TestCertificatesOnThePropertyPage(t *testing.T) {
	p := newPortfolio(t)
	var doc strings.Builder
	if err := pdf.OwnerStatement(&doc, pdf.OwnerDoc{Owner: pdf.Party{Name: "Certificate"}}); err != nil {
		t.Fatal(err)
	}
	ref, err := files.New(files.Config{}).Put(context.Background(), p.F.DB("acme"), files.Upload{Name: "cp12.pdf", Data: []byte(doc.String())})
	if err != nil {
		t.Fatal(err)
	}
	var gas, eicr documents.Document
	p.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		file := documents.File{Ref: ref, Name: "cp12.pdf"}
		if gas, err = documents.Upload(ctx, tx, webtest.Now, p.Ppl.Manager.ID, documents.Input{Title: "Gas safety record 2025", UnitID: p.albion.ID, Roles: []string{estate.RoleOwner, estate.RoleTenant},
			Kind: "Gas safety certificate", Class: documents.Class{Category: documents.CategoryCertificate, DatedOn: day(3, 1).AddDate(-1, 0, 0),
				ExpiresOn: day(3, 1)}, File: file}); err != nil {
			return err
		}
		eicr, err = documents.Upload(ctx, tx, webtest.Now, p.Ppl.Manager.ID, documents.Input{Title: "EICR", UnitID: p.albion.ID, Roles: []string{estate.RoleOwner, estate.RoleTenant},
			Kind: "EICR (electrical installation condition report)", Class: documents.Class{Category: documents.CategoryCertificate,
				DatedOn: day(4, 1).AddDate(-5, 0, 0), ExpiresOn: day(4, 1)}, File: file})
		return err
	})
	got := words(page(t, p.lenaB, propertyPath(p.albion)).Find("#owner-certificates-heading").Parent())
	if !strings.Contains(got, "Gas safety certificate") || !strings.Contains(got, "Expired") || !strings.Contains(got, "Due soon") {
		t.Errorf("certificates widget: %s", got)
	}
	for _, d := range []documents.Document{gas, eicr} {
		if rec := p.lenaB.Get("/documents/" + d.PublicID); rec.Code != http.StatusOK {
			t.Errorf("Lena downloads %s: %d", d.Title, rec.Code)
		}
	}
	webtest.AssertRefusesOutOfScope(t, p.omarB, "/documents/"+gas.PublicID, "/documents/"+eicr.PublicID)
	if strings.Contains(page(t, p.omarB, propertyPath(p.flat2)).Text(), "Gas safety certificate") {
		t.Errorf("Omar's flat shows Lena's certificate")
	}
}
