package sites_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
)

// An organisation with only its manager is set up through the screens:
// a block, its flats, the people, a joint lease with its terms and a
// tenancy; each resident then signs in and sees their home, and only
// theirs.
func TestAgencyFromNothingThroughTheScreens(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	manager := f.AddStaffAs("acme", "Priya Shah", "priya@acme.example", estate.StaffRoleManager)
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", manager)
	e := &estateBook{f: f, mgr: mgr}
	site := e.addSite(t, "Canal Wharf")
	base := "/admin/sites/" + site.PublicID
	if rec := mgr.Post(base+"/units/range", url.Values{"prefix": {"Flat"}, "from": {"1"}, "to": {"4"}, "kind": {"flat"},
		"action": {"add"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("flats: %d", rec.Code)
	}
	units := map[string]string{}
	webtest.Doc(t, mgr.Get(base)).Find(`#site-screen tbody th a`).Each(func(_ int, s *goquery.Selection) {
		units[s.Text()], _ = s.Attr("href")
	})
	if len(units) != 4 {
		t.Fatalf("units %v", units)
	}
	person := func(name, email string) estate.Person {
		t.Helper()
		rec := mgr.Post("/admin/people", url.Values{"kind": {"individual"}, "full_name": {name}, "email": {email}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("add %s: %d", name, rec.Code)
		}
		p, err := estate.FindPersonByEmail(t.Context(), f.DB("acme").Read(), email)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	oliver, sarah := person("Oliver Bennett", "oliver@example.com"), person("Sarah Bennett", "sarah@example.com")
	tom := person("Tom Reid", "tom@example.com")
	start := webtest.Now.AddDate(0, 0, 1).Format(time.DateOnly) // the fixture's today
	if rec := mgr.Post(units["Flat 1"]+"/occupancies", url.Values{"person": {oliver.PublicID}, "joint": {sarah.PublicID},
		"role": {estate.RoleLeaseholder}, "start_date": {start}, "lease_start": {"2004-06-24"}, "lease_years": {"125"},
		"ground_rent": {"250"}, "rent": {""}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("the Bennetts' lease: %d %s", rec.Code, webtest.Doc(t, rec).Find(".error-text").Text())
	}
	if rec := mgr.Post(units["Flat 2"]+"/occupancies", url.Values{"person": {tom.PublicID}, "role": {estate.RoleTenant},
		"start_date": {start}, "rent": {"1,200"}, "rent_frequency": {"bogus"}}); rec.Code != http.StatusUnprocessableEntity ||
		webtest.Doc(t, rec).Find("#link-rent-frequency-error").Text() == "" {
		t.Errorf("a rent due 'bogus': %d", rec.Code)
	}
	if rec := mgr.Post(units["Flat 2"]+"/occupancies", url.Values{"person": {tom.PublicID}, "role": {estate.RoleTenant},
		"start_date": {start}, "rent": {"1,200"}, "rent_frequency": {estate.RentMonthly}, "deposit": {"1,384.61"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("Tom's tenancy: %d", rec.Code)
	}
	if n := f.AuditCount("acme", "estate.occupancy_created"); n != 2 {
		t.Errorf("%d occupancies audited, want 2", n)
	}
	page := webtest.Doc(t, mgr.Get(units["Flat 1"])).Find("article.occupancy").Text()
	if !strings.Contains(page, "Oliver Bennett and Sarah Bennett") || !strings.Contains(page, "125 years from 24 June 2004") {
		t.Errorf("Flat 1's page: %q", strings.Join(strings.Fields(page), " "))
	}

	// A second lease of Flat 1 over the same dates is refused: its
	// charges go to one account at a time.
	rec := mgr.Post(units["Flat 1"]+"/occupancies", url.Values{"person": {tom.PublicID}, "role": {estate.RoleLeaseholder}, "start_date": {start}})
	if msg := webtest.Doc(t, rec).Find("#link-start-error").Text(); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(msg, "Flat 1 already has a leaseholder") {
		t.Errorf("an overlapping lease: %d %q", rec.Code, msg)
	}

	// The tenancy's rent goes up: saved, and audited old → new.
	var terms, joint string
	webtest.Doc(t, mgr.Get(units["Flat 2"])).Find(`form[action$="/terms"], form[action$="/parties"]`).Each(func(_ int, s *goquery.Selection) {
		a, _ := s.Attr("action")
		if strings.HasSuffix(a, "/terms") {
			terms = a
		} else {
			joint = a
		}
	})
	if rec := mgr.Post(terms, url.Values{"rent": {"1,250.00"}, "rent_frequency": {estate.RentMonthly}, "deposit": {"1,384.61"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("terms: %d", rec.Code)
	}
	var detail string
	if err := f.DB("acme").ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = 'estate.occupancy_terms'`).Scan(&detail); err != nil ||
		!strings.Contains(detail, `rent: "120000" → "125000"`) {
		t.Errorf("terms audit %q (%v)", detail, err)
	}
	// Sarah joins Tom's tenancy, then is taken off it again.
	if rec := mgr.Post(joint, url.Values{"person": {sarah.PublicID}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("joint tenant: %d", rec.Code)
	}
	var remove string
	webtest.Doc(t, mgr.Get(units["Flat 2"])).Find(`form[action$="/remove"]`).Each(func(_ int, s *goquery.Selection) {
		if strings.Contains(s.Parent().Text(), "Sarah Bennett") {
			remove, _ = s.Attr("action")
		}
	})
	if rec := mgr.Post(remove, nil); rec.Code != http.StatusSeeOther || f.AuditCount("acme", "estate.party_removed") != 1 {
		t.Fatalf("take Sarah off: %d", rec.Code)
	}

	for _, c := range []struct {
		who  estate.Person
		sees string
	}{{oliver, "Flat 1"}, {sarah, "Flat 1"}, {tom, "Flat 2"}} {
		b := f.Browser("acme." + webtest.Base)
		b.SignInAs("acme", c.who)
		if got := strings.TrimSpace(webtest.Doc(t, b.Get("/")).Find(".home-unit").Text()); got != c.sees {
			t.Errorf("%s sees %q, want %s", c.who.FullName, got, c.sees)
		}
	}
}
