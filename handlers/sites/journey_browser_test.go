package sites_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/estate"
	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// thirtyRows is an agency's spreadsheet: 28 flats with their leaseholders
// and two tenants.
func thirtyRows() string {
	var b strings.Builder
	b.WriteString("Block,Flat No.,Floor,Share %,Leaseholder,Email,Phone,Role,Start date\n")
	for n := 1; n <= 28; n++ {
		share := "3.5714"
		if n == 28 {
			share = "3.5722"
		}
		fmt.Fprintf(&b, "Canal Wharf,Flat %d,%d,%s,Resident %d,resident%d@example.com,07700 900%03d,leaseholder,01/06/2019\n", n, (n-1)/7, share, n, n, n)
	}
	b.WriteString("Canal Wharf,Flat 3,,,Tom Reid,tom.reid@example.com,,tenant,01/09/2024\n")
	b.WriteString("Canal Wharf,Flat 9,,,Ana Silva,ana.silva@example.com,,tenant,01/09/2025\n")
	return b.String()
}

// TestNewAgencyJourneyInBrowser is an agency's first afternoon: in a new
// organisation with only its manager, at a desk, add the block, import a
// 30-row spreadsheet, invite one leaseholder; she opens the invitation on
// her phone and sees her flat.
func TestNewAgencyJourneyInBrowser(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	mgr := f.AddStaffAs("acme", "Priya Shah", "priya@acme.example", estate.StaffRoleManager)
	csv := filepath.Join(t.TempDir(), "canal-wharf.csv")
	if err := os.WriteFile(csv, []byte(thirtyRows()), 0o644); err != nil {
		t.Fatal(err)
	}
	desk, site := webtest.StaffChrome(t, f, mgr, 1280, 900)
	shot := func(what string) { t.Helper(); webtest.CheckScreen(t, desk, "agency-"+what) }
	steps := []struct {
		name    string
		actions []chromedp.Action[chromedp.Void]
	}{
		{"land on the dashboard", []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(`.stats.todo`)}},
		{"add the block", []chromedp.Action[chromedp.Void]{chromedp.Click(`a[href="/admin/sites"]`), chromedp.WaitVisible(`#site-add`),
			chromedp.SendKeys(`#new-site-name`, "Canal Wharf"), chromedp.SendKeys(`#new-site-line1`, "2 Canal Wharf"),
			chromedp.SendKeys(`#new-site-town`, "Leeds"), chromedp.SendKeys(`#new-site-postcode`, "LS1 4BR"),
			chromedp.Click(`#site-add button[type="submit"]`), chromedp.WaitVisible(`#unit-range`)}},
		{"upload the spreadsheet", []chromedp.Action[chromedp.Void]{chromedp.Navigate(site + "/admin/sites/import"),
			chromedp.SetUploadFiles(`#import-file`, []string{csv}), chromedp.Click(`#import-screen button[type="submit"]`),
			chromedp.WaitVisible(`button[value="import"]`)}},
	}
	for _, s := range steps {
		if err := chromedp.Do(desk, s.actions...); err != nil {
			shot("failed")
			t.Fatalf("%s: %v", s.name, err)
		}
	}
	shot("import-checked")
	chrome.Axe(t, desk, "import, checked")
	if err := chromedp.Do(desk, chromedp.Click(`button[value="import"]`), chromedp.WaitVisible(`#import-screen .notice.success`)); err != nil {
		t.Fatalf("import: %v", err)
	}
	shot("imported")
	if got := webtest.ChromeEval[string](t, desk, `document.querySelector('#import-screen .notice.success').textContent`); !strings.Contains(got, "28 units, 30 people and 30 links") {
		t.Errorf("after the import: %q", got)
	}
	// The same screens at phone width: the file form, and a checked file.
	if err := chromedp.Do(desk, chromedp.EmulateViewport(390, 844), chromedp.Navigate(site+"/admin/sites/import"),
		chromedp.WaitVisible(`#import-file`)); err != nil {
		t.Fatal(err)
	}
	shot("import-390")
	if err := chromedp.Do(desk, chromedp.SetUploadFiles(`#import-file`, []string{csv}), chromedp.Click(`#import-screen button[type="submit"]`),
		chromedp.WaitVisible(`#import-screen table`)); err != nil {
		t.Fatal(err)
	}
	shot("import-checked-again-390")
	if err := chromedp.Do(desk, chromedp.EmulateReset()); err != nil {
		t.Fatal(err)
	}

	amara, err := estate.FindPersonByEmail(t.Context(), f.DB("acme").Read(), "resident12@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(desk, chromedp.Navigate(site+"/admin/people/"+amara.PublicID),
		chromedp.Click(`form[action$="/invite"] button[type="submit"]`), chromedp.WaitVisible(`.notice.success`)); err != nil {
		t.Fatalf("invite: %v", err)
	}

	_, mail := f.LastMail("acme", amara.Email)
	link := regexp.MustCompile(`/invite/[A-Za-z0-9_-]+`).FindString(mail)
	if link == "" {
		t.Fatalf("no invitation link in:\n%s", mail)
	}
	phone := chrome.New(t, 390, 844)
	if err := chromedp.Do(phone, chromedp.Navigate(site+link),
		chromedp.Click(`form[action^="/invite/"] button`), chromedp.WaitVisible(`#homes-heading`)); err != nil {
		t.Fatalf("accept: %v", err)
	}
	if got := webtest.ChromeEval[string](t, phone, `document.querySelector('.home-unit').textContent`); got != "Flat 12" {
		t.Errorf("on her phone she sees %q", got)
	}
	webtest.CheckScreen(t, phone, "agency-leaseholder-home")
}
