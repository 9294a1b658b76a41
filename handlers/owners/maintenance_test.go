package owners_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/tickets"
)

// TestQuoteApprovalFromThePropertyPage follows a quote waiting for Lena
// from 12 Albion Road's maintenance widget: she approves it with a
// comment, the request moves to in progress and the quote is no longer
// waiting. Omar sees neither the request nor the quote.
func TestQuoteApprovalFromThePropertyPage(t *testing.T) {
	p := newPortfolio(t)
	var quote tickets.Quote
	p.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		cat, err := tickets.AddCategory(ctx, tx, "Heating and hot water", webtest.Now)
		if err != nil {
			return err
		}
		tk, err := tickets.Raise(ctx, tx, webtest.Now, tickets.New{SiteID: p.albion.SiteID, UnitID: p.albion.ID, Location: tickets.LocationHome,
			CategoryID: cat.ID, Title: "No hot water", Description: "The boiler shows fault F28.", RaisedBy: p.tom.ID, CreatedBy: p.tom.ID})
		if err != nil {
			return err
		}
		quote, err = tickets.RequestQuote(ctx, tx, webtest.Now, tk, 640_00, "Northside Heating", tickets.Photo{}, p.Ppl.Manager.ID)
		return err
	})
	d := page(t, p.lenaB, propertyPath(p.albion))
	widget := words(d.Find("#w-repairs").Parent())
	link := d.Find(`#w-repairs ~ ul a[href="/approvals/` + quote.PublicID + `"]`)
	if !strings.Contains(widget, "1 quote waits for your answer") || link.Length() != 1 || !strings.Contains(widget, "No hot water Open") {
		t.Fatalf("maintenance widget: %s", widget)
	}
	if body := page(t, p.omarB, propertyPath(p.flat2)).Text(); strings.Contains(body, "No hot water") {
		t.Errorf("Omar sees Lena's tenant's request")
	}
	rec := p.lenaB.Post("/approvals/"+quote.PublicID, url.Values{"decision": {"approve"}, "comment": {"Go ahead, thank you."}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("approve: %d %.300s", rec.Code, rec.Body.String())
	}
	widget = words(page(t, p.lenaB, propertyPath(p.albion)).Find("#w-repairs").Parent())
	if strings.Contains(widget, "waits for your answer") || !strings.Contains(widget, "No hot water In progress") {
		t.Errorf("after approval the widget says: %s", widget)
	}
}
