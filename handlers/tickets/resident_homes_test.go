package tickets_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
	"porch/tickets"
)

// With two homes on two sites, the form asks which, and its categories
// follow the home chosen: swapped in by htmx, or shown again by the
// form's own button without JavaScript.
func TestRequestCategoriesFollowTheHome(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	lift, leak := h.category(t, "Lift"), h.category(t, "Leak or flood")
	mews := h.secondHome(t)
	d := webtest.Doc(t, h.alice.Get("/requests/new"))
	if n := d.Find(`select[name="unit"] option`).Length(); n != 2 || d.Find(`button[name="action"][value="categories"]`).Length() != 1 {
		t.Fatalf("%d homes offered", n)
	}
	rec := h.alice.Get("/requests/new?unit="+mews.PublicID+"&category="+leak.PublicID, "HX-Request", "true", "HX-Target", "category-field")
	d = webtest.Doc(t, rec)
	if got := d.Find(`#category-field option[value!=""]`); d.Find("h1").Length() != 0 || got.Length() != 1 || got.Text() != "Lift" {
		t.Errorf("htmx categories for Flat 9: %q", got.Text())
	}
	form := h.form(t)
	form.Set("unit", mews.PublicID)
	form.Set("action", "categories")
	rec = post(h.alice, "/requests", form, nil)
	d = webtest.Doc(t, rec)
	if got := d.Find(`#request-category option[value!=""]`); rec.Code != http.StatusOK || got.Text() != "Lift" || d.Find(".form-errors").Length() != 0 {
		t.Errorf("plain categories for Flat 9: %d %q", rec.Code, got.Text())
	}
	if d.Find(`#request-unit option[selected]`).AttrOr("value", "") != mews.PublicID || d.Find(`#request-title`).AttrOr("value", "") == "" {
		t.Error("the form shown again lost what was typed")
	}
	form.Del("action")
	if rec := post(h.alice, "/requests", form, nil); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("leak at Mill Court: %d", rec.Code)
	}
	form.Set("category", lift.PublicID)
	if tk := h.raise(t, h.alice, form); tk.UnitID != mews.ID || tk.SiteName != "Mill Court" {
		t.Errorf("filed for %s, %s", tk.UnitName, tk.SiteName)
	}
}

// secondHome makes Alice also the tenant of Flat 9 at Mill Court, a
// block whose residents may only report problems with the lift, and signs
// her in again.
func (h *home) secondHome(t *testing.T) estate.Unit {
	t.Helper()
	lift := h.category(t, "Lift")
	var mews estate.Unit
	h.write(func(ctx context.Context, tx *sql.Tx) error {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Mill Court", Kind: estate.KindBlock,
			AddressLine1: "2 Mill Lane", Town: "Bristol", Postcode: "BS2 1AA"}, webtest.Now)
		if err != nil {
			return err
		}
		if mews, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "Flat 9", Share: "100"}, webtest.Now); err != nil {
			return err
		}
		_, err = tickets.SetSiteCategories(ctx, tx, site.ID, []string{lift.PublicID})
		return err
	})
	h.f.LinkPerson("acme", mews.ID, h.ppl.Alice.ID, estate.RoleTenant, "2025-06-01", "")
	h.alice = h.signIn(h.ppl.Alice)
	return mews
}

// A landlord letting their flat is not its resident: the form says there
// is no home to report for, and a post is refused.
func TestLandlordHasNoHomeToReportFor(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	lena := h.f.AddPortalPerson("acme", "Lena Landlord", "lena@example.com")
	h.f.LinkPerson("acme", h.ppl.FlatB.ID, lena.ID, estate.RoleOwner, "2024-01-01", "")
	b := h.signIn(lena)
	d := webtest.Doc(t, b.Get("/requests/new"))
	if d.Find("h1").Text() != "No home to report for" || d.Find("form#request-form").Length() != 0 {
		t.Errorf("landlord's form page: %q", d.Find("main").Text())
	}
	if d := webtest.Doc(t, b.Get("/requests")); d.Find(`a[href="/requests/new"]`).Length() != 0 || !strings.Contains(d.Find("main").Text(), "once a home") {
		t.Error("the list offers the landlord a form they cannot use")
	}
	form := h.form(t)
	form.Set("unit", h.ppl.FlatB.PublicID)
	if rec := b.Post("/requests", form); rec.Code != http.StatusForbidden {
		t.Errorf("landlord's post: %d", rec.Code)
	}
	if rec := b.Post("/requests", url.Values{}); rec.Code != http.StatusForbidden || h.count(t, `SELECT count(*) FROM tickets`) != 0 {
		t.Errorf("empty post: %d", rec.Code)
	}
}
