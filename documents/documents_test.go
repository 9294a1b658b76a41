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
	"porch/files"
	"porch/internal/testdb"
	"porch/tenants"
)

var testNow = time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC)

// estateOf is North Court (Flat 1: Ann, leaseholder; Flat 2: Olga, its
// landlord, and Tim, her tenant, who left another flat last year) and
// South Court (Flat 1: Bob, leaseholder), with a manager.
type estateOf struct {
	db                  *tenants.DB
	north, south        estate.Site
	n1, n2, s1          estate.Unit
	ann, olga, tim, bob estate.Person
	office              estate.Person
	folders             map[string]documents.Folder // North Court's, by name
}

func write(db *tenants.DB, fn func(ctx context.Context, tx *sql.Tx) error) error {
	return testdb.Write(db, fn)
}

func newEstate(t *testing.T) *estateOf {
	t.Helper()
	e := &estateOf{db: testdb.Org(t, "test"), folders: map[string]documents.Folder{}}
	yearAgo := testNow.AddDate(-1, 0, 0)
	if err := write(e.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		site := func(name string) (estate.Site, error) {
			return estate.CreateSite(ctx, tx, estate.SiteInput{Name: name, Kind: estate.KindBlock, AddressLine1: "1 Quay Street",
				Town: "Bristol", Postcode: "BS1 4AA"}, testNow)
		}
		unit := func(s estate.Site, name string) (estate.Unit, error) {
			return estate.CreateUnit(ctx, tx, s.ID, estate.UnitInput{Name: name}, testNow)
		}
		person := func(name, email string) (estate.Person, error) {
			return estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: name, Email: email, PortalEnabled: true}, testNow)
		}
		if e.north, err = site("North Court"); err != nil {
			return err
		}
		if e.south, err = site("South Court"); err != nil {
			return err
		}
		for _, u := range []struct {
			to   *estate.Unit
			s    estate.Site
			name string
		}{{&e.n1, e.north, "Flat 1"}, {&e.n2, e.north, "Flat 2"}, {&e.s1, e.south, "Flat 1"}} {
			if *u.to, err = unit(u.s, u.name); err != nil {
				return err
			}
		}
		for _, p := range []struct {
			to          *estate.Person
			name, email string
			unit        estate.Unit
			role        string
		}{{&e.ann, "Ann Ash", "ann@example.com", e.n1, estate.RoleLeaseholder}, {&e.olga, "Olga Oak", "olga@example.com", e.n2, estate.RoleOwner},
			{&e.tim, "Tim Teak", "tim@example.com", e.n2, estate.RoleTenant}, {&e.bob, "Bob Birch", "bob@example.com", e.s1, estate.RoleLeaseholder}} {
			if *p.to, err = person(p.name, p.email); err != nil {
				return err
			}
			if _, err := estate.LinkPerson(ctx, tx, testNow, p.unit.ID, p.to.ID, p.role, yearAgo, nil); err != nil {
				return err
			}
		}
		// Tim's old tenancy at South Court ended last year: it shows him nothing.
		end := testNow.AddDate(0, -6, 0)
		if _, err := estate.LinkPerson(ctx, tx, testNow, e.s1.ID, e.tim.ID, estate.RoleTenant, yearAgo, &end); err != nil {
			return err
		}
		e.office, err = person("Olive Office", "olive@example.com")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e.folders = foldersOf(t, e.db, e.north.ID)
	return e
}

// foldersOf is the site's folders by name.
func foldersOf(t *testing.T, db *tenants.DB, siteID int64) map[string]documents.Folder {
	t.Helper()
	fs, err := documents.Folders(context.Background(), db.Read(), siteID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]documents.Folder{}
	for _, f := range fs {
		out[f.Name] = f
	}
	return out
}

var pdf = documents.File{Ref: files.Ref{Hash: "abc123", Type: files.TypePDF, Size: 1200}, Name: "file.pdf"}

func (e *estateOf) upload(t *testing.T, in documents.Input) documents.Document {
	t.Helper()
	if in.File.Hash == "" {
		in.File = pdf
	}
	var d documents.Document
	if err := write(e.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		d, err = documents.Upload(ctx, tx, testNow, e.office.ID, in)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return d
}

// seen is the titles of what the person sees, by their links today.
func (e *estateOf) seen(t *testing.T, p estate.Person) []string {
	t.Helper()
	ctx := context.Background()
	links, err := estate.UnitsOfPerson(ctx, e.db.Read(), p.ID, testNow)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := documents.ForPerson(ctx, e.db.Read(), documents.HoldingsOf(links))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		out = append(out, d.Title)
		if _, err := documents.GetFor(ctx, e.db.Read(), documents.HoldingsOf(links), d.PublicID); err != nil {
			t.Errorf("%s lists %q but cannot get it: %v", p.FullName, d.Title, err)
		}
	}
	return out
}

func (e *estateOf) recipients(t *testing.T, d documents.Document) []string {
	t.Helper()
	rs, err := documents.Recipients(context.Background(), e.db.Read(), d.ID, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}

func (e *estateOf) setVisibility(t *testing.T, folder string, residents, owners bool) {
	t.Helper()
	if err := write(e.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := documents.SetFolderVisibility(ctx, tx, e.folders[folder].PublicID, residents, owners)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func TestFolderVisibilityBySiteAndRole(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	rules := e.upload(t, documents.Input{Title: "Building rules 2026", FolderID: e.folders["Building rules"].ID})
	minutes := e.upload(t, documents.Input{Title: "AGM minutes", FolderID: e.folders["Meeting minutes"].ID})
	insurance := e.upload(t, documents.Input{Title: "Buildings insurance", FolderID: e.folders["Insurance"].ID})
	e.setVisibility(t, "Meeting minutes", true, false) // residents only
	e.setVisibility(t, "Insurance", false, true)       // owners only

	for _, c := range []struct {
		who  estate.Person
		want []string
	}{
		{e.ann, []string{rules.Title, minutes.Title}},
		{e.tim, []string{rules.Title, minutes.Title}},
		{e.olga, []string{rules.Title, insurance.Title}},
		{e.bob, nil}, // another site
	} {
		if got := e.seen(t, c.who); !slices.Equal(got, c.want) {
			t.Errorf("%s sees %q, want %q", c.who.FullName, got, c.want)
		}
	}
	if got := e.recipients(t, minutes); !slices.Equal(got, []string{"Ann Ash", "Tim Teak"}) {
		t.Errorf("minutes go to %q", got)
	}
	if got := e.recipients(t, insurance); !slices.Equal(got, []string{"Olga Oak"}) {
		t.Errorf("insurance goes to %q", got)
	}

	// A removed document and an archived folder's are hidden; a guessed
	// or another site's id is NotFound.
	if err := write(e.db, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := documents.Remove(ctx, tx, testNow, rules.PublicID, true); err != nil {
			return err
		}
		_, err := documents.ArchiveFolder(ctx, tx, testNow, e.folders["Meeting minutes"].PublicID, true)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := e.seen(t, e.ann); len(got) != 0 {
		t.Errorf("Ann still sees %q", got)
	}
	links, _ := estate.UnitsOfPerson(context.Background(), e.db.Read(), e.bob.ID, testNow)
	if _, err := documents.GetFor(context.Background(), e.db.Read(), documents.HoldingsOf(links), insurance.PublicID); !errs.Is(err, errs.NotFound) {
		t.Errorf("Bob getting North Court's insurance: %v", err)
	}
}

func TestYearEndPackHiddenUntilReleased(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{documents.ReleaseApprove, documents.ReleaseAuto} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			e := newEstate(t)
			if err := write(e.db, func(ctx context.Context, tx *sql.Tx) error {
				return documents.SetYearEndRelease(ctx, tx, e.north.ID, mode)
			}); err != nil {
				t.Fatal(err)
			}
			pack := e.upload(t, documents.Input{Title: "Year-end accounts 2025", FolderID: e.folders["Year-end accounts"].ID})
			if mode == documents.ReleaseAuto {
				if pack.Awaiting() || !slices.Equal(e.seen(t, e.ann), []string{pack.Title}) {
					t.Fatalf("auto release: awaiting %v, Ann sees %q", pack.Awaiting(), e.seen(t, e.ann))
				}
				return
			}
			if !pack.Awaiting() || len(e.seen(t, e.ann)) != 0 || len(e.recipients(t, pack)) != 0 {
				t.Fatalf("before approval: awaiting %v, Ann sees %q, alerts to %q", pack.Awaiting(), e.seen(t, e.ann), e.recipients(t, pack))
			}
			for i, want := range []bool{true, false} {
				var released bool
				if err := write(e.db, func(ctx context.Context, tx *sql.Tx) (err error) {
					_, released, err = documents.Release(ctx, tx, testNow, pack.PublicID)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				if released != want {
					t.Errorf("release %d: released %v", i+1, released)
				}
			}
			if got := e.seen(t, e.ann); !slices.Equal(got, []string{pack.Title}) {
				t.Errorf("after release Ann sees %q", got)
			}
		})
	}
}

func TestUnitDocumentsOnlyToTheChosenRoles(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	gas := e.upload(t, documents.Input{Title: "Gas safety 2026", UnitID: e.n2.ID, Kind: "Gas safety certificate",
		Roles: []string{estate.RoleTenant, estate.RoleOwner}})
	tenancy := e.upload(t, documents.Input{Title: "Tenancy agreement", UnitID: e.n2.ID, Kind: "Tenancy agreement", Roles: []string{estate.RoleOwner}})
	for _, c := range []struct {
		who  estate.Person
		want []string
	}{{e.olga, []string{tenancy.Title, gas.Title}}, {e.tim, []string{gas.Title}}, {e.ann, nil}, {e.bob, nil}} {
		if got := e.seen(t, c.who); !slices.Equal(got, c.want) {
			t.Errorf("%s sees %q, want %q", c.who.FullName, got, c.want)
		}
	}
	if got := e.recipients(t, gas); !slices.Equal(got, []string{"Olga Oak", "Tim Teak"}) {
		t.Errorf("gas certificate goes to %q", got)
	}
	var err error
	if err = write(e.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := documents.Upload(ctx, tx, testNow, e.office.ID, documents.Input{UnitID: e.n2.ID, Roles: []string{"landlord"}, File: pdf})
		return err
	}); err == nil {
		t.Fatal("a unit document without a kind, in an unknown role, was accepted")
	}
	if f, _ := errs.As(err); f.Fields["kind"] == "" || f.Fields["roles"] == "" {
		t.Errorf("messages: %v", f.Fields)
	}
}

func TestAlertsGoOncePerPerson(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	d := e.upload(t, documents.Input{FolderID: e.folders["Fire safety"].ID, File: documents.File{Ref: pdf.Ref, Name: "Fire risk assessment.pdf"}})
	if d.Title != "Fire risk assessment" {
		t.Errorf("title from the file's name: %q", d.Title)
	}
	if err := write(e.db, func(ctx context.Context, tx *sql.Tx) error {
		for i, want := range []bool{true, false} {
			ok, err := documents.MarkAlerted(ctx, tx, d.ID, e.ann.ID, testNow)
			if err != nil || ok != want {
				t.Errorf("mark %d: %v %v", i+1, ok, err)
			}
		}
		_, err := documents.Replace(ctx, tx, testNow, e.office.ID, d.PublicID, documents.File{Ref: files.Ref{Hash: "def", Type: files.TypePDF, Size: 9}, Name: "v2.pdf"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := e.recipients(t, d); slices.Contains(got, "Ann Ash") {
		t.Errorf("Ann would be alerted again: %q", got)
	}
	vs, err := documents.Versions(context.Background(), e.db.Read(), d.ID)
	if err != nil || len(vs) != 2 || vs[0].Number != 2 || vs[0].Name != "v2.pdf" {
		t.Errorf("versions: %+v %v", vs, err)
	}
}

func TestFolderNamesAndMoves(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	err := write(e.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := documents.AddFolder(ctx, tx, testNow, e.north.ID, "  fire   SAFETY ")
		return err
	})
	if f, _ := errs.As(err); f == nil || f.Fields["name"] == "" {
		t.Errorf("a second Fire safety folder: %v", err)
	}
	d := e.upload(t, documents.Input{Title: "Lease plan", FolderID: e.folders["Insurance"].ID})
	southFolders, _ := documents.Folders(context.Background(), e.db.Read(), e.south.ID)
	if err := write(e.db, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := documents.Move(ctx, tx, testNow, d.PublicID, southFolders[0].PublicID); err == nil {
			t.Error("moved to another site's folder")
		}
		moved, err := documents.Move(ctx, tx, testNow, d.PublicID, e.folders["Leases"].PublicID)
		if err == nil && moved.FolderName != "Leases" {
			t.Errorf("moved to %q", moved.FolderName)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
