package sites_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// estateBook is the people fixture with its administrator signed in.
type estateBook struct {
	f   *webtest.Fixture
	ppl webtest.People
	mgr *webtest.Browser
}

func newEstate(t *testing.T) *estateBook {
	t.Helper()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	e := &estateBook{f: f, ppl: f.SeedPeople("acme"), mgr: f.Browser("acme." + webtest.Base)}
	e.mgr.SignInAs("acme", e.ppl.Manager)
	return e
}

// count runs a count query on the org's database.
func (e *estateBook) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.f.DB("acme").ReadPool().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// siteForm is a valid block's form.
func siteForm(name string) url.Values {
	return url.Values{"name": {name}, "kind": {estate.KindBlock}, "address_line1": {"2 Canal Wharf"}, "town": {"Leeds"},
		"postcode": {"ls1 4ap"}, "landlord_name": {"Wharf Freehold Ltd"}, "landlord_address": {"1 Park Row\n\n  Leeds LS1 5AB "},
		"year_end": {"31/12"}}
}

// addSite adds a site through the screen and returns it.
func (e *estateBook) addSite(t *testing.T, name string) estate.Site {
	t.Helper()
	rec := e.mgr.Post("/admin/sites", siteForm(name))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("add site: %d %.500s", rec.Code, rec.Body.String())
	}
	loc := rec.Header().Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/admin/sites/"), "?done=created")
	site, err := estate.GetSite(context.Background(), e.f.DB("acme").Read(), id)
	if err != nil {
		t.Fatalf("%s: %v", loc, err)
	}
	return site
}

func TestSiteIsAddedEditedAndListed(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	site := e.addSite(t, "Canal Wharf")
	if site.Postcode != "LS1 4AP" || site.YearEnd != "12-31" || site.LandlordAddress != "1 Park Row\nLeeds LS1 5AB" {
		t.Errorf("site = %+v", site)
	}
	if n := e.f.AuditCount("acme", "site.created", site.PublicID); n != 1 {
		t.Errorf("%d site.created entries", n)
	}
	page := webtest.Doc(t, e.mgr.Get("/admin/sites/"+site.PublicID+"?done=created"))
	if got := page.Find(`#site-year-end`).AttrOr("value", ""); got != "31 December" {
		t.Errorf("year end shown as %q", got)
	}

	form := siteForm("Canal Wharf House")
	form.Set("year_end", "24 June")
	rec := e.mgr.Post("/admin/sites/"+site.PublicID, form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/sites/"+site.PublicID+"?done=saved" {
		t.Fatalf("edit: %d %q %.500s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	var detail string
	if err := e.f.DB("acme").ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = 'site.updated' AND object = ?`,
		site.PublicID).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if want := `name: "Canal Wharf" → "Canal Wharf House"; year_end: "12-31" → "06-24"`; detail != want {
		t.Errorf("audit detail = %q, want %q", detail, want)
	}
	list := webtest.Doc(t, e.mgr.Get("/admin/sites"))
	if got := list.Find(`tbody th a[href="/admin/sites/` + site.PublicID + `"]`).Text(); got != "Canal Wharf House" {
		t.Errorf("list shows %q", got)
	}
}

func TestSiteFormRefusalsAreShownNextToFields(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	tests := []struct {
		name, field, value, want string
	}{
		{"empty name", "name", " ", "Enter the site's name"},
		{"bad postcode", "postcode", "LS1 ZZZ", "Enter a UK postcode"},
		{"not a day", "year_end", "31 June", "June has no day 31"},
		{"words", "year_end", "end of March", "Enter the day and month"},
		{"leap day", "year_end", "29/02", "not in every year"},
		{"landlord without address", "landlord_address", "", "address in England or Wales"},
		{"name taken", "name", "harbour view", "already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := siteForm("Mill Court")
			form.Set(tt.field, tt.value)
			for _, hx := range [][]string{nil, {"HX-Request", "true", "HX-Target", "site-add"}} {
				rec := e.mgr.Post("/admin/sites", form, hx...)
				if rec.Code != http.StatusUnprocessableEntity {
					t.Fatalf("%v: %d, want 422", hx, rec.Code)
				}
				if got := webtest.FieldError(webtest.Doc(t, rec).Selection, tt.field); !strings.Contains(got, tt.want) {
					t.Errorf("%v: %s error %q, want %q", hx, tt.field, got, tt.want)
				}
			}
		})
	}
	if n := e.count(t, `SELECT count(*) FROM sites`); n != 1 {
		t.Errorf("%d sites after refusals, want 1", n)
	}
}

func TestUnitsAreAddedOneAtATimeAndInRanges(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	site := e.addSite(t, "Canal Wharf")
	base := "/admin/sites/" + site.PublicID
	rec := e.mgr.Post(base+"/units", url.Values{"name": {"Penthouse"}, "floor": {"8"}, "kind": {"flat"}, "bedrooms": {"3"}, "share": {"10"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("add unit: %d %.500s", rec.Code, rec.Body.String())
	}
	if n := e.f.AuditCount("acme", "unit.created"); n != 1 {
		t.Errorf("%d unit.created entries", n)
	}

	rng := url.Values{"prefix": {"Flat"}, "from": {"1"}, "to": {"28"}, "floor": {""}, "kind": {"flat"}}
	rec = e.mgr.Post(base+"/units/range", rng, "HX-Request", "true", "HX-Target", "unit-range")
	if !strings.Contains(rec.Body.String(), "This adds 28 units: Flat 1 to Flat 28.") {
		t.Errorf("check shows no count: %.1500s", rec.Body.String())
	}
	if n := e.count(t, `SELECT count(*) FROM units WHERE site_id = ?`, site.ID); n != 1 {
		t.Fatalf("checking the range added units: %d", n)
	}
	rng.Set("action", "add")
	if rec = e.mgr.Post(base+"/units/range", rng); rec.Code != http.StatusSeeOther {
		t.Fatalf("add range: %d %.500s", rec.Code, rec.Body.String())
	}
	page := webtest.Doc(t, e.mgr.Get(base))
	if n := page.Find(`#site-screen tbody th a`).Length(); n != 29 {
		t.Errorf("site lists %d units, want 29", n)
	}
	if got := page.Find(`#site-screen tbody tr:nth-child(2) th`).Text(); got != "Flat 2" {
		t.Errorf("second unit is %q, want Flat 2 (natural order)", got)
	}
	if !strings.Contains(page.Text(), "shares total 10%, not 100%") {
		t.Error("no warning about shares short of 100%")
	}
	if n := e.f.AuditCount("acme", "units.created", site.PublicID); n != 1 {
		t.Errorf("%d units.created entries", n)
	}

	// A range that runs into names the site has is refused whole.
	rng.Set("from", "27")
	rng.Set("to", "40")
	rec = e.mgr.Post(base+"/units/range", rng, "HX-Request", "true", "HX-Target", "unit-range")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Flat 27 and Flat 28 already exist") {
		t.Errorf("clash: %d %.1500s", rec.Code, rec.Body.String())
	}
	if n := e.count(t, `SELECT count(*) FROM units WHERE site_id = ?`, site.ID); n != 29 {
		t.Errorf("%d units after a refused range, want 29", n)
	}
	for _, tt := range []struct{ from, to, field, want string }{
		{"5", "2", "to", "cannot be below"},
		{"1", "501", "to", "at most 500"},
		{"one", "3", "from", "whole number"},
	} {
		rng.Set("from", tt.from)
		rng.Set("to", tt.to)
		rec = e.mgr.Post(base+"/units/range", rng)
		if got := webtest.FieldError(webtest.Doc(t, rec).Selection, tt.field); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(got, tt.want) {
			t.Errorf("%s–%s: %d %q, want %q", tt.from, tt.to, rec.Code, got, tt.want)
		}
	}
}

func TestUnitIsEditedAndSharesCapped(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	flat := e.ppl.FlatA // Harbour View: Flat 1 and Flat 2 at 50% each
	path := "/admin/sites/" + flat.SitePublicID + "/units/" + flat.PublicID
	form := url.Values{"name": {"Flat 1A"}, "floor": {"Ground"}, "kind": {"maisonette"}, "bedrooms": {"2"}, "share": {"60"}}
	rec := e.mgr.Post(path, form, "HX-Request", "true", "HX-Target", "unit-edit")
	if got := webtest.FieldError(webtest.Doc(t, rec).Selection, "share"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(got, "at most 50%") {
		t.Errorf("share over 100%%: %d %q", rec.Code, got)
	}
	form.Set("share", "40")
	if rec = e.mgr.Post(path, form); rec.Code != http.StatusSeeOther {
		t.Fatalf("edit unit: %d %.500s", rec.Code, rec.Body.String())
	}
	u, err := estate.GetUnitByID(context.Background(), e.f.DB("acme").Read(), flat.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Flat 1A" || u.Floor != "Ground" || u.Kind != "maisonette" || u.SharePPM != 400000 {
		t.Errorf("unit = %+v", u)
	}
	var detail string
	if err := e.f.DB("acme").ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = 'unit.updated'`).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(detail, `share: "50%" → "40%"`) {
		t.Errorf("audit detail = %q", detail)
	}
}

func TestArchiveWaitsForOccupantsToLeave(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	site := "/admin/sites/" + e.ppl.FlatA.SitePublicID
	rec := e.mgr.Post(site+"/archive", nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Flat 1 and Flat 2 still have people") {
		t.Fatalf("archive with occupants: %d %.800s", rec.Code, rec.Body.String())
	}
	unit := site + "/units/" + e.ppl.FlatA.PublicID
	if rec = e.mgr.Post(unit+"/archive", nil, "HX-Request", "true", "HX-Target", "unit-screen"); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("archive an occupied unit: %d", rec.Code)
	}

	// Everyone leaves yesterday: the links end, and archiving is allowed.
	e.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE occupancies SET end_date = date(?, '-1 day')`, webtest.Now.Format("2006-01-02"))
		return err
	})
	if rec = e.mgr.Post(unit+"/archive", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("archive unit: %d %.500s", rec.Code, rec.Body.String())
	}
	if rec = e.mgr.Post(site+"/archive", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("archive site: %d %.500s", rec.Code, rec.Body.String())
	}
	for _, action := range []string{"unit.archived", "site.archived"} {
		if n := e.f.AuditCount("acme", action); n != 1 {
			t.Errorf("%d %s entries", n, action)
		}
	}
	if strings.Contains(e.mgr.Get("/admin/sites").Body.String(), "Harbour View") {
		t.Error("the archived site is still listed")
	}
	if strings.Contains(e.mgr.Get("/admin/ledger").Body.String(), e.ppl.FlatA.SitePublicID+"/demand") {
		t.Error("the archived site is offered a bulk demand")
	}
	if !strings.Contains(e.mgr.Get("/admin/sites?archived=1").Body.String(), "Harbour View") {
		t.Error("the archived site is not listed when asked")
	}
	if rec = e.mgr.Post(site+"/restore", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("restore: %d", rec.Code)
	}
}

func TestOnlyManagersChangeTheEstate(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	site := "/admin/sites/" + e.ppl.FlatA.SitePublicID
	for _, role := range []string{estate.StaffRoleStaff, estate.StaffRoleReadOnly} {
		b := e.f.Browser("acme." + webtest.Base)
		b.SignInAs("acme", e.f.AddStaffAs("acme", "Member "+role, role+"@acme.example", role))
		if rec := b.Get(site); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "Add a unit") {
			t.Errorf("%s: site page %d, or offers a form it cannot use", role, rec.Code)
		}
		for _, path := range []string{"/admin/sites", site, site + "/units", site + "/units/range", site + "/archive"} {
			if rec := b.Post(path, siteForm("Mill Court")); rec.Code != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", role, path, rec.Code)
			}
		}
	}
	if n := e.count(t, `SELECT count(*) FROM sites`); n != 1 {
		t.Errorf("%d sites", n)
	}
}
