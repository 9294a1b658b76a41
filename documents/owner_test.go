package documents_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"porch/documents"
	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// lets is Mill House, a lettings site in one building: Flat A owned by
// Hana and let to Tom, Flat B owned by Gus and let to Vera, on top of
// North and South Court.
type lets struct {
	*estateOf
	mill                    estate.Site
	flatA, flatB            estate.Unit
	hana, gus, tom, vera    estate.Person
	tomTenancy, veraTenancy estate.Occupancy
}

func newLets(t *testing.T) *lets {
	t.Helper()
	l := &lets{estateOf: newEstate(t)}
	from := testNow.AddDate(0, -8, 0)
	if err := write(l.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		if l.mill, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Mill House", Kind: estate.KindLettings, AddressLine1: "3 Mill Lane",
			Town: "Bristol", Postcode: "BS3 1AA"}, testNow); err != nil {
			return err
		}
		for _, u := range []struct {
			to   *estate.Unit
			name string
		}{{&l.flatA, "Flat A"}, {&l.flatB, "Flat B"}} {
			if *u.to, err = estate.CreateUnit(ctx, tx, l.mill.ID, estate.UnitInput{Name: u.name, AddressLine1: u.name + ", 3 Mill Lane", Town: "Bristol", Postcode: "BS3 1AA"}, testNow); err != nil {
				return err
			}
		}
		for _, p := range []struct {
			to          *estate.Person
			name, email string
			unit        estate.Unit
			role        string
			occ         *estate.Occupancy
		}{{&l.hana, "Hana Holm", "hana@example.com", l.flatA, estate.RoleOwner, nil}, {&l.tom, "Tom Tern", "tom@example.com", l.flatA, estate.RoleTenant, &l.tomTenancy},
			{&l.gus, "Gus Gale", "gus@example.com", l.flatB, estate.RoleOwner, nil}, {&l.vera, "Vera Vale", "vera@example.com", l.flatB, estate.RoleTenant, &l.veraTenancy}} {
			if *p.to, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: p.name, Email: p.email, PortalEnabled: true}, testNow); err != nil {
				return err
			}
			if _, err := estate.LinkPerson(ctx, tx, testNow, p.unit.ID, p.to.ID, p.role, from, nil); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, o := range []struct {
		unit estate.Unit
		to   *estate.Occupancy
	}{{l.flatA, &l.tomTenancy}, {l.flatB, &l.veraTenancy}} {
		ts, err := documents.Tenancies(context.Background(), l.db.Read(), o.unit.ID)
		if err != nil || len(ts) != 1 {
			t.Fatalf("tenancies of %s: %v %v", o.unit.Name, ts, err)
		}
		o.to.ID, o.to.PublicID = ts[0].ID, ts[0].PublicID
	}
	return l
}

func date(s string) time.Time { return sqldb.ParseDate(s) }

// ownerHoldings are the person's holdings with their properties in the
// owner portal, as the download reads them.
func (l *lets) ownerHoldings(t *testing.T, p estate.Person) []documents.Holding {
	t.Helper()
	links, err := estate.UnitsOfPerson(context.Background(), l.db.Read(), p.ID, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, k := range links {
		if k.Role == estate.RoleOwner && k.Market != "" {
			ids = append(ids, k.UnitID)
		}
	}
	return documents.WithOwnerPortal(documents.HoldingsOf(links), ids)
}

func (l *lets) shelf(t *testing.T, u estate.Unit) documents.OwnerShelf {
	t.Helper()
	s, err := documents.OwnerShelfOf(context.Background(), l.db.Read(), u.ID, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func docTitles(ds []documents.Document) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Title
	}
	return out
}

func (l *lets) tryUpload(in documents.Input) (documents.Document, error) {
	if in.File.Hash == "" {
		in.File = pdf
	}
	var d documents.Document
	err := write(l.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		d, err = documents.Upload(ctx, tx, testNow, l.office.ID, in)
		return err
	})
	return d, err
}

func TestCategoryValidation(t *testing.T) {
	t.Parallel()
	l := newLets(t)
	owner := []string{estate.RoleOwner}
	for _, c := range []struct {
		name string
		in   documents.Input
		want []string // fields refused
	}{
		{"certificate without type or dates", documents.Input{Title: "Cert", Class: documents.Class{Category: documents.CategoryCertificate}},
			[]string{"cert_type", "dated_on", "expires_on"}},
		{"EPC without expiry", documents.Input{Title: "EPC", Kind: "EPC (energy performance certificate)",
			Class: documents.Class{Category: documents.CategoryCertificate, DatedOn: date("2024-01-10")}}, []string{"expires_on"}},
		{"expiry before issue", documents.Input{Title: "Gas", Kind: "Gas safety certificate",
			Class: documents.Class{Category: documents.CategoryCertificate, DatedOn: date("2026-01-10"), ExpiresOn: date("2025-01-10")}}, []string{"expires_on"}},
		{"unknown type", documents.Input{Title: "X", Kind: "Boiler warranty",
			Class: documents.Class{Category: documents.CategoryCertificate, DatedOn: date("2026-01-10"), ExpiresOn: date("2027-01-10")}}, []string{"cert_type"}},
		{"inspection without a date", documents.Input{Title: "Visit", Class: documents.Class{Category: documents.CategoryInspection}}, []string{"dated_on"}},
		{"tenancy without a tenancy", documents.Input{Title: "AST", Class: documents.Class{Category: documents.CategoryTenancy}}, []string{"tenancy"}},
		{"unknown category", documents.Input{Title: "?", Kind: "Note", Class: documents.Class{Category: "warranty"}}, []string{"category"}},
	} {
		c.in.UnitID, c.in.Roles = l.flatA.ID, owner
		_, err := l.tryUpload(c.in)
		e, _ := errs.As(err)
		if e == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		for _, f := range c.want {
			if e.Fields[f] == "" {
				t.Errorf("%s: no message for %s in %v", c.name, f, e.Fields)
			}
		}
	}
	// Another home's tenancy is refused, and nothing is saved.
	_, err := l.tryUpload(documents.Input{Title: "AST", UnitID: l.flatA.ID, Roles: owner,
		Class: documents.Class{Category: documents.CategoryTenancy, OccupancyID: l.veraTenancy.ID}})
	if e, _ := errs.As(err); e == nil || e.Fields["tenancy"] == "" {
		t.Errorf("Vera's tenancy filed for Flat A: %v", err)
	}
	var n int
	l.db.ReadPool().QueryRow(`SELECT count(*) FROM documents`).Scan(&n)
	if n != 0 {
		t.Errorf("%d documents saved by refused uploads", n)
	}
	// An inspection names its own kind; the dates a category does not use are dropped.
	d, err := l.tryUpload(documents.Input{Title: "Mid-term visit", UnitID: l.flatA.ID, Roles: owner,
		Class: documents.Class{Category: documents.CategoryInspection, DatedOn: date("2026-02-01"), ExpiresOn: date("2027-01-01")}})
	if err != nil || d.Kind != "Inspection document" || !d.ExpiresOn.IsZero() || d.DatedOn != date("2026-02-01") {
		t.Errorf("inspection: %+v %v", d.Class, err)
	}
}

func TestCertificateFlags(t *testing.T) {
	t.Parallel()
	today := date("2026-03-14")
	for _, c := range []struct {
		expires          string
		expired, dueSoon bool
		countdown        string
	}{
		{"2026-03-13", true, false, "yesterday"},
		{"2026-03-14", false, true, "today"},
		{"2026-04-13", false, true, "in 30 days"},
		{"2026-04-14", false, false, "in 31 days"},
		{"2025-03-01", true, false, "378 days ago"},
	} {
		cl := documents.Class{Category: documents.CategoryCertificate, ExpiresOn: date(c.expires)}
		if cl.Expired(today) != c.expired || cl.DueSoon(today) != c.dueSoon {
			t.Errorf("%s: expired %v due soon %v", c.expires, cl.Expired(today), cl.DueSoon(today))
		}
		got := documents.Certificates([]documents.Document{{Class: cl, Kind: "PAT test", UnitID: 1}}, today)
		if got[0].Countdown() != c.countdown || got[0].Flagged() != (c.expired || c.dueSoon) {
			t.Errorf("%s: %q flagged %v", c.expires, got[0].Countdown(), got[0].Flagged())
		}
	}
	insp := documents.Class{Category: documents.CategoryInspection, ExpiresOn: date("2020-01-01")}
	if insp.Expired(today) || insp.DueSoon(today) {
		t.Error("an inspection is flagged as a certificate")
	}
}

func TestOwnerShelfAndScopeInOneBuilding(t *testing.T) {
	t.Parallel()
	l := newLets(t)
	cert := func(unit estate.Unit, kind, title, issued, expires string) documents.Document {
		d, err := l.tryUpload(documents.Input{Title: title, UnitID: unit.ID, Kind: kind, Roles: []string{estate.RoleOwner, estate.RoleTenant},
			Class: documents.Class{Category: documents.CategoryCertificate, DatedOn: date(issued), ExpiresOn: date(expires)}})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	oldGas := cert(l.flatA, "Gas safety certificate", "Gas 2025", "2025-03-01", "2026-03-01")
	newGas := cert(l.flatA, "Gas safety certificate", "Gas 2026", "2026-03-01", "2027-03-01")
	eicr := cert(l.flatA, "EICR (electrical installation condition report)", "EICR", "2021-04-01", "2026-04-01")
	bGas := cert(l.flatB, "Gas safety certificate", "Flat B gas", "2025-03-10", "2026-03-10")
	report, _ := l.tryUpload(documents.Input{Title: "Inspection report March", UnitID: l.flatA.ID, Roles: []string{estate.RoleOwner},
		Class: documents.Class{Category: documents.CategoryInspectionReport, DatedOn: date("2026-03-02")}})
	private, _ := l.tryUpload(documents.Input{Title: "Tenant's reference", UnitID: l.flatA.ID, Kind: "Reference", Roles: []string{estate.RoleTenant}})
	shared, _ := l.tryUpload(documents.Input{Title: "Landlord's letter", UnitID: l.flatA.ID, Kind: "Letter", Roles: []string{estate.RoleOwner}})
	// The landlords' insurance folder is kept to staff: the copy alone shows it.
	insFolder := foldersOf(t, l.db, l.mill.ID)["Insurance"]
	if err := write(l.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := documents.SetFolderVisibility(ctx, tx, insFolder.PublicID, false, false)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	insurance := l.upload(t, documents.Input{Title: "Buildings insurance", FolderID: insFolder.ID})
	var agreement documents.Document
	if err := write(l.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		if agreement, err = documents.FileTenancyAgreement(ctx, tx, testNow, l.office.ID, l.tomTenancy.PublicID, "", pdf); err != nil {
			return err
		}
		// Copying twice copies once; the copy is Flat A's owner's only.
		for i, want := range []bool{true, false} {
			_, p, copied, err := documents.CopyToOwner(ctx, tx, testNow, l.office.ID, insurance.PublicID, l.flatA.PublicID)
			if err != nil || copied != want || p.ID != l.flatA.ID {
				t.Errorf("copy %d: %v %v %v", i+1, p, copied, err)
			}
		}
		_, _, _, err = documents.CopyToOwner(ctx, tx, testNow, l.office.ID, private.PublicID, l.flatB.PublicID)
		if e, _ := errs.As(err); e == nil || e.Fields["property"] == "" {
			t.Errorf("Flat A's document copied to Flat B: %v", err)
		}
		_, _, _, err = documents.CopyToOwner(ctx, tx, testNow, l.office.ID, report.PublicID, l.flatA.PublicID)
		if !errs.Is(err, errs.Conflict) {
			t.Errorf("a report copied to the portal it is in: %v", err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if agreement.Category != documents.CategoryTenancy || agreement.OccupancyID != l.tomTenancy.ID || agreement.Title != "Tenancy agreement, Tom Tern" ||
		!slices.Equal(agreement.Roles, []string{estate.RoleTenant, estate.RoleOwner}) {
		t.Errorf("filed agreement: %q %+v %v", agreement.Title, agreement.Class, agreement.Roles)
	}

	a := l.shelf(t, l.flatA)
	var certs []string
	var states []string
	for _, c := range a.Certificates {
		certs, states = append(certs, c.Title), append(states, c.State)
	}
	if !slices.Equal(certs, []string{newGas.Title, oldGas.Title, eicr.Title}) ||
		!slices.Equal(states, []string{documents.CertValid, documents.CertReplaced, documents.CertDueSoon}) || a.Flagged != 1 {
		t.Errorf("Flat A's certificates %q %q, %d flagged", certs, states, a.Flagged)
	}
	if got := docTitles(a.Reports); !slices.Equal(got, []string{report.Title}) || len(a.Inspections) != 0 {
		t.Errorf("reports %q, inspections %d", got, len(a.Inspections))
	}
	if len(a.Tenancies) != 1 || a.Tenancies[0].Tenancy.Names != "Tom Tern" {
		t.Errorf("tenancies %+v", a.Tenancies)
	}
	if got := docTitles(a.Copies); !slices.Equal(got, []string{insurance.Title, shared.Title}) {
		t.Errorf("Flat A's copies %q", got)
	}
	b := l.shelf(t, l.flatB)
	if len(b.Certificates) != 1 || b.Certificates[0].Title != bGas.Title || b.Certificates[0].State != documents.CertExpired ||
		len(b.Copies)+len(b.Reports)+len(b.Tenancies) != 0 {
		t.Errorf("Flat B's shelf: %+v", b)
	}

	// Downloads: each owner reaches their own property's documents only,
	// the tenant only what was shared with tenants.
	ctx, q := context.Background(), l.db.Read()
	for _, c := range []struct {
		who        estate.Person
		doc        documents.Document
		may        bool
		ownerPortl bool
	}{
		{l.hana, report, true, true}, {l.hana, insurance, true, true}, {l.hana, newGas, true, true}, {l.hana, agreement, true, true},
		{l.hana, bGas, false, true}, {l.hana, private, false, true},
		{l.gus, report, false, true}, {l.gus, insurance, false, true}, {l.gus, agreement, false, true}, {l.gus, bGas, true, true},
		{l.tom, report, false, true}, {l.tom, insurance, false, true}, {l.tom, agreement, true, true}, {l.vera, newGas, false, true},
		// Without the portal mark (a property the portal hides), Hana sees only what her role opens.
		{l.hana, report, true, false}, {l.hana, insurance, false, false},
	} {
		hs := l.ownerHoldings(t, c.who)
		if !c.ownerPortl {
			links, _ := estate.UnitsOfPerson(ctx, q, c.who.ID, testNow)
			hs = documents.HoldingsOf(links)
		}
		_, err := documents.GetFor(ctx, q, hs, c.doc.PublicID)
		if got := err == nil; got != c.may {
			t.Errorf("%s getting %q (portal %v): %v", c.who.FullName, c.doc.Title, c.ownerPortl, err)
		} else if err != nil && !errs.Is(err, errs.NotFound) {
			t.Errorf("%s getting %q: %v, want NotFound", c.who.FullName, c.doc.Title, err)
		}
	}

	// Removing the copy keeps the document and its versions; the original
	// stays in its folder, and Hana loses only the copy.
	if err := write(l.db, func(ctx context.Context, tx *sql.Tx) error {
		_, p, removed, err := documents.RemoveOwnerCopy(ctx, tx, insurance.PublicID, l.flatA.PublicID)
		if err == nil && (!removed || p.ID != l.flatA.ID) {
			t.Errorf("remove copy: %v %v", p, removed)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	kept, err := documents.Get(ctx, q, insurance.PublicID)
	if err != nil || kept.Removed() || kept.FolderID != insurance.FolderID {
		t.Errorf("the original after removing its copy: %+v %v", kept, err)
	}
	if got := docTitles(l.shelf(t, l.flatA).Copies); !slices.Equal(got, []string{shared.Title}) {
		t.Errorf("copies after removal %q", got)
	}
	if _, err := documents.GetFor(ctx, q, l.ownerHoldings(t, l.hana), insurance.PublicID); !errs.Is(err, errs.NotFound) {
		t.Errorf("Hana after the copy's removal: %v", err)
	}

	// The manager's renewals: Flat B's expired gas and Flat A's EICR, soonest first.
	due, err := documents.CertificatesDue(ctx, q, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var dueTitles []string
	for _, c := range due {
		dueTitles = append(dueTitles, c.Title)
	}
	if !slices.Equal(dueTitles, []string{bGas.Title, eicr.Title}) {
		t.Errorf("certificates due %q", dueTitles)
	}
}
