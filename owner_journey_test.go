package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/demo"
	"porch/internal/browser"
)

// TestOwnerPortalJourney signs in as the demo's two landlords at phone
// width: Harjit picks one of his three let houses from his portfolio and
// finds its money, papers and contact; Grace opens the house she is
// selling and finds its offers, viewings and feedback.
func TestOwnerPortalJourney(t *testing.T) {
	m := startDemo(t)
	site := demoSite(m)
	var sale string
	if err := demoDB(t, m).Read().QueryRowContext(context.Background(),
		`SELECT public_id FROM units WHERE market = 'sale' LIMIT 1`).Scan(&sale); err != nil {
		t.Fatal(err)
	}

	harjit := browser.New(t, 390, 844)
	signInBrowser(t, m, harjit, site, demo.OwnerEmail, "#properties-heading")
	step(t, harjit, "open the portfolio", chromedp.Navigate(site+"/owner"), chromedp.WaitVisible(".owner-card"))
	if n := len(strings.Split(textOf(t, harjit, chromedp.CSS(`section[aria-labelledby="p-lettings"]`)), "Due to you")) - 1; n != 3 {
		t.Errorf("Harjit's portfolio lists %d let houses, want 3", n)
	}
	browser.Screenshot(t, harjit, "journey-owner-portfolio")
	step(t, harjit, "open his first house", chromedp.Click(".owner-card-name"), chromedp.WaitVisible("#w-balance"))
	page := textOf(t, harjit, chromedp.CSS("#main"))
	for _, want := range []string{"Property balance", "Tenant balance", "Certificates", "Statements", "Your contact at the agency"} {
		if !strings.Contains(page, want) {
			t.Errorf("Harjit's house does not show %q", want)
		}
	}
	browser.Screenshot(t, harjit, "journey-owner-letting")

	grace := browser.New(t, 390, 844)
	signInBrowser(t, m, grace, site, demo.SellerEmail, "#properties-heading")
	step(t, grace, "open the house for sale", chromedp.Navigate(site+"/owner/properties/"+sale), chromedp.WaitVisible("#owner-offers-heading"))
	page = textOf(t, grace, chromedp.CSS("#main"))
	for _, want := range []string{"Offers", "Under consideration", "Viewings", "Viewing feedback", "Your contact at the agency"} {
		if !strings.Contains(page, want) {
			t.Errorf("Grace's sale does not show %q", want)
		}
	}
	browser.Screenshot(t, grace, "journey-owner-sale")
}
