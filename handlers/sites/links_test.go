package sites_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
)

// A manager links a person to a unit from the unit's page: refusals next
// to the fields, then the person sees the unit on their home page from
// the start date; ending the link takes it away from the next day.
func TestLinkAndEndOccupancy(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	ppl := e.ppl
	dee := e.f.AddPortalPerson("acme", "Dee Okoro", "dee@example.com")
	unitURL := "/admin/sites/" + ppl.FlatB.SitePublicID + "/units/" + ppl.FlatB.PublicID
	today := webtest.Now.AddDate(0, 0, 1).Format(time.DateOnly) // the fixture's clock is a day after Now

	if rec := e.mgr.Get("/admin/units/" + ppl.FlatB.PublicID); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != unitURL {
		t.Fatalf("unit by id: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	page := webtest.Doc(t, e.mgr.Get(unitURL))
	if page.Find(`#link-person option[value="`+dee.PublicID+`"]`).Length() != 1 {
		t.Fatal("Dee is not in the person picker")
	}

	link := func(form url.Values) (int, map[string]string) {
		t.Helper()
		rec := e.mgr.Post(unitURL+"/occupancies", form)
		errors := map[string]string{}
		if rec.Code == http.StatusUnprocessableEntity {
			d := webtest.Doc(t, rec)
			for _, id := range []string{"link-person", "link-role", "link-start", "link-end"} {
				if msg := strings.TrimSpace(d.Find("#" + id + "-error").Text()); msg != "" {
					errors[id] = msg
				}
			}
		}
		return rec.Code, errors
	}
	for _, tc := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"person": {""}, "role": {estate.RoleTenant}, "start_date": {today}}, "link-person"},
		{url.Values{"person": {dee.PublicID}, "role": {""}, "start_date": {today}}, "link-role"},
		{url.Values{"person": {dee.PublicID}, "role": {estate.RoleTenant}, "start_date": {"31/02/2026"}}, "link-start"},
		{url.Values{"person": {dee.PublicID}, "role": {estate.RoleTenant}, "start_date": {today}, "end_date": {"2026-01-01"}}, "link-end"},
		{url.Values{"person": {ppl.Bob.PublicID}, "role": {estate.RoleLeaseholder}, "start_date": {today}}, "link-person"},
	} {
		code, errs := link(tc.form)
		if code != http.StatusUnprocessableEntity || errs[tc.field] == "" {
			t.Errorf("%v: %d %v, want a message at %s", tc.form, code, errs, tc.field)
		}
	}

	deeBrowser := e.f.Browser("acme." + webtest.Base)
	deeBrowser.SignInAs("acme", dee)
	homes := func() string {
		return strings.TrimSpace(webtest.Doc(t, deeBrowser.Get("/")).Find(".home-unit").Text())
	}
	if got := homes(); got != "" {
		t.Fatalf("before linking Dee sees %q", got)
	}
	if code, errs := link(url.Values{"person": {dee.PublicID}, "role": {estate.RoleTenant}, "start_date": {today}}); code != http.StatusSeeOther {
		t.Fatalf("link: %d %v", code, errs)
	}
	if got := homes(); got != "Flat 2" {
		t.Fatalf("after linking Dee sees %q", got)
	}
	if e.f.AuditCount("acme", "estate.occupancy_created", ppl.FlatB.PublicID) != 1 {
		t.Error("link not audited")
	}

	var linkID string
	webtest.Doc(t, e.mgr.Get(unitURL)).Find(`form[action$="/end"]`).Each(func(_ int, s *goquery.Selection) {
		if a, _ := s.Attr("action"); strings.Contains(s.Closest("article").Find("h3").Text(), "Dee Okoro") {
			linkID = a
		}
	})
	if linkID == "" {
		t.Fatal("no end form for Dee's link")
	}
	if rec := e.mgr.Post(linkID, url.Values{"end_date": {"2020-01-01"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("an end before the start: %d", rec.Code)
	}
	if rec := e.mgr.Post(linkID, url.Values{"end_date": {today}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("end: %d", rec.Code)
	}
	if got := homes(); got != "Flat 2" {
		t.Errorf("on its last day Dee sees %q", got)
	}
	e.f.Clock.Advance(24 * time.Hour)
	if got := homes(); got != "" {
		t.Errorf("the day after it ended Dee still sees %q", got)
	}
}

// An archived unit is listed on its site's page and can be restored with
// its share, unless that would take the site's shares over 100%.
func TestRestoreArchivedUnit(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	site := e.addSite(t, "Canal Wharf")
	var a, b estate.Unit
	e.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if a, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "Flat 1", Share: "60"}, webtest.Now); err != nil {
			return err
		}
		b, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "Flat 2", Share: "40"}, webtest.Now)
		return err
	})
	siteURL := "/admin/sites/" + site.PublicID
	bURL := siteURL + "/units/" + b.PublicID
	if rec := e.mgr.Post(bURL+"/archive", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("archive: %d", rec.Code)
	}
	if got := webtest.Doc(t, e.mgr.Get(siteURL)).Find(`a[href="` + bURL + `"]`).Text(); got != "Flat 2" {
		t.Fatalf("archived unit listed as %q", got)
	}
	// Flat 1 takes the whole site meanwhile: Flat 2's 40% no longer fits.
	if rec := e.mgr.Post(siteURL+"/units/"+a.PublicID, url.Values{"name": {"Flat 1"}, "kind": {"flat"}, "share": {"100"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("share of Flat 1: %d %s", rec.Code, webtest.Doc(t, rec).Find(".error-text").Text())
	}
	rec := e.mgr.Post(bURL+"/restore", nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.Doc(t, rec).Find(".notice.error").Text(), "had a share of 40%") {
		t.Fatalf("restore over 100%%: %d %q", rec.Code, webtest.Doc(t, rec).Find(".notice.error").Text())
	}
	if rec := e.mgr.Post(siteURL+"/units/"+a.PublicID, url.Values{"name": {"Flat 1"}, "kind": {"flat"}, "share": {"60"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("share of Flat 1 back: %d", rec.Code)
	}
	if rec := e.mgr.Post(bURL+"/restore", nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != bURL+"?done=restored" {
		t.Fatalf("restore: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	u, err := estate.GetUnitByID(context.Background(), e.f.DB("acme").Read(), b.ID)
	if err != nil || u.Archived() || u.Share() != "40%" {
		t.Errorf("after restore: archived %v share %s (%v)", u.Archived(), u.Share(), err)
	}
	if e.f.AuditCount("acme", "unit.restored", b.PublicID) != 1 {
		t.Error("restore not audited")
	}
}
