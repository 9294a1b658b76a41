package sites_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

// A flat is sold with arrears on it. The manager records the change of
// leaseholder in one step: the seller's account ends owing what it owed,
// chased there; the buyers (joint) start at zero and see none of the
// seller's entries; what is demanded after the sale is theirs, and their
// payments never settle the seller's invoice.
func TestChangeOfLeaseholderKeepsEachAccount(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	ppl := e.ppl
	mb := webtest.NewMoneyBook(e.f, "acme", ppl.FlatA.SiteID, ppl.Manager.ID)
	sellersInvoice := mb.Demand(ppl.FlatA.ID, "2026-01-01", webtest.MoneyCharge{Name: "Service charge", Amount: 500_00})
	mb.Receipt(ppl.FlatA.ID, "2026-01-20", 200_00, &sellersInvoice, "ADEYEMI PART")
	dee := e.f.AddPortalPerson("acme", "Dee Okoro", "dee@example.com")
	eve := e.f.AddPortalPerson("acme", "Eve Okoro", "eve@example.com")
	unitURL := "/admin/sites/" + ppl.FlatA.SitePublicID + "/units/" + ppl.FlatA.PublicID
	today := webtest.Now.AddDate(0, 0, 1) // the fixture's clock

	var lease string
	page := webtest.Doc(t, e.mgr.Get(unitURL))
	page.Find(`form[action$="/change"]`).Each(func(_ int, s *goquery.Selection) {
		lease, _ = s.Attr("action")
	})
	if lease == "" || !strings.Contains(page.Find("article.occupancy").First().Text(), "£300.00 owed") {
		t.Fatalf("the unit page: no change form, or not the seller's balance: %q", page.Find("article.occupancy").First().Text())
	}

	change := url.Values{"end_date": {today.Format(time.DateOnly)}, "person": {dee.PublicID}, "joint": {eve.PublicID},
		"lease_start": {"1999-06-24"}, "lease_years": {"125"}, "ground_rent": {"250"}}
	for field, bad := range map[string]url.Values{
		"end_date":    {"end_date": {"2000-01-01"}, "person": {dee.PublicID}},
		"person":      {"end_date": {today.Format(time.DateOnly)}, "person": {""}},
		"joint":       {"end_date": {today.Format(time.DateOnly)}, "person": {dee.PublicID}, "joint": {dee.PublicID}},
		"lease_years": {"end_date": {today.Format(time.DateOnly)}, "person": {dee.PublicID}, "lease_start": {"1999-06-24"}, "lease_years": {"1000"}},
	} {
		rec := e.mgr.Post(lease, bad)
		id := "change-" + strings.Split(lease, "/")[7]
		suffix := map[string]string{"end_date": "-end", "person": "-person", "joint": "-joint", "lease_years": "-lease-years"}[field]
		if msg := webtest.Doc(t, rec).Find("#" + id + suffix + "-error").Text(); rec.Code != http.StatusUnprocessableEntity || msg == "" {
			t.Errorf("%s: %d, no message next to the field", field, rec.Code)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM occupancies WHERE unit_id = ? AND end_date IS NULL`, ppl.FlatA.ID); n != 1 {
		t.Fatalf("a refused change left %d open occupancies", n)
	}

	if rec := e.mgr.Post(lease, change); rec.Code != http.StatusSeeOther {
		t.Fatalf("change: %d %s", rec.Code, webtest.Doc(t, rec).Find(".error-text").Text())
	}
	if e.f.AuditCount("acme", "estate.occupier_changed", ppl.FlatA.PublicID) != 1 {
		t.Error("the change is not audited")
	}
	page = webtest.Doc(t, e.mgr.Get(unitURL))
	cards := page.Find("article.occupancy")
	buyers, seller := cards.Eq(0).Text(), cards.Eq(1).Text()
	if !strings.Contains(buyers, "Dee Okoro and Eve Okoro") || !strings.Contains(buyers, "Nothing owed") ||
		!strings.Contains(buyers, "125 years from 24 June 1999") || !strings.Contains(buyers, "£250.00 a year") {
		t.Errorf("the buyers' lease: %q", strings.Join(strings.Fields(buyers), " "))
	}
	if !strings.Contains(seller, "Alice Adeyemi") || !strings.Contains(seller, "to "+today.Format("2 January 2006")) || !strings.Contains(seller, "£300.00 owed") {
		t.Errorf("the seller's lease: %q", strings.Join(strings.Fields(seller), " "))
	}

	// The seller's page leads to their account, ending today, still owing.
	row := webtest.Doc(t, e.mgr.Get("/admin/people/"+ppl.Alice.PublicID)).Find(`section[aria-labelledby="homes-heading"] tbody tr`).First()
	if href, _ := row.Find(`a[href*="?account="]`).Attr("href"); !strings.Contains(row.Text(), "£300.00 owed") ||
		!strings.Contains(row.Text(), "to "+today.Format("2 January 2006")) || !strings.HasPrefix(href, "/admin/ledger/units/"+ppl.FlatA.PublicID+"?account=") {
		t.Errorf("the seller's page: %q %q", strings.Join(strings.Fields(row.Text()), " "), href)
	}

	// After completion: the next demand is the buyers', and their payment
	// pays it, not the seller's invoice.
	e.f.Clock.Advance(24 * time.Hour)
	completion := today.AddDate(0, 0, 1).Format(time.DateOnly)
	buyersInvoice := mb.Demand(ppl.FlatA.ID, completion, webtest.MoneyCharge{Name: "Service charge", Amount: 120_00})
	mb.Receipt(ppl.FlatA.ID, completion, 150_00, nil, "OKORO")
	q := e.f.DB("acme").Read()
	ctx := context.Background()
	for _, c := range []struct {
		who  estate.Person
		want int64
	}{{ppl.Alice, 300_00}, {dee, -30_00}, {eve, -30_00}} {
		d, err := ledger.PersonDebtor(ctx, q, ppl.FlatA.ID, c.who.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := ledger.DebtorBalance(ctx, q, d); err != nil || b != c.want {
			t.Errorf("%s's balance %d, want %d (%v)", c.who.FullName, b, c.want, err)
		}
	}
	invs, err := ledger.UnitInvoices(ctx, q, ppl.FlatA.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range invs {
		if inv.ID == sellersInvoice.ID && inv.Paid != 200_00 || inv.ID == buyersInvoice.ID && inv.Paid != 120_00 {
			t.Errorf("invoice %d paid %d", inv.Number, inv.Paid)
		}
	}

	// The unit accounts list says how much of the flat's balance is the
	// seller's.
	mgr := e.f.Browser("acme." + webtest.Base) // a day on: a new session
	mgr.SignInAs("acme", ppl.Manager)
	list := webtest.Doc(t, mgr.Get("/admin/ledger/units?q=Flat+1")).Find(".closed-owed").Text()
	if list != "£300.00 of it owed on the account of a former leaseholder" {
		t.Errorf("the unit list says %q", list)
	}

	// Each sees their own account only.
	alice := e.f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", ppl.Alice)
	statement := "/money/units/" + ppl.FlatA.PublicID + "/statement?from=2025-01-01"
	if body := webtest.Doc(t, alice.Get(statement)).Find("main").Text(); !strings.Contains(body, "£300.00") || strings.Contains(body, "OKORO") {
		t.Errorf("the seller's statement: %q", strings.Join(strings.Fields(body), " "))
	}
	deeBrowser := e.f.Browser("acme." + webtest.Base)
	deeBrowser.SignInAs("acme", dee)
	if body := webtest.Doc(t, deeBrowser.Get("/money")).Find("main").Text(); !strings.Contains(body, "£30.00") ||
		strings.Contains(body, "300.00") {
		t.Errorf("the buyer's money page: %q", strings.Join(strings.Fields(body), " "))
	}
	if body := webtest.Doc(t, deeBrowser.Get(statement)).Find("main").Text(); strings.Contains(body, "ADEYEMI") ||
		strings.Contains(body, "500.00") {
		t.Errorf("the buyer's statement shows the seller's entries: %q", strings.Join(strings.Fields(body), " "))
	}
}

// After a sale the manager reads each account of the flat on its own and
// records the seller's late payment against the seller's closed account,
// where it settles the seller's invoice and nothing of the buyer's.
func TestSellersLatePaymentGoesToTheirAccount(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	ppl := e.ppl
	mb := webtest.NewMoneyBook(e.f, "acme", ppl.FlatA.SiteID, ppl.Manager.ID)
	sellers := mb.Demand(ppl.FlatA.ID, "2026-01-01", webtest.MoneyCharge{Name: "Service charge", Amount: 500_00})
	dee := e.f.AddPortalPerson("acme", "Dee Okoro", "dee@example.com")
	unitURL := "/admin/sites/" + ppl.FlatA.SitePublicID + "/units/" + ppl.FlatA.PublicID
	var change string
	webtest.Doc(t, e.mgr.Get(unitURL)).Find(`form[action$="/change"]`).Each(func(_ int, s *goquery.Selection) {
		change, _ = s.Attr("action")
	})
	sellerKey := strings.Split(change, "/")[7]
	if rec := e.mgr.Post(change, url.Values{"end_date": {"2026-02-28"}, "person": {dee.PublicID}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("change: %d", rec.Code)
	}
	buyers := mb.Demand(ppl.FlatA.ID, "2026-03-01", webtest.MoneyCharge{Name: "Service charge", Amount: 80_00})

	account := "/admin/ledger/units/" + ppl.FlatA.PublicID
	d := webtest.Doc(t, e.mgr.Get(account))
	if tabs := d.Find(".account-tabs a").Length(); tabs != 3 || !strings.Contains(d.Find(".ledger-summary").Text(), "£580.00") {
		t.Fatalf("whole unit: %d tabs, summary %q", tabs, d.Find(".ledger-summary").Text())
	}
	d = webtest.Doc(t, e.mgr.Get(account+"?account="+sellerKey))
	if !strings.Contains(d.Find(".ledger-summary").Text(), "£500.00") || strings.Contains(d.Find("main").Text(), "Invoice "+webtest.InvNo(buyers.Number)) {
		t.Errorf("the seller's account: %q", strings.Join(strings.Fields(d.Find(".ledger-summary").Text()), " "))
	}
	if v, _ := d.Find(`#receipt-occupancy option[selected]`).Attr("value"); v != sellerKey {
		t.Errorf("the receipt form is for %q, not the seller's account", v)
	}
	if rec := e.mgr.Get(account + "?account=nosuchaccount12"); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown account: %d", rec.Code)
	}

	bank, _ := d.Find(`#receipt-account option[value!=""]`).First().Attr("value")
	receipt := url.Values{"account": {bank}, "date": {"2026-03-10"}, "amount": {"500.00"}, "method": {ledger.MethodBankTransfer},
		"occupancy": {"nosuchaccount12"}}
	if rec := e.mgr.Post(account+"/receipt", receipt); rec.Code != http.StatusUnprocessableEntity ||
		webtest.Doc(t, rec).Find("#receipt-occupancy-error").Text() == "" {
		t.Errorf("a receipt to another unit's account: %d", rec.Code)
	}
	receipt.Set("occupancy", sellerKey)
	if rec := e.mgr.Post(account+"/receipt", receipt); rec.Code != http.StatusSeeOther {
		t.Fatalf("receipt: %d %s", rec.Code, webtest.Doc(t, rec).Find(".error-text").Text())
	}
	invs, err := ledger.UnitInvoices(context.Background(), e.f.DB("acme").Read(), ppl.FlatA.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range invs {
		if inv.ID == sellers.ID && inv.Outstanding() != 0 || inv.ID == buyers.ID && inv.Outstanding() != 80_00 {
			t.Errorf("invoice %d: %d outstanding", inv.Number, inv.Outstanding())
		}
	}

	// The seller's payment is dated in the buyer's time, but it is not
	// the buyer's: its receipt is the seller's alone.
	receipts, err := ledger.UnitReceipts(context.Background(), e.f.DB("acme").Read(), ppl.FlatA.ID)
	if err != nil || len(receipts) != 1 {
		t.Fatalf("receipts %+v (%v)", receipts, err)
	}
	pdf := "/money/receipts/" + receipts[0].PublicID + ".pdf"
	buyer := e.f.Browser("acme." + webtest.Base)
	buyer.SignInAs("acme", dee)
	webtest.AssertRefusesOutOfScope(t, buyer, pdf)
	seller := e.f.Browser("acme." + webtest.Base)
	seller.SignInAs("acme", ppl.Alice)
	if rec := seller.Get(pdf); rec.Code != http.StatusOK {
		t.Errorf("the seller's own receipt: %d", rec.Code)
	}
	// Her statement runs on to the late payment and closes at nothing owed.
	st := webtest.Doc(t, seller.Get("/money/units/"+ppl.FlatA.PublicID+"/statement?from=2026-01-01")).Find("main").Text()
	if !strings.Contains(st, "10 March 2026") || strings.Contains(st, "80.00") {
		t.Errorf("the seller's statement: %q", strings.Join(strings.Fields(st), " "))
	}
}
