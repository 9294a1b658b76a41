package staff_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/estate"
	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestTeamInBrowser: an administrator opens the team from the dashboard,
// tries to demote themselves (the only administrator: refused on their
// row), changes Sam's role by choosing it (saved in place), is refused an
// email already on the team next to the field with what was typed kept,
// adds a new member, and removes Sam after confirming; at phone and desk
// widths, with screenshots, axe finding nothing.
func TestTeamInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			sam := f.AddStaffAs("acme", "Sam Staff", "sam@acme.example", estate.StaffRoleStaff)
			f.AddStaffAs("acme", "Mina Manager", "mina@acme.example", estate.StaffRoleManager)
			ctx, site := webtest.StaffChrome(t, f, ppl.Manager, size.w, size.h)
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "team-"+what+"-"+strconv.Itoa(size.w)) }
			eval := func(js string) string { t.Helper(); return webtest.ChromeEval[string](t, ctx, js) }
			// choose picks value in the select id as a person would, which
			// fires its change event.
			choose := func(id, value string) {
				t.Helper()
				webtest.ChromeEval[bool](t, ctx, `(() => { const s = document.getElementById('`+id+`'); s.value = '`+value+`';
					return s.dispatchEvent(new Event('change', {bubbles: true})) })()`)
			}
			morgan := "#member-" + ppl.Manager.PublicID
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin"), chromedp.Click(`a[href="/admin/settings/team"]`),
				chromedp.WaitVisible(`#team-add`)); err != nil {
				t.Fatal(err)
			}
			shot("page")
			if cut := eval(`[...document.querySelectorAll('.team-matrix th, .team-list td')].filter(e => e.scrollWidth > e.clientWidth).map(e => e.textContent.trim() + ' ' + e.scrollWidth + '>' + e.clientWidth).join('; ')`); cut != "" {
				t.Errorf("cut off in the team's tables: %s", cut)
			}
			chrome.Axe(t, ctx, "team")

			choose("role-"+ppl.Manager.PublicID, "manager")
			if err := chromedp.Do(ctx, chromedp.WaitVisible(morgan+` .error-text`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('` + morgan + ` .error-text').textContent`); !strings.Contains(got, "only administrator") {
				t.Errorf("refusal on the row: %q", got)
			}
			shot("last-admin")

			samRow := "#member-" + sam.PublicID
			choose("role-"+sam.PublicID, "read_only")
			if err := chromedp.Do(ctx, chromedp.WaitVisible(samRow+` .team-saved`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.getElementById('role-` + sam.PublicID + `').value`); got != "read_only" {
				t.Errorf("Sam's role shows %q", got)
			}

			if err := chromedp.Do(ctx, chromedp.SendKeys(`#team-name`, "Sam Again"), chromedp.SendKeys(`#team-email`, "sam@acme.example"),
				chromedp.Click(`#team-add button[type="submit"]`), chromedp.WaitVisible(`#team-email-error`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.getElementById('team-email').value`); got != "sam@acme.example" {
				t.Errorf("typed email not kept: %q", got)
			}
			shot("refused")
			chrome.Axe(t, ctx, "team with a refused form")
			if err := chromedp.Do(ctx, chromedp.SetValue(`#team-email`, "nia@acme.example"), chromedp.SetValue(`#team-name`, "Nia New"),
				chromedp.Click(`#team-add button[type="submit"]`), chromedp.WaitVisible(`#team-screen .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if f.MailCount("acme", "nia@acme.example") != 1 {
				t.Error("Nia was not invited")
			}

			// Clicked from the page's script: the row may sit under the
			// edge of a phone's screen, where a click by position misses.
			click := func(sel string) {
				t.Helper()
				webtest.ChromeEval[bool](t, ctx, `(document.querySelector('`+sel+`').click(), true)`)
			}
			click(samRow + ` .team-remove summary`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(samRow+` .team-remove button`)); err != nil {
				t.Fatal(err)
			}
			shot("confirm")
			click(samRow + ` .team-remove button`)
			if err := chromedp.Do(ctx, chromedp.WaitNotPresent(samRow), chromedp.WaitVisible(`#team-screen .notice.success`)); err != nil {
				t.Fatal(err)
			}
			shot("removed")
		})
	}
}
