package orgadmin_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/auditlog"
	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestAuditLogInBrowser: an administrator goes from the dashboard's
// recent activity to the whole log, reads it as sentences, filters it by
// kind of action (the results swap in place and the address carries the
// filter, so going back restores it), pages on, and asks for a custom
// hostname on the addresses screen, a refused one first; at phone and
// desk widths, with screenshots, axe finding nothing.
func TestAuditLogInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			o := newOrg(t)
			seedLog(t, o, auditlog.PageSize+2)
			ctx, site := webtest.StaffChrome(t, o.f, o.acme.Manager, size.w, size.h)
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "audit-"+what+"-"+strconv.Itoa(size.w)) }
			poll := func(js string) {
				t.Helper()
				if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js)); err != nil {
					t.Fatalf("waiting for %s: %v", js, err)
				}
			}
			eval := func(js string) string { t.Helper(); return webtest.ChromeEval[string](t, ctx, js) }
			click := func(sel string) {
				t.Helper()
				webtest.ChromeEval[bool](t, ctx, `(document.querySelector('`+sel+`').click(), true)`)
			}

			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin"), chromedp.WaitVisible(`#audit-heading`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('#audit-heading ~ .table-wrap tbody tr .audit-sentence').textContent`); strings.Contains(got, "auth.") || got == "" {
				t.Errorf("dashboard's newest entry reads %q", got)
			}
			click(`#audit-heading ~ p a[href="/admin/settings/audit"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`#audit-results .audit-entry`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('.audit-entry:nth-child(3) .audit-sentence').textContent`); got != o.acme.Manager.FullName+" invited "+o.acme.Alice.FullName {
				t.Errorf("third entry reads %q", got)
			}
			shot("log")
			chrome.Axe(t, ctx, "audit log")

			// The filter: results swapped in place, the address updated.
			webtest.ChromeEval[bool](t, ctx, `(() => { document.getElementById('af-action').value = 'auth.invited'; return true })()`)
			click(`.audit-filter button[type="submit"]`)
			poll(`document.querySelectorAll('.audit-entry').length === 1`)
			if got := eval(`location.search`); got != "?action=auth.invited" {
				t.Errorf("address after filtering = %q", got)
			}
			shot("filtered")

			// Back to everything, then the next page.
			if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
				t.Fatal(err)
			}
			poll(`document.querySelectorAll('.audit-entry').length > 1`)
			click(`.audit-pager a[rel="next"]`)
			poll(`location.search === '?page=2' && document.querySelector('.audit-pager a[rel="prev"]') !== null`)
			shot("page2")

			// The addresses screen: a refused hostname, then one asked for.
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin"), chromedp.WaitVisible(`a[href="/admin/settings/addresses"]`)); err != nil {
				t.Fatal(err)
			}
			click(`nav.admin-links a[href="/admin/settings/addresses"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`#addr-host`), chromedp.SendKeys(`#addr-host`, "https://portal.acme.co.uk/"),
				chromedp.Click(`.addr-add button[type="submit"]`), chromedp.WaitVisible(`#addr-host-error`)); err != nil {
				t.Fatal(err)
			}
			shot("address-refused")
			chrome.Axe(t, ctx, "addresses with a refused hostname")
			if err := chromedp.Do(ctx, chromedp.SetValue(`#addr-host`, "portal.acme.co.uk"), chromedp.Click(`.addr-add button[type="submit"]`),
				chromedp.WaitVisible(`.addr-record`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('.addr-record').textContent`); !strings.HasPrefix(got, "portal.acme.co.uk. CNAME acme.") {
				t.Errorf("DNS record = %q", got)
			}
			shot("address-requested")
			chrome.Axe(t, ctx, "addresses with a request waiting")
		})
	}
}
