package properties_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
	"porch/owners"
)

// The unit page links to the property's owner portal page, which shows
// who owns it, and a plain post marks it as a sale (audited old → new);
// a market that is not one is refused on its field.
func TestPropertyMarket(t *testing.T) {
	t.Parallel()
	p := newPortal(t)
	unitPage := "/admin/sites/" + p.ppl.FlatA.SitePublicID + "/units/" + p.ppl.FlatA.PublicID
	if webtest.Doc(t, p.admin.Get(unitPage)).Find(`a[href="`+propertyPath(p.ppl.FlatA)+`"]`).Length() != 1 {
		t.Error("the unit page does not link to its owner portal page")
	}
	d := webtest.Doc(t, p.admin.Get(propertyPath(p.ppl.FlatA)))
	if got := text(d.Find(`#property-screen section`).First().Find("p").First()); got != "Owned by Alice Adeyemi." {
		t.Errorf("owners: %q", got)
	}
	if d.Find(`input[name="market"][value="letting"]:checked`).Length() != 1 {
		t.Error("letting is not chosen")
	}
	rec := p.admin.Post(propertyPath(p.ppl.FlatA)+"/market", url.Values{"market": {"sale"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != propertyPath(p.ppl.FlatA)+"?done=market" {
		t.Fatalf("market: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if p.f.AuditCount("acme", "unit.market", p.ppl.FlatA.PublicID) != 1 {
		t.Error("not audited")
	}
	if rec := p.admin.Post(propertyPath(p.ppl.FlatA)+"/market", url.Values{"market": {"sale"}}); rec.Code != http.StatusSeeOther ||
		p.f.AuditCount("acme", "unit.market", p.ppl.FlatA.PublicID) != 1 {
		t.Errorf("the same market again: %d, audited anew", rec.Code)
	}
	rec = p.admin.Post(propertyPath(p.ppl.FlatA)+"/market", url.Values{"market": {"auction"}}, hx("property-screen")...)
	if d := screen(t, rec); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(text(d.Find("#property-market .error-text")), "Choose letting, sale or neither") {
		t.Errorf("bad market: %d %q", rec.Code, text(d.Find(".error-text")))
	}
	rec = p.admin.Post(propertyPath(p.ppl.FlatA)+"/market", url.Values{"market": {"none"}}, hx("property-screen")...)
	d = screen(t, rec)
	if rec.Code != http.StatusOK || !strings.Contains(text(d.Find(".notice.success")), "Saved") || d.Find(`form[action$="/portal"]`).Length() != 0 {
		t.Errorf("neither: %d", rec.Code)
	}
	if got := text(d.Find(`section:last-of-type .notice`)); !strings.Contains(got, "Owners' portals show only the properties we let or sell") {
		t.Errorf("neither: %q", got)
	}
	if rec := p.admin.Get("/admin/properties/nosuchunit"); rec.Code != http.StatusNotFound {
		t.Errorf("no such unit: %d", rec.Code)
	}
}

// Staff are linked inline: a refused link says what is missing next to
// its fields; the card names the latest property manager; linking again
// moves someone to the top; unlinking removes them. Read-only staff see
// the page but no forms, and may not post.
func TestPropertyStaffLinks(t *testing.T) {
	t.Parallel()
	p := newPortal(t)
	path := propertyPath(p.ppl.FlatA)
	rec := p.admin.Post(path+"/staff", url.Values{}, hx("property-screen")...)
	d := screen(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "person") == "" || webtest.FieldError(d.Selection, "role") == "" {
		t.Errorf("empty link: %d person %q role %q", rec.Code, webtest.FieldError(d.Selection, "person"), webtest.FieldError(d.Selection, "role"))
	}
	// A resident is not staff.
	rec = p.admin.Post(path+"/staff", url.Values{"person": {p.ppl.Bob.PublicID}, "role": {owners.RolePropertyManager}}, hx("property-screen")...)
	if d := screen(t, rec); rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "person") != "Choose a current member of staff." {
		t.Errorf("a resident: %d %q", rec.Code, webtest.FieldError(d.Selection, "person"))
	}

	link := func(who estate.Person, role string) {
		t.Helper()
		rec := p.admin.Post(path+"/staff", url.Values{"person": {who.PublicID}, "role": {role}}, hx("property-screen")...)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Member of staff linked.") {
			t.Fatalf("link %s: %d %.300s", who.FullName, rec.Code, rec.Body.String())
		}
	}
	link(p.dan, owners.RolePropertyManager)
	p.f.Clock.Advance(60e9)
	link(p.ppl.Manager, owners.RolePropertyManager)
	if c := p.card(t, p.ppl.FlatA); c == nil || c.Name != "Morgan Manager" {
		t.Errorf("card after Morgan: %+v", c)
	}
	p.f.Clock.Advance(60e9)
	link(p.dan, owners.RolePropertyManager)
	d = webtest.Doc(t, p.admin.Get(path))
	var rows []string
	d.Find(".property-staff li").Each(func(_ int, s *goquery.Selection) { rows = append(rows, text(s.Find("span").First())) })
	if len(rows) != 2 || !strings.HasPrefix(rows[0], "Dan Okonjo, Property manager") || !strings.HasPrefix(rows[1], "Morgan Manager") {
		t.Errorf("linked staff %q", rows)
	}
	card := d.Find(".property-card-preview .owner-team")
	if got := text(card.Find(".owner-team-who")); got != "Dan Okonjo Property manager" || card.Find(`a[href="tel:02079460999"]`).Length() != 1 ||
		card.Find(`a[href="mailto:dan@acme.example"]`).Length() != 1 || text(card.Find(".owner-team-initials")) != "DO" {
		t.Errorf("card preview %q", got)
	}
	if n := p.f.AuditCount("acme", "unit.staff_linked", p.ppl.FlatA.PublicID); n != 3 {
		t.Errorf("%d links audited", n)
	}

	rec = p.admin.Post(path+"/staff/remove", url.Values{"person": {p.dan.PublicID}, "role": {owners.RolePropertyManager}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("unlink: %d", rec.Code)
	}
	if c := p.card(t, p.ppl.FlatA); c == nil || c.Name != "Morgan Manager" {
		t.Errorf("card after unlinking Dan: %+v", c)
	}
	rec = p.admin.Post(path+"/staff/remove", url.Values{"person": {p.dan.PublicID}, "role": {owners.RolePropertyManager}}, hx("property-screen")...)
	if d := screen(t, rec); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(text(d.Find(".notice.error")), "is not linked to this property") {
		t.Errorf("unlink twice: %d", rec.Code)
	}

	reader := p.browser(p.f.AddStaffAs("acme", "Rae Reader", "rae@acme.example", estate.StaffRoleReadOnly))
	d = webtest.Doc(t, reader.Get(path))
	if d.Find("#property-screen form").Length() != 0 || !strings.Contains(text(d.Find(".property-staff")), "Morgan Manager") {
		t.Error("read-only members see forms, or not the staff")
	}
	if rec := reader.Post(path+"/staff", url.Values{"person": {p.dan.PublicID}, "role": {owners.RoleValuer}}); rec.Code != http.StatusForbidden {
		t.Errorf("read-only link: %d", rec.Code)
	}
}

// A property's override: hidden from its owners' portals, its own widgets
// and tenants' contact details, saved and resolved over the organisation's
// settings; back to following the organisation removes it. Bad input is
// refused next to its field with nothing saved.
func TestPropertyOverride(t *testing.T) {
	t.Parallel()
	p := newPortal(t)
	path := propertyPath(p.ppl.FlatA) + "/portal"
	d := webtest.Doc(t, p.admin.Get(propertyPath(p.ppl.FlatA)))
	if d.Find(`input[name="shown"][value="follow"]:checked`).Length() != 1 || d.Find(`input[name="widget"]`).Length() != len(owners.WidgetsFor(estate.MarketLetting)) {
		t.Error("the form does not start from the organisation's settings")
	}
	form := url.Values{"shown": {"show"}, "widgets": {"choose"}, "tenant_contacts": {"show"}}
	for _, w := range owners.WidgetsFor(estate.MarketLetting) {
		if w.Key != owners.WidgetTenant {
			form.Add("widget", w.Key)
		}
	}
	rec := p.admin.Post(path, form, hx("property-screen")...)
	d = screen(t, rec)
	if rec.Code != http.StatusOK || strings.Contains(text(d.Find("dl.details")), "Tenant balance") || !strings.Contains(text(d.Find("dl.details")), "Shown to the landlord") {
		t.Errorf("save: %d %q", rec.Code, text(d.Find("dl.details")))
	}
	o := p.override(t, p.ppl.FlatA)
	v := owners.Resolve(p.settings(t), o, estate.MarketLetting)
	if !v.Shown || v.Shows(owners.WidgetTenant) || !v.Shows(owners.WidgetStatement) || !v.TenantContacts {
		t.Errorf("resolved %+v from %+v", v, o)
	}
	if p.f.AuditCount("acme", "unit.owner_portal", p.ppl.FlatA.PublicID) != 1 {
		t.Error("not audited")
	}
	// Bob's flat in the same building follows the organisation.
	if b := p.override(t, p.ppl.FlatB); b.Shown != nil || b.Hidden != nil || b.TenantContacts != nil {
		t.Errorf("Flat 2 has an override %+v", b)
	}

	for name, bad := range map[string]url.Values{
		"no choice":         {},
		"a sale's widget":   {"shown": {"follow"}, "widgets": {"choose"}, "widget": {"offers"}, "tenant_contacts": {"follow"}},
		"shown as maybe":    {"shown": {"maybe"}, "widgets": {"follow"}, "tenant_contacts": {"follow"}},
		"widgets as random": {"shown": {"follow"}, "widgets": {"random"}, "tenant_contacts": {"follow"}},
	} {
		rec := p.admin.Post(path, bad, hx("property-screen")...)
		if d := screen(t, rec); rec.Code != http.StatusUnprocessableEntity || d.Find(".error-text").Length() == 0 {
			t.Errorf("%s: %d", name, rec.Code)
		}
	}
	if got := p.override(t, p.ppl.FlatA); got.TenantContacts == nil || !*got.TenantContacts {
		t.Errorf("a refused save changed the override: %+v", got)
	}

	// Hidden: Alice's portal no longer lists it.
	rec = p.admin.Post(path, url.Values{"shown": {"hide"}, "widgets": {"follow"}, "tenant_contacts": {"follow"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("hide: %d", rec.Code)
	}
	if o := p.override(t, p.ppl.FlatA); o.Shown == nil || *o.Shown || o.Hidden != nil || o.TenantContacts != nil {
		t.Errorf("hidden override %+v", o)
	}
	rec = p.admin.Post(path, url.Values{"shown": {"follow"}, "widgets": {"follow"}, "tenant_contacts": {"follow"}})
	if o := p.override(t, p.ppl.FlatA); rec.Code != http.StatusSeeOther || o.Shown != nil || o.Hidden != nil || o.TenantContacts != nil {
		t.Errorf("back to following: %d %+v", rec.Code, o)
	}
}
