package lettings_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
)

func TestOwnerPayoutRefusedBeyondAvailable(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	if got := ownerText(d.Find("#owner-rows tbody tr").First()); !strings.Contains(got, "£500.00") {
		t.Errorf("list row %q", got)
	}
	for _, action := range []string{"ledger.fee_charged", "ledger.expense_recorded", "ledger.payout"} {
		if lb.F.AuditCount("acme", action, lb.lena.PublicID) != 1 {
			t.Errorf("no audit entry %s", action)
		}
	}
}

func TestOwnerScheduledDeductions(t *testing.T) {
	t.Parallel()
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
	if got := ownerText(webtest.Doc(t, lb.Mgr.Get("/admin/ledger/owners")).Find("#owner-rows tbody tr").First()); !strings.Contains(got, "01/06/2026 £90.00 Gas safety certificate") {
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
		_, err = estate.LinkPerson(ctx, tx, webtest.Now, lb.unit.ID, other.ID, estate.RoleOwner, webtest.Now.AddDate(-3, 0, 0), new(webtest.Now.AddDate(-2, 0, 0)))
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
