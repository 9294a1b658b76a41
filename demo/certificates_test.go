package demo_test

import (
	"context"
	"slices"
	"testing"

	"porch/demo"
	"porch/documents"
	"porch/errs"
	"porch/estate"
	"porch/files"
)

// The demo's landlords' property papers: gas safety, EICR and EPC for each
// of Harjit's three lets and Grace's one, one expired and one due within
// the month; an inspection and its report for two homes; each current
// tenancy's agreement once (Harjit's first home's converted, not filed
// again); the alarms guide copied to Harjit's first home; and neither
// landlord reaching the other's papers.
func TestDemoPropertyDocuments(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	if err := demo.Documents(ctx, db, files.New(files.Config{}), now); err != nil {
		t.Fatal(err)
	}
	q := db.Read()
	today := estate.UKDate(now)
	homes := map[string][]estate.PersonUnit{}
	holdings := map[string][]documents.Holding{}
	for _, email := range []string{demo.OwnerEmail, demo.SellerEmail} {
		p, err := estate.FindPersonByEmail(ctx, q, email)
		if err != nil {
			t.Fatal(err)
		}
		links, err := estate.UnitsOfPerson(ctx, q, p.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, l := range links {
			if l.Role == estate.RoleOwner && l.Market == estate.MarketLetting {
				homes[email] = append(homes[email], l)
				ids = append(ids, l.UnitID)
			}
		}
		holdings[email] = documents.WithOwnerPortal(documents.HoldingsOf(links), ids)
	}
	if len(homes[demo.OwnerEmail]) != 3 || len(homes[demo.SellerEmail]) != 1 {
		t.Fatalf("Harjit owns %d lets, Grace %d", len(homes[demo.OwnerEmail]), len(homes[demo.SellerEmail]))
	}

	states := map[string]int{}
	inspected := 0
	for email, hs := range homes {
		for i, h := range hs {
			shelf, err := documents.OwnerShelfOf(ctx, q, h.UnitID, today)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, c := range shelf.Certificates {
				kinds = append(kinds, c.Kind)
				states[c.State]++
			}
			if !slices.Equal(kinds, []string{"Gas safety certificate", "EICR (electrical installation condition report)", "EPC (energy performance certificate)"}) {
				t.Errorf("%s's certificates: %q", h.UnitName, kinds)
			}
			if len(shelf.Inspections) == 1 && len(shelf.Reports) == 1 {
				inspected++
			} else if len(shelf.Inspections)+len(shelf.Reports) != 0 {
				t.Errorf("%s: %d inspections, %d reports", h.UnitName, len(shelf.Inspections), len(shelf.Reports))
			}
			ts, err := documents.Tenancies(ctx, q, h.UnitID)
			if err != nil {
				t.Fatal(err)
			}
			current := 0
			for _, tn := range ts {
				if tn.End == nil {
					current++
				}
			}
			if len(shelf.Tenancies) != current || current == 0 {
				t.Errorf("%s: %d agreements for %d current tenancies", h.UnitName, len(shelf.Tenancies), current)
			}
			all, _ := documents.OfUnit(ctx, q, h.UnitID)
			for _, d := range all {
				if (d.Kind == "Tenancy agreement" || d.Kind == "Gas safety certificate") && d.Category == "" {
					t.Errorf("%s: %q was not filed as a %s", h.UnitName, d.Title, d.Kind)
				}
			}
			wantCopies := 0
			if email == demo.OwnerEmail && i == 0 {
				wantCopies = 1
			}
			if len(shelf.Copies) != wantCopies {
				t.Errorf("%s: copies %d", h.UnitName, len(shelf.Copies))
			}
			// Each landlord reaches their own papers, never the other's.
			for who, hs := range holdings {
				for _, d := range append(append([]documents.Document{}, shelf.Reports...), shelf.Certificates[0].Document) {
					_, err := documents.GetFor(ctx, q, hs, d.PublicID)
					if own := who == email; own != (err == nil) || (!own && !errs.Is(err, errs.NotFound)) {
						t.Errorf("%s getting %q of %s: %v", who, d.Title, h.UnitName, err)
					}
				}
			}
		}
	}
	if states[documents.CertExpired] != 1 || states[documents.CertDueSoon] != 1 || states[documents.CertValid] != 10 || inspected != 2 {
		t.Errorf("certificate states %v, %d homes inspected", states, inspected)
	}
	due, err := documents.CertificatesDue(ctx, q, today)
	if err != nil || len(due) != 2 || due[0].State != documents.CertExpired || due[1].State != documents.CertDueSoon {
		t.Errorf("certificates due: %+v %v", due, err)
	}
}
