package staff_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestWelcomeEmailTestInBrowser: an administrator reads the placeholders
// in the welcome email editor, types a subject with one and sends
// themselves a test; the confirmation replaces the editor in place, with
// what was typed kept; at phone and desk widths, axe finding nothing.
func TestWelcomeEmailTestInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			ctx, site := webtest.StaffChrome(t, f, ppl.Manager, size.w, size.h)
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin/settings/welcome-email"), chromedp.WaitVisible(`.placeholders`)); err != nil {
				t.Fatal(err)
			}
			webtest.ChromeEval[bool](t, ctx, `(() => { document.getElementById('welcome-subject').value = ''; return true })()`)
			if err := chromedp.Do(ctx, chromedp.SendKeys(`#welcome-subject`, "Hello {{first_name}}"),
				chromedp.Click(`button[formaction="/admin/settings/welcome-email/test"]`),
				chromedp.WaitVisible(`#welcome-editor .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.getElementById('welcome-subject').value`); got != "Hello {{first_name}}" {
				t.Errorf("typed subject after the test: %q", got)
			}
			if subject, _ := f.LastMail("acme", ppl.Manager.Email); !strings.HasPrefix(subject, "Hello Morgan") {
				t.Errorf("test email subject %q", subject)
			}
			webtest.CheckScreen(t, ctx, "welcome-test-"+strconv.Itoa(size.w))
			chrome.Axe(t, ctx, "welcome email after a test")
		})
	}
}
