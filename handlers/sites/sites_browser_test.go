package sites_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/estate"
	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestSetUpASiteInBrowser: from the dashboard a manager adds a block with
// its freeholder for notices, then Flats 1–12 in one go, then links a
// leaseholder to Flat 1, at phone and desk widths; nothing scrolls
// sideways, each screen is saved as a screenshot.
func TestSetUpASiteInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			ctx, _ := webtest.StaffChrome(t, f, ppl.Manager, size.w, size.h)
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "sites-"+what+"-"+strconv.Itoa(size.w)) }
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`.stats.todo`),
				chromedp.Click(`a[href="/admin/sites"]`), chromedp.WaitVisible(`#site-add`)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx,
				chromedp.SendKeys(`#new-site-name`, "Canal Wharf"),
				chromedp.SetValue(`#new-site-kind`, "block"),
				chromedp.SendKeys(`#new-site-line1`, "2 Canal Wharf"),
				chromedp.SendKeys(`#new-site-town`, "Leeds"),
				chromedp.SendKeys(`#new-site-postcode`, "LS1 4BR"),
				chromedp.SendKeys(`#new-site-landlord`, "Canal Wharf Freehold Ltd"),
				chromedp.SendKeys(`#new-site-landlord-address`, "9 Park Row\nLeeds\nLS1 5HD"),
				chromedp.SendKeys(`#new-site-year-end`, "31/12"),
				chromedp.Click(`#site-add button[type="submit"]`),
				chromedp.WaitVisible(`#unit-range`)); err != nil {
				t.Fatal(err)
			}
			shot("new")
			if err := chromedp.Do(ctx, chromedp.Click(`#unit-range summary`),
				chromedp.SetValue(`#range-prefix`, "Flat"), chromedp.SetValue(`#range-from`, "1"), chromedp.SendKeys(`#range-to`, "12")); err != nil {
				t.Fatal(err)
			}
			shot("range")
			if err := chromedp.Do(ctx, chromedp.Click(`#unit-range button[value="add"]`),
				chromedp.WaitVisible(`#site-screen table tbody tr:nth-child(12)`)); err != nil {
				t.Fatal(err)
			}
			if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll('#site-screen table tbody tr').length`); n != 12 {
				t.Errorf("%d unit rows after adding Flats 1–12", n)
			}
			shot("site")
			chrome.Axe(t, ctx, "site page")
			if err := chromedp.Do(ctx, chromedp.Click(`#site-screen table tbody tr:first-child th a`), chromedp.WaitVisible(`#unit-link`),
				chromedp.Click(`#unit-link summary`), chromedp.SetValue(`#link-person`, ppl.Alice.PublicID),
				chromedp.SetValue(`#link-role`, "leaseholder"), chromedp.Click(`#unit-link button[type="submit"]`),
				chromedp.WaitVisible(`form[action$="/end"]`)); err != nil {
				t.Fatal(err)
			}
			shot("unit")
			chrome.Axe(t, ctx, "unit page")

			// Alice sells to Bob: one step ends her lease and starts his
			// with the lease's terms.
			change := `article.occupancy .occupancy-actions > details:nth-child(3)`
			if err := chromedp.Do(ctx, chromedp.Click(change+` > summary`),
				chromedp.SetValue(change+` select[name="person"]`, ppl.Bob.PublicID),
				chromedp.SetValue(change+` input[name="lease_start"]`, "1999-06-24"),
				chromedp.SendKeys(change+` input[name="lease_years"]`, "125"),
				chromedp.SendKeys(change+` input[name="ground_rent"]`, "250")); err != nil {
				t.Fatal(err)
			}
			shot("change-form")
			if err := chromedp.Do(ctx, chromedp.Click(change+` button[type="submit"]`),
				chromedp.WaitVisible(`article.occupancy:nth-of-type(2)`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('article.occupancy h3').textContent`); !strings.Contains(got, "Bob Brennan") {
				t.Errorf("the newest lease is %q", got)
			}
			shot("changed")
			chrome.Axe(t, ctx, "unit page after a change of leaseholder")
		})
	}
}

// TestUnitAccountsInBrowser: after a sale the unit's account page shows
// the whole unit and each lease's account as tabs; the seller's tab shows
// their arrears alone and records a receipt to their account by default.
func TestUnitAccountsInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			mb := webtest.NewMoneyBook(f, "acme", ppl.FlatA.SiteID, ppl.Manager.ID)
			mb.Demand(ppl.FlatA.ID, "2026-01-01", webtest.MoneyCharge{Name: "Service charge", Amount: 500_00})
			dee := f.AddPortalPerson("acme", "Dee Okoro", "dee@example.com")
			f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
				occ, err := estate.OccupanciesOfUnit(ctx, tx, ppl.FlatA.ID)
				if err != nil {
					return err
				}
				_, err = estate.ChangeOccupier(ctx, tx, webtest.Now, occ[0].ID, webtest.ISODay("2026-02-28"),
					estate.NewOccupancy{People: []int64{dee.ID}})
				return err
			})
			mb.Demand(ppl.FlatA.ID, "2026-03-01", webtest.MoneyCharge{Name: "Service charge", Amount: 80_00})
			ctx, base := webtest.StaffChrome(t, f, ppl.Manager, size.w, size.h)
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "accounts-"+what+"-"+strconv.Itoa(size.w)) }
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/ledger/units/"+ppl.FlatA.PublicID),
				chromedp.WaitVisible(`.account-tabs`)); err != nil {
				t.Fatal(err)
			}
			shot("whole")
			if err := chromedp.Do(ctx, chromedp.Click(`.account-tabs li:nth-child(3) a`),
				chromedp.WaitVisible(`.account-tabs a[aria-current="page"]`), chromedp.Click(`#ledger-receipt summary`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('.ledger-summary .stat-num').textContent`); got != "£500.00" {
				t.Errorf("the seller's tab shows %q owed", got)
			}
			shot("seller")
			chrome.Axe(t, ctx, "a lease's account")
		})
	}
}
