package books_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

// Issue 11, defect 4: staff reached the journals and the trial balance
// (landlords' payouts, client bank balances) and posted receipts, credits
// and reversals. Now they get 403, nothing is written, the refusal is
// audited, and the unit page offers them only what they may do.
func TestStaffSeeNoClientMoneyAndPostNoMoney(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	lb.Raise(t, "300")
	lb.ReceiptFor(t, lb.Ppl.FlatA, "2026-03-14", "100", "CHEQUE 1")
	var receipt int64
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT id FROM journals WHERE kind = 'receipt'`).Scan(&receipt); err != nil {
		t.Fatal(err)
	}
	clerk := lb.F.Browser("acme." + webtest.Base)
	clerk.SignInAs("acme", lb.F.AddStaff("acme", "Sam Staff", "sam@acme.example"))

	for _, path := range []string{"/admin/ledger/journals", "/admin/ledger/trial-balance", "/admin/ledger/banks"} {
		rec := clerk.Get(path)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "Only managers can see client money") {
			t.Errorf("staff GET %s: %d %.200s", path, rec.Code, rec.Body.String())
		}
	}

	journals, allocations := lb.Journals(), lb.Count(`SELECT count(*) FROM allocations`)
	denied := lb.F.AuditCount("acme", "access.denied")
	posts := map[string]url.Values{
		"receipt": {"account": {lb.BankID()}, "date": {"2026-03-15"}, "amount": {"50"}, "method": {ledger.MethodCheque}},
		"credit":  {"charge_type": {lb.ChargeID("Service charge")}, "date": {"2026-03-15"}, "amount": {"20"}, "reason": {"Goodwill"}},
		"reverse": {"entry": {strconv.FormatInt(receipt, 10)}, "date": {"2026-03-15"}, "reason": {"Bounced"}},
	}
	for action, form := range posts {
		rec := clerk.Post(lb.UnitPath()+"/"+action, form)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "Only managers can record receipts") {
			t.Errorf("staff POST %s: %d %.200s", action, rec.Code, rec.Body.String())
		}
	}
	if lb.Journals() != journals || lb.Count(`SELECT count(*) FROM allocations`) != allocations {
		t.Error("a refused post wrote to the ledger")
	}
	if got := lb.F.AuditCount("acme", "access.denied"); got != denied+len(posts) {
		t.Errorf("refusals audited %d times, want %d", got-denied, len(posts))
	}

	// Staff still raise demands; the forms they cannot use are not shown.
	d := webtest.Doc(t, clerk.Get(lb.UnitPath()))
	if d.Find("#ledger-demand").Length() != 1 || d.Find("#ledger-receipt, #ledger-credit, #ledger-reverse").Length() != 0 ||
		d.Find(`a[href*="?reverse="]`).Length() != 0 {
		t.Errorf("staff unit page forms: %q", d.Find(".ledger-actions summary").Text())
	}
	home := webtest.Doc(t, clerk.Get("/admin/ledger"))
	if n := home.Find(`a[href="/admin/ledger/journals"], a[href="/admin/ledger/trial-balance"], a[href="/admin/ledger/owners"]`).Length(); n != 0 {
		t.Errorf("staff ledger home links to %d client-money pages", n)
	}
	if d := webtest.Doc(t, lb.Mgr.Get(lb.UnitPath())); d.Find("#ledger-receipt, #ledger-credit, #ledger-reverse").Length() != 3 {
		t.Error("an administrator's unit page lost its forms")
	}
}

// A read-only member sees unit accounts with no forms at all, and every
// change is refused.
func TestReadOnlyMemberChangesNothing(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	viewer := lb.F.Browser("acme." + webtest.Base)
	viewer.SignInAs("acme", lb.F.AddStaffAs("acme", "Rae Reader", "rae@acme.example", estate.StaffRoleReadOnly))

	d := webtest.Doc(t, viewer.Get(lb.UnitPath()))
	if d.Find("h1").Text() == "" || d.Find(".ledger-actions details").Length() != 0 {
		t.Errorf("read-only unit page: %q", d.Find(".ledger-actions").Text())
	}
	invoices := len(lb.Invoices(t))
	form := lb.DemandForm("100", "2026-03-14", "2026-04-11")
	form.Set("action", "preview")
	for path, form := range map[string]url.Values{
		lb.UnitPath() + "/demand":                            form,
		"/admin/ledger/charges":                              {"name": {"Parking"}, "kind": {"income"}},
		"/admin/people/" + lb.Ppl.Alice.PublicID + "/invite": nil,
	} {
		if rec := viewer.Post(path, form); rec.Code != http.StatusForbidden {
			t.Errorf("read-only POST %s: %d", path, rec.Code)
		}
	}
	if len(lb.Invoices(t)) != invoices || lb.F.MailCount("acme", lb.Ppl.Alice.Email) != 0 {
		t.Error("a read-only member changed something")
	}
}
