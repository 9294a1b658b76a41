package sales_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
	"porch/owners"
)

// TestBrowserSalePage: the administrator opens Sales from the admin home,
// then the house's sale; an empty offer is refused next to its fields in
// place, a real one is recorded, accepted from its row, and yesterday's
// viewing is recorded as done with the viewer's feedback, which shows in
// the seller's view; at phone and desk widths, with screenshots, axe
// finding nothing.
func TestBrowserSalePage(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			sb := newSaleBook(t)
			sb.offer(t, "Cara Chain", "640,000", owners.PositionSoldSTC, "2026-03-12")
			for _, v := range []url.Values{
				{"viewer_name": {"Ola Earlier"}, "starts_at": {"2026-03-14T10:00"}, "staff": {sb.nia.PublicID}},
				{"viewer_name": {"Tom Tomorrow"}, "starts_at": {"2026-03-16T17:15"}},
			} {
				if rec := sb.mgr.Post(sb.path()+"/viewings", v); rec.Code != http.StatusSeeOther {
					t.Fatalf("book: %d", rec.Code)
				}
			}
			ola := sb.viewings(t)[0]
			ctx, site := webtest.StaffChrome(t, sb.f, sb.manager, size.w, size.h)
			name := func(what string) string { return "sale-" + what + "-" + strconv.Itoa(size.w) }
			eval := func(js string) string { t.Helper(); return webtest.ChromeEval[string](t, ctx, js) }
			do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, actions...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}

			do("open Sales", chromedp.Navigate(site+"/admin"), chromedp.Click(`a[href="/admin/sales"]`), chromedp.WaitVisible(`.sales-table`))
			webtest.CheckScreen(t, ctx, name("list"))
			chrome.Axe(t, ctx, "sales list")
			do("open the sale", chromedp.Click(`.sales-table a[href="`+sb.path()+`"]`), chromedp.WaitVisible(`#sale-screen`))
			webtest.CheckScreen(t, ctx, name("page"))

			do("refused offer", chromedp.Click(`#sale-offer-form > summary`), chromedp.WaitVisible(`#offer-buyer`),
				chromedp.Click(`#sale-offer-form button[type="submit"]`), chromedp.WaitVisible(`#offer-buyer-error`))
			if got := eval(`document.querySelector('#offer-amount-error').textContent`); got != "Enter the amount offered, more than zero." {
				t.Errorf("amount refusal %q", got)
			}
			webtest.CheckScreen(t, ctx, name("offer-refused"))
			do("record offer", chromedp.SetValue(`#offer-buyer`, "Ben Buyer"), chromedp.SetValue(`#offer-amount`, "650,000"),
				chromedp.SetValue(`#offer-position`, owners.PositionCash), chromedp.SetValue(`#offer-made`, "2026-03-14"),
				chromedp.Click(`#sale-offer-form button[type="submit"]`), chromedp.WaitVisible(`#sale-screen .notice.success`))
			if got := eval(`document.querySelector('#sale-screen tbody tr').textContent`); !strings.Contains(got, "Ben Buyer") || !strings.Contains(got, "£650,000.00") {
				t.Errorf("newest offer row %q", got)
			}
			ben := sb.offers(t)[0]
			row := "#offer-" + ben.PublicID
			do("accept", chromedp.SetValue(row+` select`, owners.OfferAccepted), chromedp.Click(row+` button`),
				chromedp.WaitVisible(`#sale-screen .notice.success`), chromedp.WaitVisible(row+` .badge.ok`))
			if got := eval(`document.querySelector('#sale-screen .notice.success').textContent`); got != "Offer accepted." {
				t.Errorf("notice %q", got)
			}

			vrow := "#viewing-" + ola.PublicID
			do("outcome", chromedp.Click(vrow+` summary`), chromedp.WaitVisible(`#interest-`+ola.PublicID),
				chromedp.SetValue(`#outcome-`+ola.PublicID, owners.ViewingDone), chromedp.SetValue(`#interest-`+ola.PublicID, owners.InterestHigh),
				chromedp.SendKeys(`#feedback-`+ola.PublicID, "Loved the garden."), chromedp.Click(vrow+` button[type="submit"]`),
				chromedp.WaitVisible(vrow+` .badge.ok`), chromedp.Click(`.sale-seller-preview > summary`),
				chromedp.WaitVisible(`.sale-seller-view .owner-sale-quote`))
			if got := eval(`document.querySelector('.sale-seller-view').textContent`); !strings.Contains(got, "Loved the garden.") ||
				!strings.Contains(got, "Very interested") || !strings.Contains(got, "£650,000.00") || strings.Contains(got, "Ben Buyer") {
				t.Errorf("seller's view %q", got)
			}
			webtest.CheckScreen(t, ctx, name("after"))
			chrome.Axe(t, ctx, "sale page, the seller's view open")
		})
	}
}
