package contacts_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/estate"
	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// profileTab serves a world and opens Alice's profile at phone width,
// with JavaScript or without, her correspondence address change waiting.
func profileTab(t *testing.T, js bool) (*world, context.Context, string) {
	t.Helper()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	w := &world{f: f, ppl: f.SeedPeople("acme")}
	site := webtest.ChromeSite(t, f)
	w.ask(t, w.ppl.Alice, "correspondence_address", "9 New Street\nYork\nYO1 7HH")
	ctx := chrome.New(t, 390, 844)
	if !js {
		chrome.DisableScripts(t, ctx)
	}
	alice := f.Browser("acme.localhost")
	alice.SignInAs("acme", w.ppl.Alice)
	webtest.ChromeSession(t, ctx, site, alice)
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/profile"), chromedp.WaitVisible(`#profile-details`)); err != nil {
		t.Fatal(err)
	}
	return w, ctx, site
}

// TestBrowserProfileDetails: on a phone, with JavaScript and without,
// Alice sees her waiting address change, is refused a bad number next to
// its field with what she typed kept and nothing saved, then saves a new
// number (at once) and a new name (waiting), and withdraws the address
// change; screenshots at each step, axe finding nothing.
func TestBrowserProfileDetails(t *testing.T) {
	for _, js := range []bool{true, false} {
		name := map[bool]string{true: "js", false: "no-js"}[js]
		t.Run(name, func(t *testing.T) {
			w, ctx, _ := profileTab(t, js)
			eval := func(q string) string { t.Helper(); return webtest.ChromeEval[string](t, ctx, q) }
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "profile-details-"+what+"-"+name) }
			if got := eval(`document.querySelector('#pending-correspondence_address').textContent`); !strings.Contains(got, "9 New Street") {
				t.Errorf("pending address %q", got)
			}
			shot("page")
			axe := func(what string) {
				t.Helper()
				if js { // axe runs in the page: it needs JavaScript
					chrome.Axe(t, ctx, what+" "+name)
				}
			}
			axe("profile")
			// set types into a field as a person would, in the page as it is
			// now (htmx may have swapped it).
			set := func(id, v string) {
				t.Helper()
				eval(`document.getElementById('` + id + `').value = '` + v + `'; ''`)
			}

			eval(`window.stayed = true; ''`)
			set("details-other-phone", "call me")
			set("details-phone", "07700 900123")
			if err := chromedp.Do(ctx, chromedp.Click(`#profile-details button.primary`), chromedp.WaitVisible(`#details-other-phone[aria-invalid="true"]`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.getElementById('details-other-phone').value`); got != "call me" {
				t.Errorf("typed value %q", got)
			}
			if got := eval(`document.getElementById('details-other-phone-error').textContent`); !strings.Contains(got, "phone number") {
				t.Errorf("message %q", got)
			}
			if stayed := eval(`String(window.stayed === true)`); (stayed == "true") != js {
				t.Errorf("with js %v the page stayed: %s", js, stayed)
			}
			if !js && !strings.HasPrefix(eval(`document.title`), "Error: ") {
				t.Errorf("title %q", eval(`document.title`))
			}
			if p := w.person(t, w.ppl.Alice); p.Phone != "" {
				t.Errorf("phone saved beside a refusal: %q", p.Phone)
			}
			shot("refused")
			axe("profile refused")

			set("details-other-phone", "")
			set("details-name", "Alice Brown")
			if err := chromedp.Do(ctx, chromedp.Click(`#profile-details button.primary`), chromedp.WaitVisible(`#profile-details .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('#pending-full_name').textContent`); !strings.Contains(got, "Alice Brown") {
				t.Errorf("pending name %q", got)
			}
			if p := w.person(t, w.ppl.Alice); p.Phone != "07700 900123" || p.FullName != "Alice Adeyemi" {
				t.Errorf("record %+v", p)
			}
			shot("saved")

			if err := chromedp.Do(ctx, chromedp.Click(`#pending-correspondence_address button`),
				chromedp.WaitNotPresent(`#pending-correspondence_address`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('#profile-details .notice').textContent`); !strings.Contains(got, "withdrawn") {
				t.Errorf("notice %q", got)
			}
			if list := w.waiting(t); len(list) != 1 || list[0].Field != "full_name" {
				t.Errorf("waiting %+v", list)
			}
		})
	}
}

// TestBrowserChangesQueue: at a desk, the administrator opens the queue
// from the dashboard, is refused a rejection without a reason on its row,
// rejects with one, and approves the other; screenshots, axe.
func TestBrowserChangesQueue(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	w := &world{f: f, ppl: f.SeedPeople("acme")}
	addr := w.ask(t, w.ppl.Alice, "correspondence_address", "9 New Street\nYork\nYO1 7HH")
	name := w.ask(t, w.ppl.Bob, "full_name", "Robert Brennan")
	w.ask(t, w.ppl.Bob, "preferred_contact", estate.ContactByPost)
	// On a phone the queue and the rules fit the screen.
	phone, phoneSite := webtest.StaffChrome(t, f, w.ppl.Manager, 390, 844)
	for _, pg := range []struct{ path, ready, shot string }{
		{"/admin/people/changes", "#changes-screen", "changes-queue-390"},
		{"/admin/settings/contact-details", "#contact-rules", "contact-rules-390"},
	} {
		if err := chromedp.Do(phone, chromedp.Navigate(phoneSite+pg.path), chromedp.WaitVisible(pg.ready)); err != nil {
			t.Fatal(err)
		}
		webtest.CheckScreen(t, phone, pg.shot)
		chrome.Axe(t, phone, pg.shot)
	}

	ctx, site := webtest.StaffChrome(t, f, w.ppl.Manager, 1280, 900)
	eval := func(q string) string { t.Helper(); return webtest.ChromeEval[string](t, ctx, q) }
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin"), chromedp.Click(`a[href="/admin/people/changes"]`),
		chromedp.WaitVisible(`#changes-screen`)); err != nil {
		t.Fatal(err)
	}
	webtest.CheckScreen(t, ctx, "changes-queue-1280")
	chrome.Axe(t, ctx, "changes queue")

	row := "#change-" + name.PublicID
	if err := chromedp.Do(ctx, chromedp.Click(row+` summary`), chromedp.Click(row+` .change-reject button`),
		chromedp.WaitVisible(row+` .error-text`)); err != nil {
		t.Fatal(err)
	}
	webtest.CheckScreen(t, ctx, "changes-queue-refused-1280")
	chrome.Axe(t, ctx, "changes queue with a refusal")
	if err := chromedp.Do(ctx, chromedp.SendKeys(row+` textarea`, "Please send us a copy of the deed poll."),
		chromedp.Click(row+` .change-reject button`), chromedp.WaitVisible(`#changes-screen .notice.success`)); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.querySelector('#changes-screen .notice').textContent`); !strings.Contains(got, "Rejected") {
		t.Errorf("notice %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`#change-`+addr.PublicID+` button.primary`),
		chromedp.WaitNotPresent(`#change-`+addr.PublicID)); err != nil {
		t.Fatal(err)
	}
	webtest.CheckScreen(t, ctx, "changes-queue-decided-1280")
	if p := w.person(t, w.ppl.Alice); p.CorrespondenceAddress != "9 New Street\nYork\nYO1 7HH" {
		t.Errorf("address %q", p.CorrespondenceAddress)
	}
	if n := len(w.waiting(t)); n != 1 {
		t.Errorf("%d waiting", n)
	}

	// The rules, one step away.
	if err := chromedp.Do(ctx, chromedp.Click(`a[href="/admin/settings/contact-details"]`), chromedp.WaitVisible(`#contact-rules`),
		chromedp.Click(`#rule-phones input[value="confirm"]`), chromedp.Click(`#contact-rules button.primary`),
		chromedp.WaitVisible(`#contact-rules .notice.success`)); err != nil {
		t.Fatal(err)
	}
	webtest.CheckScreen(t, ctx, "contact-rules-1280")
	chrome.Axe(t, ctx, "contact-detail rules")
}
