package owners_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/internal/webtest"
	"porch/owners"
)

// withSale puts 22 Mildmay Grove up for sale for Lena: two offers, the
// latest under consideration, two viewings held with feedback and one
// booked for tomorrow.
func withSale(t *testing.T, p *portfolio) estate.Unit {
	t.Helper()
	var u estate.Unit
	now := p.F.Clock.Now()
	p.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if u, err = estate.CreateUnit(ctx, tx, p.albion.SiteID, estate.UnitInput{Name: "22 Mildmay Grove", AddressLine1: "22 Mildmay Grove",
			Town: "London", Postcode: "N1 4RH"}, webtest.Now); err != nil {
			return err
		}
		if _, err := estate.SetUnitMarket(ctx, tx, u.ID, estate.MarketSale); err != nil {
			return err
		}
		if _, err := estate.LinkPerson(ctx, tx, webtest.Now, u.ID, p.lena.ID, estate.RoleOwner, day(1, 1), nil); err != nil {
			return err
		}
		first, err := owners.RecordOffer(ctx, tx, now, owners.OfferInput{UnitID: u.ID, BuyerName: "Bea Buyer", Amount: 610_000_00,
			Position: "first_time", MadeOn: day(3, 2)})
		if err != nil {
			return err
		}
		if _, err := owners.DecideOffer(ctx, tx, now, owners.OfferDecision{OfferID: first.ID, Status: owners.OfferRejected, On: day(3, 3)}); err != nil {
			return err
		}
		if _, err := owners.RecordOffer(ctx, tx, now, owners.OfferInput{UnitID: u.ID, BuyerName: "Carl Cash", Amount: 635_000_00,
			Position: "cash", MadeOn: day(3, 10)}); err != nil {
			return err
		}
		for i, fb := range []string{"Loved the garden; will offer.", "Too small for us."} {
			v, err := owners.BookViewing(ctx, tx, now, owners.ViewingInput{UnitID: u.ID, ViewerName: "Viewer " + string(rune('A'+i)),
				StartsAt: now.Add(-time.Duration(48*(i+1)) * time.Hour)})
			if err != nil {
				return err
			}
			interest := []string{owners.InterestHigh, "none"}[i]
			if _, err := owners.RecordOutcome(ctx, tx, now, owners.Outcome{ViewingID: v.ID, Status: owners.ViewingDone, Interest: interest, Feedback: fb}); err != nil {
				return err
			}
		}
		_, err = owners.BookViewing(ctx, tx, now, owners.ViewingInput{UnitID: u.ID, ViewerName: "Dee Later", StartsAt: now.Add(26 * time.Hour)})
		return err
	})
	return u
}

func TestSaleWidgets(t *testing.T) {
	p := newPortfolio(t)
	sale := withSale(t, p)
	d := page(t, p.lenaB, propertyPath(sale))
	w := widgets(d)
	for _, want := range []string{"Offers", "Viewings", "Maintenance"} {
		if !slices.Contains(w, want) {
			t.Errorf("the sale's page lacks %q: %q", want, w)
		}
	}
	for _, letting := range []string{"Property balance", "Tenant balance", "Landlord float"} {
		if slices.Contains(w, letting) {
			t.Errorf("a sale shows the letting widget %q", letting)
		}
	}
	body := words(d.Find("main"))
	for _, want := range []string{"£635,000.00", "Cash buyer", "£610,000.00", "Loved the garden; will offer.", "Too small for us."} {
		if !strings.Contains(body, want) {
			t.Errorf("the sale's page does not say %q", want)
		}
	}
	for _, name := range []string{"Carl Cash", "Bea Buyer", "Dee Later"} {
		if strings.Contains(body, name) {
			t.Errorf("the seller sees %q's name", name)
		}
	}
	// The portfolio sums it up.
	card := words(page(t, p.lenaB, "/owner").Find(`a[href="` + propertyPath(sale) + `"]`).Closest("article"))
	if !strings.Contains(card, "Offers 2") || !strings.Contains(card, "Latest offer £635,000.00") || strings.Contains(card, "None booked") {
		t.Errorf("portfolio card: %s", card)
	}
	// Another owner never reaches it; hidden feedback goes from the page.
	webtest.AssertRefusesOutOfScope(t, p.omarB, propertyPath(sale))
	p.override(owners.Override{UnitID: sale.ID, Hidden: []string{owners.WidgetFeedback}})
	if strings.Contains(words(page(t, p.lenaB, propertyPath(sale)).Find("main")), "Too small for us.") {
		t.Errorf("feedback hidden for the property is still shown")
	}
	// Sales left out of owners' portals: the sale goes, the lets stay.
	p.settings(owners.Settings{Lettings: true, Sales: false})
	webtest.AssertRefusesOutOfScope(t, p.lenaB, propertyPath(sale))
	if len(page(t, p.lenaB, "/owner").Find(".owner-card").Nodes) != 2 {
		t.Errorf("with sales left out, the portfolio still lists the sale")
	}
}

func TestContactCardNamesTheLinkedStaff(t *testing.T) {
	p := newPortfolio(t)
	sale := withSale(t, p)
	link := func(u estate.Unit, role string) {
		p.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
			_, err := owners.LinkStaff(ctx, tx, webtest.Now, u.ID, p.Ppl.Manager.ID, role)
			return err
		})
	}
	card := func(u estate.Unit) string { return words(page(t, p.lenaB, propertyPath(u)).Find(".owner-team")) }
	if got := card(p.albion); got != "" {
		t.Errorf("a card with nobody linked: %s", got)
	}
	link(p.albion, owners.RolePropertyManager)
	got := card(p.albion)
	if !strings.Contains(got, p.Ppl.Manager.FullName) || !strings.Contains(got, "Email me") {
		t.Errorf("the property manager's card: %s", got)
	}
	// A sale with no negotiator names its valuer.
	link(sale, owners.RoleValuer)
	if got := card(sale); !strings.Contains(got, p.Ppl.Manager.FullName) || !strings.Contains(got, "Valuer") {
		t.Errorf("the sale's card without a negotiator: %s", got)
	}
	p.override(owners.Override{UnitID: p.albion.ID, Hidden: []string{owners.WidgetTeam}})
	if got := card(p.albion); got != "" {
		t.Errorf("the card hidden for the property still shows: %s", got)
	}
}
