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
		if _, err := estate.LinkPerson(ctx, tx, webtest.Now, lb.unit.ID, lb.lena.ID, estate.RoleOwner, start, nil); err != nil {
			return err
		}
		_, err = estate.LinkPerson(ctx, tx, webtest.Now, lb.unit.ID, lb.tom.ID, estate.RoleTenant, start, nil)
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
	t.Parallel()
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
	row := d.Find("#owner-rows tbody tr").First()
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
		if rec.Code != 200 || !strings.HasPrefix(strings.TrimSpace(body), `<div id="owner-rows"`) || !strings.Contains(body, tt.want) {
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

func TestOwnerScreensForManagersOnly(t *testing.T) {
	t.Parallel()
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
