package lettings_test

import (
	"context"
	"database/sql"
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

// lettingsBook is the ledger book with a let house, 12 Albion Road, owned
// by Lena Landlord and rented to Tom Tenant, with a client account for
// the lettings site. March's rent of £1,500 was demanded on 1 March and
// £1,000 of it received, so £1,500 is held for Lena, of which £1,000 can
// be paid out.
type lettingsBook struct {
	*webtest.LedgerBook
	unit       estate.Unit
	lena, tom  estate.Person
	bank       string // public id of the lettings client account
	bankID     int64
	rentCharge int64
}

func newLettingsBook(t *testing.T) *lettingsBook {
	t.Helper()
	lb := &lettingsBook{LedgerBook: webtest.NewLedgerBook(t)}
	var site estate.Site
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if site, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Acme Lettings", Kind: estate.KindLettings}, webtest.Now); err != nil {
			return err
		}
		if lb.unit, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "12 Albion Road", AddressLine1: "12 Albion Road",
			Town: "London", Postcode: "N16 9JS"}, webtest.Now); err != nil {
			return err
		}
		if lb.lena, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Lena Landlord", Email: "lena@example.com",
			CorrespondenceAddress: "4 Orchard Close\nBath BA1 2QT"}, webtest.Now); err != nil {
			return err
		}
		if lb.tom, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Tom Tenant", Email: "tom@example.com", PortalEnabled: true}, webtest.Now); err != nil {
			return err
		}
		start := webtest.Now.AddDate(-1, 0, 0)
		if _, err := estate.LinkPerson(ctx, tx, lb.unit.ID, lb.lena.ID, estate.RoleOwner, start, nil); err != nil {
			return err
		}
		_, err = estate.LinkPerson(ctx, tx, lb.unit.ID, lb.tom.ID, estate.RoleTenant, start, nil)
		return err
	})
	rec := lb.Mgr.Post("/admin/ledger/banks", url.Values{"site": {site.PublicID},
		"name": {"Lettings client account"}, "sort_code": {"20-00-00"}, "account_number": {"55779911"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("add bank account: %d %.500s", rec.Code, rec.Body.String())
	}
	ctx := context.Background()
	accounts, err := ledger.Accounts(ctx, lb.F.DB("acme").Read())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		if a.Name == "Lettings client account" {
			lb.bank, lb.bankID = a.PublicID, a.ID
		}
	}
	types, err := ledger.ChargeTypes(ctx, lb.F.DB("acme").Read())
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range types {
		if ct.Name == "Rent" {
			lb.rentCharge = ct.ID
		}
	}
	lb.rent(t, "2026-03-01", 1500_00, 1000_00)
	return lb
}

func lettingDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// rent demands a month's rent on date and records what the tenant paid.
func (lb *lettingsBook) rent(t *testing.T, date string, amount, paid int64) {
	t.Helper()
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := ledger.RaiseDemand(ctx, tx, webtest.Now, ledger.DemandInput{UnitID: lb.unit.ID, IssueDate: lettingDay(date), DueDate: lettingDay(date),
			Lines: []ledger.DemandLine{{ChargeTypeID: lb.rentCharge, Description: "Rent", Amount: amount}}}); err != nil {
			return err
		}
		if paid == 0 {
			return nil
		}
		_, err := ledger.RecordReceipt(ctx, tx, webtest.Now, ledger.ReceiptInput{UnitID: lb.unit.ID, AccountID: lb.bankID, Date: lettingDay(date), Amount: paid})
		return err
	})
}

func (lb *lettingsBook) ownerPath() string { return "/admin/ledger/owners/" + lb.lena.PublicID }

func (lb *lettingsBook) funds(t *testing.T) ledger.OwnerFunds {
	t.Helper()
	f, err := ledger.FundsOf(context.Background(), lb.F.DB("acme").Read(), lb.lena.ID)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (lb *lettingsBook) deductions() int {
	return lb.Count(`SELECT count(*) FROM scheduled_deductions`)
}

// hx are the headers of an htmx request swapping the element target.
func ownerHX(target string) []string {
	return []string{"HX-Request", "true", "HX-Target", target}
}

// ownerText is an element's text with its runs of spaces joined; table
// cells are kept apart by a space.
func ownerText(s *goquery.Selection) string {
	var parts []string
	s.Find("th, td").Each(func(_ int, c *goquery.Selection) { parts = append(parts, c.Text()) })
	if len(parts) == 0 {
		parts = []string{s.Text()}
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

func TestOwnerPagesRender(t *testing.T) {
	lb := newLettingsBook(t)
	for _, path := range []string{"/admin/ledger", "/admin/ledger/owners", "/admin/ledger/owners?q=albion", lb.ownerPath(),
		lb.ownerPath() + "/statement", lb.ownerPath() + "/statement?from=2026-03-01&to=", "/admin/ledger/suppliers"} {
		if rec := lb.Mgr.Get(path); rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d %.800s", path, rec.Code, rec.Body.String())
		}
	}
	d := webtest.Doc(t, lb.Mgr.Get("/admin/ledger"))
	for _, href := range []string{"/admin/ledger/owners", "/admin/ledger/suppliers"} {
		if d.Find(`nav.admin-links a[href="`+href+`"]`).Length() != 1 {
			t.Errorf("the accounts page has no link to %s", href)
		}
	}

	// The list: Lena with her money; the live search swaps only the rows.
	d = webtest.Doc(t, lb.Mgr.Get("/admin/ledger/owners"))
	row := d.Find("#owner-rows tr").First()
	if got := ownerText(row); !strings.Contains(got, "Lena Landlord") || !strings.Contains(got, "12 Albion Road") ||
		!strings.Contains(got, "£1,500.00") || !strings.Contains(got, "£1,000.00") {
		t.Errorf("Lena's row: %q", got)
	}
	if d.Find(`a[href="`+lb.ownerPath()+`"]`).Length() == 0 {
		t.Error("no link to Lena's account")
	}
	for _, tt := range []struct{ q, want string }{
		{"LENA", "Lena Landlord"}, {"albion", "Lena Landlord"}, {"lena@example", "Lena Landlord"}, {"alice", "No landlord's name"},
	} {
		rec := lb.Mgr.Get("/admin/ledger/owners?q="+url.QueryEscape(tt.q), ownerHX("owner-rows")...)
		body := rec.Body.String()
		if rec.Code != 200 || !strings.HasPrefix(strings.TrimSpace(body), `<tbody id="owner-rows">`) || !strings.Contains(body, tt.want) {
			t.Errorf("search %q: %d %.500s", tt.q, rec.Code, body)
		}
	}

	// Someone who is not a landlord has no client money account.
	for _, path := range []string{"/admin/ledger/owners/" + lb.Ppl.Alice.PublicID, "/admin/ledger/owners/nobody",
		"/admin/ledger/owners/" + lb.tom.PublicID + "/statement"} {
		if rec := lb.Mgr.Get(path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, rec.Code)
		}
	}
}

func TestOwnerPayoutRefusedBeyondAvailable(t *testing.T) {
	lb := newLettingsBook(t)
	journals, audits := lb.Journals(), lb.F.AuditCount("acme", "ledger.payout")
	form := url.Values{"account": {lb.bank}, "date": {"2026-03-15"}, "amount": {"1000.01"}}

	// htmx gets the form again, 422, the reason next to the amount.
	rec := lb.Mgr.Post(lb.ownerPath()+"/payout", form, ownerHX("owner-payout")...)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("payout beyond available: %d %.500s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	if d.Find("#owner-payout").Length() != 1 || d.Find("#owner-account").Length() != 0 {
		t.Errorf("htmx should get only the payout form: %.500s", rec.Body.String())
	}
	if msg := webtest.FieldError(d.Selection, "amount"); !strings.Contains(msg, "Only £1,000.00 is available to pay Lena Landlord") ||
		!strings.Contains(msg, "£500.00 of rent has not been received from tenants yet") {
		t.Errorf("amount message %q", msg)
	}
	if d.Find(`input[name="amount"]`).AttrOr("value", "") != "1000.01" {
		t.Error("the amount typed is lost")
	}

	// A float is respected: with £200 kept back, £900 is too much.
	if rec := lb.Mgr.Post(lb.ownerPath()+"/float", url.Values{"unit": {lb.unit.PublicID}, "float": {"200"}, "date": {"2026-03-15"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("set float: %d %.500s", rec.Code, rec.Body.String())
	}
	journals++
	form.Set("amount", "900")
	rec = lb.Mgr.Post(lb.ownerPath()+"/payout", form)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("payout into the float: %d", rec.Code)
	}
	d = webtest.Doc(t, rec)
	if d.Find("#owner-account").Length() != 1 {
		t.Error("a plain post should get the whole page back")
	}
	if msg := webtest.FieldError(d.Selection, "amount"); !strings.Contains(msg, "Only £800.00 is available") || !strings.Contains(msg, "£200.00 is kept back as float") {
		t.Errorf("amount message %q", msg)
	}
	if got := lb.Journals(); got != journals {
		t.Errorf("journals %d, want %d: a refused payout posted", got, journals)
	}
	if got := lb.F.AuditCount("acme", "ledger.payout"); got != audits {
		t.Errorf("a refused payout was audited")
	}

	// What is available can be paid.
	form.Set("amount", "800")
	if rec := lb.Mgr.Post(lb.ownerPath()+"/payout", form); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != lb.ownerPath()+"?done=payout" {
		t.Fatalf("payout: %d %v", rec.Code, rec.Header())
	}
	if f := lb.funds(t); f.Available != 0 || f.Float != 200_00 || f.Held != 1500_00-200_00-800_00 {
		t.Errorf("after the payout %+v", f)
	}
	if lb.F.AuditCount("acme", "ledger.payout", lb.lena.PublicID) != 1 {
		t.Error("the payout was not audited")
	}
	d = webtest.Doc(t, lb.Mgr.Get(lb.ownerPath()+"?done=payout"))
	if got := ownerText(d.Find(".notice.success")); !strings.Contains(got, "Payout recorded. £0.00 is now available") {
		t.Errorf("notice %q", got)
	}
}

func TestOwnerFormsRefuseBadInput(t *testing.T) {
	lb := newLettingsBook(t)
	good := map[string]url.Values{
		"fee":        {"unit": {lb.unit.PublicID}, "date": {"2026-03-15"}, "amount": {"120"}, "description": {"Management fee"}},
		"expense":    {"unit": {lb.unit.PublicID}, "date": {"2026-03-15"}, "amount": {"85"}, "supplier": {"Keys Ltd"}, "description": {"New locks"}},
		"payout":     {"account": {lb.bank}, "date": {"2026-03-15"}, "amount": {"100"}},
		"float":      {"unit": {lb.unit.PublicID}, "date": {"2026-03-15"}, "float": {"250"}},
		"deductions": {"unit": {lb.unit.PublicID}, "due_date": {"2026-06-01"}, "amount": {"90"}, "supplier": {"Gas Safe Co"}, "description": {"Gas safety certificate"}},
	}
	blocks := map[string]string{"fee": "owner-fee", "expense": "owner-expense", "payout": "owner-payout", "float": "owner-float", "deductions": "owner-deduction"}
	tests := []struct {
		form, field, value, want string
	}{
		{"fee", "amount", "abc", "Enter the amount in pounds and pence"},
		{"fee", "amount", "-5", "The amount cannot be negative."},
		{"fee", "amount", "0", "Enter an amount greater than zero."},
		{"fee", "amount", "1.234", "at most 2 decimal places"},
		{"fee", "date", "2026-02-30", "Enter a real date"},
		{"fee", "date", "1999-12-31", "Enter a date between 2000 and 2099."},
		{"fee", "description", "", "Say what the fee is for"},
		{"fee", "unit", lb.Ppl.FlatA.PublicID, "Choose one of Lena Landlord's properties."},
		{"fee", "unit", "", "Choose the property."},
		{"expense", "supplier", " ", "Enter the supplier"},
		{"expense", "amount", "£1,23", "Enter the amount in pounds and pence"},
		{"expense", "date", "", "Enter the date."},
		{"payout", "account", "", "Choose the bank account"},
		{"payout", "amount", "100000001", "That is more than £100,000,000."},
		{"payout", "date", "next week", "Enter a real date"},
		{"float", "float", "-1", "The amount cannot be negative."},
		{"float", "float", "", "Enter an amount."},
		{"deductions", "due_date", "2026-03-01", "Choose today or a later date"},
		{"deductions", "amount", "x", "Enter the amount in pounds and pence"},
		{"deductions", "supplier", "", "Enter the supplier who will be paid."},
	}
	journals, deductions := lb.Journals(), lb.deductions()
	for _, tt := range tests {
		form := url.Values{}
		for k, v := range good[tt.form] {
			form[k] = v
		}
		form.Set(tt.field, tt.value)
		rec := lb.Mgr.Post(lb.ownerPath()+"/"+tt.form, form, ownerHX(blocks[tt.form])...)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s %s=%q: %d, want 422", tt.form, tt.field, tt.value, rec.Code)
			continue
		}
		d := webtest.Doc(t, rec)
		if d.Find("#"+blocks[tt.form]).Length() != 1 || !d.Find("#"+blocks[tt.form]).Is("details[open]") {
			t.Errorf("%s: the form is not sent back open", tt.form)
		}
		if msg := webtest.FieldError(d.Selection, tt.field); !strings.Contains(msg, tt.want) {
			t.Errorf("%s %s=%q: message %q, want %q", tt.form, tt.field, tt.value, msg, tt.want)
		}
	}
	if got := lb.Journals(); got != journals {
		t.Errorf("journals %d -> %d: bad input posted", journals, got)
	}
	if got := lb.deductions(); got != deductions {
		t.Errorf("deductions %d -> %d: bad input scheduled", deductions, got)
	}
	// Each good form works, so the refusals above were for the field.
	for name, form := range good {
		if rec := lb.Mgr.Post(lb.ownerPath()+"/"+name, form); rec.Code != http.StatusSeeOther {
			t.Errorf("good %s: %d %.800s", name, rec.Code, rec.Body.String())
		}
	}
}

// statValue is the figure of the stat whose label contains label.
func ownerStat(d *goquery.Document, label string) string {
	var v string
	d.Find(".stats li").Each(func(_ int, li *goquery.Selection) {
		if strings.Contains(li.Text(), label) {
			v = strings.TrimSpace(li.Find(".stat-num").Text())
		}
	})
	return v
}

func TestOwnerFeeExpensePayoutChangeFigures(t *testing.T) {
	lb := newLettingsBook(t)
	page := func() *goquery.Document { return webtest.Doc(t, lb.Mgr.Get(lb.ownerPath())) }
	d := page()
	if held, avail := ownerStat(d, "held for them"), ownerStat(d, "available to pay out"); held != "£1,500.00" || avail != "£1,000.00" {
		t.Fatalf("before: held %q, available %q", held, avail)
	}

	// A fee through htmx: the whole account comes back with a notice.
	rec := lb.Mgr.Post(lb.ownerPath()+"/fee", url.Values{"unit": {lb.unit.PublicID}, "date": {"2026-03-15"}, "amount": {"120.00"},
		"description": {"Management fee, 10% + VAT"}}, ownerHX("owner-fee")...)
	if rec.Code != http.StatusOK || rec.Header().Get("HX-Retarget") != "#owner-account" {
		t.Fatalf("fee: %d %v %.500s", rec.Code, rec.Header(), rec.Body.String())
	}
	d = webtest.Doc(t, rec)
	if got := ownerText(d.Find(".notice.success")); got != "Fee charged. £880.00 is now available to pay Lena Landlord." {
		t.Errorf("notice %q", got)
	}
	if held := ownerStat(d, "held for them"); held != "£1,380.00" {
		t.Errorf("after the fee: held %q", held)
	}

	// An expense without JavaScript: 303, and the supplier is now owed.
	rec = lb.Mgr.Post(lb.ownerPath()+"/expense", url.Values{"unit": {lb.unit.PublicID}, "date": {"2026-03-15"}, "amount": {"385"},
		"supplier": {"Northside Heating Ltd"}, "description": {"Boiler repair"}, "reference": {"NH-2291"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != lb.ownerPath()+"?done=expense" {
		t.Fatalf("expense: %d %v", rec.Code, rec.Header())
	}
	d = page()
	if held, avail := ownerStat(d, "held for them"), ownerStat(d, "available to pay out"); held != "£995.00" || avail != "£495.00" {
		t.Errorf("after the expense: held %q, available %q", held, avail)
	}
	units := ownerText(d.Find("section[aria-labelledby=owner-units-heading] tbody tr").First())
	if !strings.Contains(units, "12 Albion Road") || !strings.Contains(units, "£1,500.00 £120.00 £385.00 £0.00 £995.00") {
		t.Errorf("property row %q", units)
	}
	recent := ownerText(d.Find("section[aria-labelledby=owner-recent-heading] tbody tr").First())
	if !strings.Contains(recent, "Boiler repair, Northside Heating Ltd") || !strings.Contains(recent, "-£385.00") {
		t.Errorf("newest entry %q", recent)
	}

	// Paying out what is available leaves nothing available.
	rec = lb.Mgr.Post(lb.ownerPath()+"/payout", url.Values{"account": {lb.bank}, "date": {"2026-03-15"}, "amount": {"495"}, "reference": {"MAR"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("payout: %d %.500s", rec.Code, rec.Body.String())
	}
	d = page()
	if held, avail := ownerStat(d, "held for them"), ownerStat(d, "available to pay out"); held != "£500.00" || avail != "£0.00" {
		t.Errorf("after the payout: held %q, available %q", held, avail)
	}
	if got := ownerText(d.Find("section[aria-labelledby=owner-units-heading] tbody tr").Last()); got != "Paid out to Lena Landlord -£495.00" {
		t.Errorf("paid out row %q", got)
	}
	if f := lb.funds(t); f.Held != 500_00 || f.Uncollected != 500_00 || f.Available != 0 {
		t.Errorf("funds %+v", f)
	}
	d = webtest.Doc(t, lb.Mgr.Get("/admin/ledger/owners"))
	if got := ownerText(d.Find("#owner-rows tr").First()); !strings.Contains(got, "£500.00") {
		t.Errorf("list row %q", got)
	}
	for _, action := range []string{"ledger.fee_charged", "ledger.expense_recorded", "ledger.payout"} {
		if lb.F.AuditCount("acme", action, lb.lena.PublicID) != 1 {
			t.Errorf("no audit entry %s", action)
		}
	}
}

func TestOwnerScheduledDeductions(t *testing.T) {
	lb := newLettingsBook(t)
	rec := lb.Mgr.Post(lb.ownerPath()+"/deductions", url.Values{"unit": {lb.unit.PublicID}, "due_date": {"2026-06-01"},
		"amount": {"90"}, "supplier": {"Gas Safe Co"}, "description": {"Gas safety certificate"}}, ownerHX("owner-deduction")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("schedule: %d %.500s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	row := d.Find("section[aria-labelledby=owner-upcoming-heading] tbody tr").First()
	if got := ownerText(row); !strings.Contains(got, "01/06/2026") || !strings.Contains(got, "Gas safety certificate") || !strings.Contains(got, "£90.00") {
		t.Fatalf("upcoming %q", got)
	}
	if got := ownerText(webtest.Doc(t, lb.Mgr.Get("/admin/ledger/owners")).Find("#owner-rows tr").First()); !strings.Contains(got, "01/06/2026 £90.00 Gas safety certificate") {
		t.Errorf("the list shows no next deduction: %q", got)
	}
	if lb.F.AuditCount("acme", "ledger.deduction_scheduled") != 1 {
		t.Error("scheduling was not audited")
	}
	cancel, _ := row.Find("form").Attr("action")

	// Another landlord cannot cancel it through their own account.
	var other estate.Person
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if other, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Olga Other"}, webtest.Now); err != nil {
			return err
		}
		_, err = estate.LinkPerson(ctx, tx, lb.unit.ID, other.ID, estate.RoleOwner, webtest.Now.AddDate(-3, 0, 0), new(webtest.Now.AddDate(-2, 0, 0)))
		return err
	})
	foreign := strings.Replace(cancel, lb.lena.PublicID, other.PublicID, 1)
	if rec := lb.Mgr.Post(foreign, nil); rec.Code != http.StatusNotFound {
		t.Errorf("cancel through another landlord: %d", rec.Code)
	}

	rec = lb.Mgr.Post(cancel, nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != lb.ownerPath()+"?done=cancelled" {
		t.Fatalf("cancel: %d %v", rec.Code, rec.Header())
	}
	d = webtest.Doc(t, lb.Mgr.Get(lb.ownerPath()))
	if got := ownerText(d.Find("section[aria-labelledby=owner-upcoming-heading] tbody")); got != "Nothing is scheduled." {
		t.Errorf("after cancelling %q", got)
	}
	rec = lb.Mgr.Post(cancel, nil, ownerHX("owner-account")...)
	if got := ownerText(webtest.Doc(t, rec).Find(".notice.error")); rec.Code != http.StatusConflict || got != "This deduction has already been posted or cancelled." {
		t.Errorf("cancelling twice: %d %q", rec.Code, got)
	}
	if lb.F.AuditCount("acme", "ledger.deduction_cancelled") != 1 {
		t.Error("cancelling was not audited")
	}
}

func TestSuppliersOwedAndPaid(t *testing.T) {
	lb := newLettingsBook(t)
	for _, e := range []struct{ supplier, amount string }{{"Northside Heating Ltd", "385"}, {"Keys Ltd", "85.50"}} {
		if rec := lb.Mgr.Post(lb.ownerPath()+"/expense", url.Values{"unit": {lb.unit.PublicID}, "date": {"2026-03-15"},
			"amount": {e.amount}, "supplier": {e.supplier}, "description": {"Repair"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("expense: %d", rec.Code)
		}
	}
	d := webtest.Doc(t, lb.Mgr.Get("/admin/ledger/suppliers"))
	if got := ownerText(d.Find("section[aria-labelledby=owed-heading] table")); !strings.Contains(got, "Keys Ltd £85.50") ||
		!strings.Contains(got, "Northside Heating Ltd £385.00") || !strings.Contains(got, "Total £470.50") {
		t.Errorf("owed %q", got)
	}
	// The Pay link fills the form with the supplier and what they are owed.
	rec := lb.Mgr.Get("/admin/ledger/suppliers?supplier="+url.QueryEscape("Keys Ltd"), ownerHX("supplier-pay")...)
	d = webtest.Doc(t, rec)
	if d.Find("#suppliers").Length() != 0 || d.Find(`#pay-supplier option[selected]`).AttrOr("value", "") != "Keys Ltd" ||
		d.Find("#pay-amount").AttrOr("value", "") != "85.50" {
		t.Errorf("pay form for Keys Ltd: %.800s", rec.Body.String())
	}

	journals := lb.Journals()
	pay := url.Values{"supplier": {"Keys Ltd"}, "account": {lb.bank}, "date": {"2026-03-16"}, "amount": {"90"}}
	rec = lb.Mgr.Post("/admin/ledger/suppliers/pay", pay, ownerHX("supplier-pay")...)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("overpaying: %d", rec.Code)
	}
	if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "amount"); msg != "Keys Ltd is owed £85.50; you cannot pay them more than that." {
		t.Errorf("overpaying: %q", msg)
	}
	for field, value := range map[string]string{"supplier": "", "account": "", "date": "2026-13-01", "amount": "ten"} {
		bad := url.Values{}
		for k, v := range pay {
			bad[k] = v
		}
		bad.Set(field, value)
		rec := lb.Mgr.Post("/admin/ledger/suppliers/pay", bad, ownerHX("supplier-pay")...)
		if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(webtest.Doc(t, rec).Selection, field) == "" {
			t.Errorf("%s=%q: %d, no message next to it", field, value, rec.Code)
		}
	}
	if lb.Journals() != journals {
		t.Fatal("a refused supplier payment posted")
	}
	pay.Set("amount", "85.50")
	rec = lb.Mgr.Post("/admin/ledger/suppliers/pay", pay, ownerHX("supplier-pay")...)
	if rec.Code != http.StatusOK || rec.Header().Get("HX-Retarget") != "#suppliers" {
		t.Fatalf("pay: %d %v", rec.Code, rec.Header())
	}
	d = webtest.Doc(t, rec)
	if got := ownerText(d.Find(".notice.success")); got != "Paid Keys Ltd £85.50." {
		t.Errorf("notice %q", got)
	}
	if got := ownerText(d.Find("section[aria-labelledby=owed-heading] tbody")); got != "Northside Heating Ltd £385.00 Pay Northside Heating Ltd" {
		t.Errorf("still owed %q", got)
	}
	if lb.F.AuditCount("acme", "ledger.supplier_paid") != 1 {
		t.Error("the payment was not audited")
	}
	// Without JavaScript: 303 back to the list.
	pay.Set("supplier", "northside heating ltd")
	pay.Set("amount", "385")
	if rec := lb.Mgr.Post("/admin/ledger/suppliers/pay", pay); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/ledger/suppliers?done=paid" {
		t.Fatalf("plain pay: %d %v", rec.Code, rec.Header())
	}
	if owed, _ := ledger.SuppliersOwed(context.Background(), lb.F.DB("acme").Read()); len(owed) != 0 {
		t.Errorf("still owed %+v", owed)
	}
}

// ownerTotals reads the statement's figures by label.
func ownerTotals(d *goquery.Document) map[string]string {
	out := map[string]string{}
	d.Find(".owner-totals > div").Each(func(_ int, s *goquery.Selection) {
		out[strings.TrimSpace(s.Find("dt").Text())] = strings.TrimSpace(s.Find("dd").Text())
	})
	return out
}

// lettingsHistory gives Lena February and March: February's rent paid in
// full, a fee and a payout; in March a fee, a repair, a float and a payout.
func (lb *lettingsBook) lettingsHistory(t *testing.T) {
	t.Helper()
	lb.rent(t, "2026-02-01", 1500_00, 1500_00)
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := ledger.ChargeFee(ctx, tx, webtest.Now, ledger.FeeInput{UnitID: lb.unit.ID, Date: lettingDay("2026-02-02"), Amount: 180_00, Description: "Management fee"}); err != nil {
			return err
		}
		if _, err := ledger.RecordPayout(ctx, tx, webtest.Now, ledger.PayoutInput{OwnerID: lb.lena.ID, AccountID: lb.bankID, Date: lettingDay("2026-02-20"), Amount: 1000_00}); err != nil {
			return err
		}
		if _, err := ledger.ChargeFee(ctx, tx, webtest.Now, ledger.FeeInput{UnitID: lb.unit.ID, Date: lettingDay("2026-03-02"), Amount: 120_00, Description: "Management fee"}); err != nil {
			return err
		}
		if _, err := ledger.RecordExpense(ctx, tx, webtest.Now, ledger.ExpenseInput{UnitID: lb.unit.ID, Date: lettingDay("2026-03-05"), Amount: 385_00,
			Supplier: "Northside Heating Ltd", Description: "Boiler repair"}); err != nil {
			return err
		}
		if _, err := ledger.SetFloat(ctx, tx, webtest.Now, ledger.FloatInput{UnitID: lb.unit.ID, Date: lettingDay("2026-03-06"), Target: 250_00}); err != nil {
			return err
		}
		_, err := ledger.RecordPayout(ctx, tx, webtest.Now, ledger.PayoutInput{OwnerID: lb.lena.ID, AccountID: lb.bankID, Date: lettingDay("2026-03-10"), Amount: 200_00})
		return err
	})
}

func TestOwnerStatementForPeriod(t *testing.T) {
	lb := newLettingsBook(t)
	lb.lettingsHistory(t)

	// March: opened with February's £320 left (1,500 - 180 - 1,000).
	rec := lb.Mgr.Get(lb.ownerPath() + "/statement?from=2026-03-01&to=2026-03-31")
	if rec.Code != http.StatusOK {
		t.Fatalf("statement: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	want := map[string]string{"Opening balance": "£320.00", "Rent": "£1,500.00", "Expenses": "£385.00", "Agent fees": "£120.00",
		"Paid out": "£200.00", "Closing balance": "£1,115.00", "Float kept back": "£250.00", "Due to the landlord": "£865.00"}
	got := ownerTotals(d)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("March %s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["Other"]; ok {
		t.Error("an Other figure with nothing in it")
	}
	if note := ownerText(d.Find(".notice.warning")); !strings.Contains(note, "£500.00 of the rent") {
		t.Errorf("unpaid rent note %q", note)
	}
	rows := d.Find("#owner-statement tbody tr")
	if rows.Length() != 2+5 { // opening; rent, fee, repair, float, payout; closing
		t.Errorf("%d rows", rows.Length())
	}
	if first := ownerText(rows.Eq(1)); !strings.Contains(first, "01/03/2026") || !strings.Contains(first, "Rent") || !strings.Contains(first, "£1,820.00") {
		t.Errorf("first entry %q", first)
	}
	if href := d.Find(`a[download]`).AttrOr("href", ""); href != lb.ownerPath()+"/statement.pdf?from=2026-03-01&to=2026-03-31" {
		t.Errorf("PDF link %q", href)
	}

	// February alone, through htmx: only the statement block.
	rec = lb.Mgr.Get(lb.ownerPath()+"/statement?from=2026-02-01&to=2026-02-28", ownerHX("owner-statement")...)
	d = webtest.Doc(t, rec)
	if d.Find("form.period-form").Length() != 0 || d.Find("#owner-statement").Length() != 1 {
		t.Errorf("htmx should get only the statement: %.300s", rec.Body.String())
	}
	got = ownerTotals(d)
	if got["Opening balance"] != "£0.00" || got["Agent fees"] != "£180.00" || got["Paid out"] != "£1,000.00" || got["Closing balance"] != "£320.00" {
		t.Errorf("February %v", got)
	}

	// With no period asked for, last month is shown (the clock is in March).
	if h := ownerText(webtest.Doc(t, lb.Mgr.Get(lb.ownerPath()+"/statement")).Find("#os-heading")); h != "1 February 2026 to 28 February 2026" {
		t.Errorf("default period %q", h)
	}

	// A bad period: 422, messages next to the dates, no figures.
	rec = lb.Mgr.Get(lb.ownerPath() + "/statement?from=2026-03-31&to=2026-03-01")
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "to") != "The end date must be on or after the start date." ||
		d.Find(".owner-totals").Length() != 0 {
		t.Errorf("backwards period: %d %q", rec.Code, webtest.FieldError(d.Selection, "to"))
	}
	rec = lb.Mgr.Get(lb.ownerPath() + "/statement?from=01/03/2026")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(webtest.Doc(t, rec).Selection, "from"), "year-month-day") {
		t.Errorf("malformed from: %d", rec.Code)
	}
}

func TestOwnerStatementPDF(t *testing.T) {
	lb := newLettingsBook(t)
	lb.lettingsHistory(t)
	rec := lb.Mgr.Get(lb.ownerPath() + "/statement.pdf?from=2026-03-01&to=2026-03-31")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %v", rec.Code, rec.Header())
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename=statement-lena-landlord-2026-03-01-to-2026-03-31.pdf` {
		t.Errorf("Content-Disposition %q", cd)
	}
	text := webtest.PDFText(t, rec.Body.Bytes(), "-layout")
	for _, w := range []string{"Acme Property Management", "Landlord statement", "1 March 2026 to 31 March 2026",
		"Lena Landlord", "4 Orchard Close", "12 Albion Road", "Opening balance £320.00", "Rent £1,500.00",
		"Closing balance £1,115.00", "Due to you £865.00", "Rent (Invoice 1) £1,500.00", "Boiler repair, Northside Heating",
		"Paid to Lena Landlord £200.00 £1,115.00", "020 7946 0000"} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF missing %q in:\n%s", w, text)
		}
	}
	if strings.Contains(text, "55779911") || strings.Contains(text, "20-00-00") {
		t.Error("bank details in the PDF")
	}
	rec = lb.Mgr.Get(lb.ownerPath() + "/statement.pdf?from=2026-02-30")
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad period PDF: %d", rec.Code)
	}
}

func TestOwnerScreensForManagersOnly(t *testing.T) {
	lb := newLettingsBook(t)
	clerk := lb.F.AddStaff("acme", "Sam Staff", "sam@acme.example")
	alice := lb.F.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", lb.Ppl.Alice)
	tom := lb.F.Browser("acme." + webtest.Base)
	tom.SignInAs("acme", lb.tom)
	sam := lb.F.Browser("acme." + webtest.Base)
	sam.SignInAs("acme", clerk)

	journals := lb.Journals()
	gets := []string{"/admin/ledger/owners", lb.ownerPath(), lb.ownerPath() + "/statement", lb.ownerPath() + "/statement.pdf", "/admin/ledger/suppliers"}
	posts := map[string]url.Values{
		lb.ownerPath() + "/payout":     {"account": {lb.bank}, "date": {"2026-03-15"}, "amount": {"10"}},
		lb.ownerPath() + "/fee":        {"unit": {lb.unit.PublicID}, "date": {"2026-03-15"}, "amount": {"10"}, "description": {"Fee"}},
		"/admin/ledger/suppliers/pay":  {"supplier": {"Keys Ltd"}, "account": {lb.bank}, "date": {"2026-03-15"}, "amount": {"10"}},
		lb.ownerPath() + "/float":      {"unit": {lb.unit.PublicID}, "date": {"2026-03-15"}, "float": {"10"}},
		lb.ownerPath() + "/deductions": {"unit": {lb.unit.PublicID}, "due_date": {"2026-06-01"}, "amount": {"9"}, "supplier": {"X"}, "description": {"Y"}},
	}
	for who, b := range map[string]*webtest.Browser{"a leaseholder": alice, "a tenant": tom, "staff who are not managers": sam} {
		for _, path := range gets {
			if rec := b.Get(path); rec.Code != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", who, path, rec.Code)
			}
		}
		for path, form := range posts {
			if rec := b.Post(path, form); rec.Code != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", who, path, rec.Code)
			}
		}
	}
	if lb.Journals() != journals || lb.deductions() != 0 {
		t.Error("a refused request posted")
	}
	if lb.F.AuditCount("acme", "access.denied") == 0 {
		t.Error("refusals are not audited")
	}
}
