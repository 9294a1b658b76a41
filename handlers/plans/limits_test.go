package plans_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/plans"
)

// Each site shows its limits (the defaults until set); a site's form
// saves in place, audited; bad limits are refused next to their fields
// and nothing is saved.
func TestSiteLimitsSavedAndRefused(t *testing.T) {
	w := newWorld(t)
	site := w.Ppl.FlatA.SitePublicID
	d := w.doc(w.Mgr.Get("/admin/plans/limits"), http.StatusOK)
	box := d.Find("#limits-" + site)
	if v, _ := box.Find(`[name="max_instalments"]`).Attr("value"); v != "6" {
		t.Fatalf("default most instalments %q", v)
	}
	if v, _ := box.Find(`[name="min_arrears"]`).Attr("value"); v != "100.00" {
		t.Fatalf("default least arrears %q", v)
	}
	if box.Find(`[name="requests"][checked]`).Length() != 1 || box.Find(`[name="frequencies"][checked]`).Length() != 1 {
		t.Fatal("the defaults are not ticked")
	}

	path := "/admin/plans/limits/" + site
	bad := url.Values{"max_instalments": {"99"}, "min_arrears": {"lots"}, "lapse_after": {"0"}}
	d = w.doc(w.Mgr.Post(path, bad, "HX-Request", "true", "HX-Target", "limits-"+site), http.StatusUnprocessableEntity)
	if d.Find("h1").Length() != 0 || d.Find("#limits-"+site).Length() != 1 {
		t.Fatal("the refusal is not the site's form alone")
	}
	for field, want := range map[string]string{"max_instalments": "Choose between 2 and 60 instalments.",
		"min_arrears": "Enter an amount in pounds, such as 100.00, or 0 for any arrears.", "lapse_after": "Choose between 1 and 12 missed instalments."} {
		if got := webtest.FieldError(d.Selection, field); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if got := d.Find(".plan-frequencies .error-text").Text(); got != "Tick at least one frequency residents may choose." {
		t.Errorf("frequencies: %q", got)
	}
	if w.Count(`SELECT count(*) FROM plan_limits`) != 0 || w.F.AuditCount("acme", "plan.limits_set") != 0 {
		t.Fatal("refused limits were saved")
	}

	good := url.Values{"max_instalments": {"12"}, "min_arrears": {"250"}, "lapse_after": {"3"}, "frequencies": {"weekly", "monthly"}}
	d = w.doc(w.Mgr.Post(path, good, "HX-Request", "true", "HX-Target", "limits-"+site), http.StatusOK)
	if got := d.Find(".plan-saved").Text(); got != "Saved." {
		t.Fatalf("saved notice %q", got)
	}
	l, err := plans.SiteLimits(t.Context(), w.F.DB("acme").Read(), w.Ppl.FlatA.SiteID)
	if err != nil || l.Requests || l.MaxInstalments != 12 || l.MinArrears != 250_00 || l.LapseAfter != 3 ||
		strings.Join(l.Frequencies, ",") != "monthly,weekly" {
		t.Fatalf("limits %+v %v", l, err)
	}
	if w.F.AuditCount("acme", "plan.limits_set", site) != 1 {
		t.Fatal("limits not audited")
	}
	// Without JavaScript the post goes back to the page, which says so.
	good.Set("requests", "1")
	rec := w.Mgr.Post(path, good)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("plain post: %d", rec.Code)
	}
	back, _, _ := strings.Cut(rec.Header().Get("Location"), "#") // a browser keeps the fragment to itself
	d = w.doc(w.Mgr.Get(back), http.StatusOK)
	if d.Find("#limits-"+site+" .plan-saved").Text() != "Saved." || d.Find(`#limits-`+site+` [name="requests"][checked]`).Length() != 1 {
		t.Fatalf("the page does not show the limits saved: %q", squash(d.Find("#limits-"+site).Text()))
	}
	if rec := w.Mgr.Post("/admin/plans/limits/nosuchsite", good); rec.Code != http.StatusNotFound {
		t.Fatalf("an unknown site: %d", rec.Code)
	}
}
