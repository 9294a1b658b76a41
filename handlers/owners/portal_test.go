package owners_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/owners"
)

func TestOwnerSeesOnlyTheirOwnProperties(t *testing.T) {
	p := newPortfolio(t)
	d := page(t, p.lenaB, "/owner")
	var names []string
	d.Find(".owner-card-name").Each(func(_ int, s *goquery.Selection) { names = append(names, s.Text()) })
	if !slices.Equal(names, []string{"12 Albion Road", "Flat 1, 9 Mildmay Court"}) {
		t.Errorf("Lena's portfolio lists %q", names)
	}
	// Omar owns one property: the portal opens on it.
	rec := p.omarB.Get("/owner")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != propertyPath(p.flat2) {
		t.Errorf("Omar's portal: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	// Another owner's flat in the same building, its statement and PDF
	// answer as pages that do not exist; so does the whole portal for a tenant.
	webtest.AssertRefusesOutOfScope(t, p.lenaB, propertyPath(p.flat2), propertyPath(p.flat2)+"/statement",
		propertyPath(p.flat2)+"/statement.pdf")
	webtest.AssertRefusesOutOfScope(t, p.omarB, propertyPath(p.albion), propertyPath(p.flat1)+"/statement")
	webtest.AssertRefusesOutOfScope(t, p.tomB, "/owner", "/owner/statement", "/owner/tax-year", propertyPath(p.albion))
	// Omar's portfolio statement has none of Lena's money.
	body := page(t, p.omarB, "/owner/statement?from=2026-01-01&to=2026-03-31").Text()
	if strings.Contains(body, "Albion") || strings.Contains(body, "1,500.00") || !strings.Contains(body, "1,200.00") {
		t.Errorf("Omar's statement: %.600s", body)
	}
}

func TestLandlordIsNeverShownTheTenantsAccountAsTheirOwn(t *testing.T) {
	p := newPortfolio(t)
	d := page(t, p.lenaB, "/")
	text := d.Text()
	for _, bad := range []string{"Pay now", "You owe", "Your tenant owes", "Statements, invoices and payments"} {
		if strings.Contains(text, bad) {
			t.Errorf("Lena's home page says %q", bad)
		}
	}
	if d.Find(`a[href="`+propertyPath(p.albion)+`"]`).Length() != 1 {
		t.Errorf("Lena's home page does not lead to 12 Albion Road in the owner portal")
	}
	if page(t, p.lenaB, "/money").Find(`main a[href="/owner"]`).Length() != 1 {
		t.Errorf("the accounts page does not send a landlord to their owner portal")
	}
	webtest.AssertRefusesOutOfScope(t, p.lenaB, "/money/units/"+p.albion.PublicID+"/statement",
		"/money/units/"+p.albion.PublicID+"/invoices", "/money/units/"+p.albion.PublicID+"/pay")
	// The property page shows what the tenant owes, with no way to pay it.
	d = page(t, p.lenaB, propertyPath(p.albion))
	if d.Find(`a[href*="/pay"], form[action*="/pay"]`).Length() != 0 {
		t.Errorf("the property page offers to pay")
	}
	if !strings.Contains(d.Find("#w-tenant").Parent().Text(), "In arrears: £500.00") {
		t.Errorf("tenant widget: %s", d.Find("#w-tenant").Parent().Text())
	}
}

func TestPropertyWidgetsShowTheLedgersFigures(t *testing.T) {
	p := newPortfolio(t)
	d := page(t, p.lenaB, propertyPath(p.albion))
	text := func(id string) string { return words(d.Find("#" + id).Parent()) }
	// Rent 3,000 in; fee 180, boiler 250 and payout 800 out; 200 kept back as float.
	for id, want := range map[string][]string{
		"w-balance": {"Due to you £1,570.00", "Float kept back £200.00", "Rent demanded, not yet received £500.00",
			"Not yet received", "Boiler repair, Northside Heating"},
		"w-tenant":     {"Let to Tom Tenant", "In arrears: £500.00", "the oldest 14 days late", "Paid 2 days late"},
		"w-float":      {"£200.00", "Boiler repair, Northside Heating £250.00"},
		"w-deductions": {"£75.00", "Annual gas safety check, Safe Gas Ltd"},
		"w-tax":        {"Tax year 2025 to 2026", "Rent received so far £2,500.00", "Fees and expenses £430.00"},
		"w-statements": {"We have not issued a statement yet"},
		"w-statement":  {"Produce your statement for any period"},
	} {
		got := text(id)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s does not say %q: %s", id, w, got)
			}
		}
	}
	// No tenant contact details unless the agency allows them.
	if body := d.Text(); strings.Contains(body, "tom@example.com") || strings.Contains(body, "07700 900111") {
		t.Errorf("the landlord sees the tenant's contact details by default")
	}
	// The empty flat: no tenant, nothing due.
	d = page(t, p.lenaB, propertyPath(p.flat1))
	if !strings.Contains(d.Find("#w-tenant").Parent().Text(), "no tenant at present") {
		t.Errorf("Flat 1's tenant widget: %s", d.Find("#w-tenant").Parent().Text())
	}
}

func TestTenantContactDetailsOnlyWhenAllowed(t *testing.T) {
	p := newPortfolio(t)
	s := owners.DefaultSettings
	s.TenantContacts = true
	p.settings(s)
	if body := page(t, p.lenaB, propertyPath(p.albion)).Text(); !strings.Contains(body, "tom@example.com") || !strings.Contains(body, "07700 900111") {
		t.Errorf("allowed, the tenant's details are not shown")
	}
	p.override(owners.Override{UnitID: p.albion.ID, TenantContacts: ptr(false)})
	if body := page(t, p.lenaB, propertyPath(p.albion)).Text(); strings.Contains(body, "tom@example.com") {
		t.Errorf("withheld for the property, the tenant's email is shown")
	}
	if body := page(t, p.omarB, propertyPath(p.flat2)).Text(); !strings.Contains(body, "tina@example.com") {
		t.Errorf("the organisation's choice does not reach Omar's flat")
	}
}

func TestWidgetVisibilityByOrganisationAndProperty(t *testing.T) {
	p := newPortfolio(t)
	all := widgets(page(t, p.lenaB, propertyPath(p.albion)))
	if !slices.Contains(all, "Landlord float") || !slices.Contains(all, "Future deductions") || !slices.Contains(all, "Maintenance") {
		t.Fatalf("by default the page shows %q", all)
	}
	p.settings(owners.Settings{Lettings: true, Sales: true, Hidden: []string{owners.WidgetFloat, owners.WidgetDeductions}})
	for _, u := range []string{propertyPath(p.albion), propertyPath(p.flat1)} {
		if w := widgets(page(t, p.lenaB, u)); slices.Contains(w, "Landlord float") || slices.Contains(w, "Future deductions") {
			t.Errorf("hidden by the organisation, %s still shows %q", u, w)
		}
	}
	// Albion Road shows every widget again; Flat 1 still follows the organisation.
	p.override(owners.Override{UnitID: p.albion.ID, Hidden: []string{}})
	if w := widgets(page(t, p.lenaB, propertyPath(p.albion))); !slices.Contains(w, "Landlord float") {
		t.Errorf("the property's own choice is not applied: %q", w)
	}
	if w := widgets(page(t, p.lenaB, propertyPath(p.flat1))); slices.Contains(w, "Landlord float") {
		t.Errorf("one property's choice leaks to another: %q", w)
	}
	// The statement widget hidden: its pages go too.
	p.override(owners.Override{UnitID: p.albion.ID, Hidden: []string{owners.WidgetStatement}})
	webtest.AssertRefusesOutOfScope(t, p.lenaB, propertyPath(p.albion)+"/statement", propertyPath(p.albion)+"/statement.pdf")
	// Lettings left out of owners' portals: Lena has none, unless a property is shown on its own.
	p.settings(owners.Settings{Lettings: false, Sales: true})
	webtest.AssertRefusesOutOfScope(t, p.lenaB, "/owner", propertyPath(p.albion), propertyPath(p.flat1))
	p.override(owners.Override{UnitID: p.flat1.ID, Shown: ptr(true)})
	rec := p.lenaB.Get("/owner")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != propertyPath(p.flat1) {
		t.Errorf("with only Flat 1 shown, /owner answers %d to %q", rec.Code, rec.Header().Get("Location"))
	}
}
