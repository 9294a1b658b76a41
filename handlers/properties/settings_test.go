package properties_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/owners"
)

const settingsPath = "/admin/settings/owner-portal"

// The organisation's settings: shown with the defaults (every widget, no
// tenants' contact details), saved as ticked, audited old → new; a widget
// that does not exist or no choice about contact details is refused next
// to its field (422) and nothing is saved. The admin page links to it.
func TestOwnerPortalSettings(t *testing.T) {
	t.Parallel()
	p := newPortal(t)
	if webtest.Doc(t, p.admin.Get("/admin")).Find(`a[href="`+settingsPath+`"]`).Length() != 1 {
		t.Error("the admin page does not link to the owner portal settings")
	}
	d := webtest.Doc(t, p.admin.Get(settingsPath))
	if n := d.Find(`input[name="widget"]:checked`).Length(); n != len(owners.Widgets) {
		t.Errorf("%d widgets ticked by default, want all %d", n, len(owners.Widgets))
	}
	if d.Find(`#portal-lettings:checked`).Length() != 1 || d.Find(`input[name="tenant_contacts"][value="hide"]:checked`).Length() != 1 {
		t.Error("defaults: lettings shown and no tenants' contact details")
	}
	var legends []string
	d.Find(`#owner-portal-settings fieldset legend`).Each(func(_ int, s *goquery.Selection) { legends = append(legends, text(s)) })
	if got := strings.Join(legends, "|"); !strings.Contains(got, "Lettings|Sales|Lettings and sales") {
		t.Errorf("widget groups %q", got)
	}
	if got := text(d.Find(`label:has(#portal-widget-tax_year)`)); got != "Tax-year summary" {
		t.Errorf("tax year label %q", got)
	}

	form := url.Values{"lettings": {"yes"}, "tenant_contacts": {"show"}}
	for _, w := range owners.Widgets {
		if w.Key != owners.WidgetFloat && w.Key != owners.WidgetFeedback {
			form.Add("widget", w.Key)
		}
	}
	rec := p.admin.Post(settingsPath, form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != settingsPath+"?done=saved" {
		t.Fatalf("save: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	st := p.settings(t)
	if !st.Lettings || st.Sales || !st.TenantContacts || !slices.Equal(st.Hidden, []string{owners.WidgetFloat, owners.WidgetFeedback}) {
		t.Errorf("saved %+v", st)
	}
	if p.f.AuditCount("acme", "settings.owner_portal") != 1 {
		t.Error("not audited")
	}
	d = webtest.Doc(t, p.admin.Get(settingsPath+"?done=saved"))
	if d.Find(`#portal-sales:checked`).Length() != 0 || d.Find(`#portal-widget-float:checked`).Length() != 0 || d.Find(".notice.success").Length() != 1 {
		t.Error("the page does not show what was saved")
	}

	for name, bad := range map[string]url.Values{
		"unknown widget":      {"lettings": {"yes"}, "widget": {"statement", "bank_details"}, "tenant_contacts": {"hide"}},
		"no contacts choice":  {"lettings": {"yes"}, "widget": {"statement"}},
		"contacts of a kind ": {"widget": {"statement"}, "tenant_contacts": {"sometimes"}},
	} {
		rec := p.admin.Post(settingsPath, bad, hx("owner-portal-settings")...)
		d := webtest.Doc(t, rec)
		if rec.Code != http.StatusUnprocessableEntity || d.Find(".error-text").Length() == 0 ||
			!strings.HasPrefix(strings.TrimSpace(rec.Body.String()), `<section class="card owner-portal-settings"`) {
			t.Errorf("%s: %d %.300s", name, rec.Code, rec.Body.String())
		}
	}
	if got := p.settings(t); !got.TenantContacts || len(got.Hidden) != 2 || p.f.AuditCount("acme", "settings.owner_portal") != 1 {
		t.Errorf("a refused save changed the settings: %+v", got)
	}

	// htmx saves swap the form with the confirmation.
	rec = p.admin.Post(settingsPath, url.Values{"lettings": {"yes"}, "sales": {"yes"}, "tenant_contacts": {"hide"}, "widget": {"statement"}}, hx("owner-portal-settings")...)
	if rec.Code != http.StatusOK || webtest.Doc(t, rec).Find(".notice.success").Length() != 1 {
		t.Errorf("htmx save: %d", rec.Code)
	}
	if got := p.settings(t); got.TenantContacts || len(got.Hidden) != len(owners.Widgets)-1 {
		t.Errorf("htmx save stored %+v", got)
	}

	// Staff who may not change settings see neither the page nor the card.
	staff := p.browser(p.dan)
	if rec := staff.Get(settingsPath); rec.Code != http.StatusForbidden {
		t.Errorf("staff GET: %d", rec.Code)
	}
	if webtest.Doc(t, staff.Get("/admin")).Find(`a[href="`+settingsPath+`"]`).Length() != 0 {
		t.Error("staff are offered the settings")
	}
}
