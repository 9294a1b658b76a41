package webtest

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/handlers"
	"porch/ledger"
)

// LedgerBook is the people fixture with a manager signed in and a client
// bank account for Harbour View.
type LedgerBook struct {
	F   *Fixture
	Ppl People
	Mgr *Browser
}

func NewLedgerBook(t *testing.T) *LedgerBook {
	t.Helper()
	f := NewFixture(t, nil, Acme)
	lb := &LedgerBook{F: f, Ppl: f.SeedPeople("acme"), Mgr: f.Browser("acme." + Base)}
	lb.Mgr.SignInAs("acme", lb.Ppl.Manager)
	rec := lb.Mgr.Post("/admin/ledger/banks", url.Values{"site": {lb.Ppl.FlatA.SitePublicID},
		"name": {"Harbour View client account"}, "sort_code": {"12-34-56"}, "account_number": {"12345678"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("add bank account: %d %.500s", rec.Code, rec.Body.String())
	}
	return lb
}

// Count runs a count query on the org's database.
func (lb *LedgerBook) Count(query string, args ...any) int {
	lb.F.T.Helper()
	var n int
	if err := lb.F.DB("acme").ReadPool().QueryRow(query, args...).Scan(&n); err != nil {
		lb.F.T.Fatal(err)
	}
	return n
}

func (lb *LedgerBook) Journals() int { return lb.Count(`SELECT count(*) FROM journals`) }

// ChargeID is the public id of a charge type by name.
func (lb *LedgerBook) ChargeID(name string) string {
	lb.F.T.Helper()
	types, err := ledger.ChargeTypes(context.Background(), lb.F.DB("acme").Read())
	if err != nil {
		lb.F.T.Fatal(err)
	}
	for _, ct := range types {
		if ct.Name == name {
			return ct.PublicID
		}
	}
	lb.F.T.Fatalf("no charge type %q", name)
	return ""
}

// BankID is the public id of the first bank account.
func (lb *LedgerBook) BankID() string {
	lb.F.T.Helper()
	var id string
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM ledger_accounts WHERE purpose = 'bank' ORDER BY code LIMIT 1`).Scan(&id); err != nil {
		lb.F.T.Fatal(err)
	}
	return id
}

// FieldError is the message shown next to the field with the given name.
func FieldError(d *goquery.Selection, name string) string {
	return describedError(d, d.Find(`[name="`+name+`"]`))
}

// FieldErrorByID is the message shown next to the field with the given
// id, for a page where several fields share a name.
func FieldErrorByID(d *goquery.Selection, id string) string {
	return describedError(d, d.Find("#"+id))
}

// describedError is the error text the field in describes itself by.
func describedError(d, in *goquery.Selection) string {
	ids, _ := in.Attr("aria-describedby")
	for _, id := range strings.Fields(ids) {
		if e := d.Find("#" + id + ".error-text"); e.Length() > 0 {
			return strings.TrimSpace(e.Text())
		}
	}
	return ""
}

// UnitPath is the manager's account page of Flat 1.
func (lb *LedgerBook) UnitPath() string { return "/admin/ledger/units/" + lb.Ppl.FlatA.PublicID }

// DemandForm is a one-line demand for Flat 1.
func (lb *LedgerBook) DemandForm(amount, issue, due string) url.Values {
	return url.Values{
		"lines.0.charge_type": {lb.ChargeID("Service charge")},
		"lines.0.description": {"Service charge, quarter to 30 June 2026"},
		"lines.0.amount":      {amount},
		"issue_date":          {issue},
		"due_date":            {due},
	}
}

// Raise previews then posts a demand and returns the invoice raised.
func (lb *LedgerBook) Raise(t *testing.T, amount string) ledger.Invoice {
	t.Helper()
	before := lb.Invoices(t)
	form := lb.DemandForm(amount, "2026-03-14", "2026-04-11")
	form.Set("action", "preview")
	rec := lb.Mgr.Post(lb.UnitPath()+"/demand", form)
	if rec.Code != http.StatusOK {
		t.Fatalf("preview: %d %.800s", rec.Code, rec.Body.String())
	}
	digest, ok := Doc(t, rec).Find(`#ledger-demand input[name="previewed"]`).Attr("value")
	if !ok || digest == "" {
		t.Fatalf("the preview carries no fingerprint: %.2000s", rec.Body.String())
	}
	if got := len(lb.Invoices(t)); got != len(before) {
		t.Fatalf("a preview raised an invoice: %d -> %d", len(before), got)
	}
	form.Set("action", "post")
	form.Set("previewed", digest)
	rec = lb.Mgr.Post(lb.UnitPath()+"/demand", form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("post: %d %.800s", rec.Code, rec.Body.String())
	}
	after := lb.Invoices(t)
	if len(after) != len(before)+1 {
		t.Fatalf("invoices %d -> %d, want one more", len(before), len(after))
	}
	newest := after[0]
	for _, inv := range after {
		if inv.Number > newest.Number {
			newest = inv
		}
	}
	return newest
}

func (lb *LedgerBook) Invoices(t *testing.T) []ledger.Invoice {
	t.Helper()
	invs, err := ledger.UnitInvoices(context.Background(), lb.F.DB("acme").Read(), lb.Ppl.FlatA.ID)
	if err != nil {
		t.Fatal(err)
	}
	return invs
}

func (lb *LedgerBook) Balance(t *testing.T) int64 {
	t.Helper()
	b, err := ledger.UnitBalance(context.Background(), lb.F.DB("acme").Read(), lb.Ppl.FlatA.ID)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// AccountTotal is the balance of a ledger account by code.
func (lb *LedgerBook) AccountTotal(code string) int64 {
	lb.F.T.Helper()
	var n int64
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT coalesce(sum(p.amount), 0) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE a.code = ?`, code).Scan(&n); err != nil {
		lb.F.T.Fatal(err)
	}
	return n
}

// Pence reads "£1,234.56" (or "") as pence.
func Pence(t *testing.T, s string) int64 {
	t.Helper()
	if s == "" {
		return 0
	}
	n, err := handlers.ParseMoney(s)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return n
}
