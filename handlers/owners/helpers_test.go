package owners_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
	"porch/owners"
)

// portfolio is a lettings site, North London Lets, whose building 9
// Mildmay Court has two flats with different landlords: Lena owns 12
// Albion Road (let to Tom) and Flat 1 (empty); Omar owns Flat 2 (let to
// Tina). Their money, on fixed dates in February and March 2026:
//
//	Albion Road: rent £1,500 demanded 1 Feb (paid 3 Feb) and 1 Mar (£1,000
//	paid on 5 Mar, £500 owed); a management fee of £180 on 3 Feb; a
//	boiler repair of £250 on 20 Feb; a float of £200; a payout of £800 on
//	28 Feb; a gas safety check of £75 scheduled for 30 April.
//	Flat 2: rent £1,200 demanded 1 Mar, paid on 2 Mar.
type portfolio struct {
	*webtest.LedgerBook
	albion, flat1, flat2  estate.Unit
	lena, omar, tom, tina estate.Person
	lenaB, omarB, tomB    *webtest.Browser
	ticket                int64
}

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

func newPortfolio(t *testing.T) *portfolio {
	t.Helper()
	p := &portfolio{LedgerBook: webtest.NewLedgerBook(t)}
	bank := p.bankID(t)
	p.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "North London Lets", Kind: estate.KindLettings}, webtest.Now)
		if err != nil {
			return err
		}
		unit := func(name string) estate.Unit {
			u, e := estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: name, AddressLine1: name, Town: "London", Postcode: "N16 8PN"}, webtest.Now)
			if e != nil && err == nil {
				err = e
			}
			return u
		}
		person := func(name, email, phone string) estate.Person {
			pp, e := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: name, Email: email, Phone: phone, PortalEnabled: true}, webtest.Now)
			if e != nil && err == nil {
				err = e
			}
			return pp
		}
		p.albion, p.flat1, p.flat2 = unit("12 Albion Road"), unit("Flat 1, 9 Mildmay Court"), unit("Flat 2, 9 Mildmay Court")
		p.lena, p.omar = person("Lena Landlord", "lena@example.com", ""), person("Omar Owner", "omar@example.com", "")
		p.tom, p.tina = person("Tom Tenant", "tom@example.com", "07700 900111"), person("Tina Tenant", "tina@example.com", "07700 900222")
		if err != nil {
			return err
		}
		start := day(1, 1).AddDate(-1, 0, 0)
		for _, l := range []struct {
			u    estate.Unit
			who  estate.Person
			role string
		}{{p.albion, p.lena, estate.RoleOwner}, {p.flat1, p.lena, estate.RoleOwner}, {p.flat2, p.omar, estate.RoleOwner},
			{p.albion, p.tom, estate.RoleTenant}, {p.flat2, p.tina, estate.RoleTenant}} {
			if _, err := estate.LinkPerson(ctx, tx, webtest.Now, l.u.ID, l.who.ID, l.role, start, nil); err != nil {
				return err
			}
		}
		return p.money(ctx, tx, bank)
	})
	p.lenaB, p.omarB, p.tomB = p.browser(p.lena), p.browser(p.omar), p.browser(p.tom)
	return p
}

func (p *portfolio) browser(who estate.Person) *webtest.Browser {
	b := p.F.Browser("acme." + webtest.Base)
	b.SignInAs("acme", who)
	return b
}

func (p *portfolio) bankID(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := p.F.DB("acme").ReadPool().QueryRow(`SELECT id FROM ledger_accounts WHERE purpose = 'bank' LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// money posts the portfolio's February and March.
func (p *portfolio) money(ctx context.Context, tx *sql.Tx, bank int64) error {
	if err := ledger.EnsureChart(ctx, tx, webtest.Now); err != nil {
		return err
	}
	types, err := ledger.ChargeTypes(ctx, tx)
	if err != nil {
		return err
	}
	var rent int64
	for _, ct := range types {
		if ct.Name == "Rent" {
			rent = ct.ID
		}
	}
	demand := func(u estate.Unit, d time.Time, amount int64) error {
		_, err := ledger.RaiseDemand(ctx, tx, d, ledger.DemandInput{UnitID: u.ID, IssueDate: d, DueDate: d,
			Lines: []ledger.DemandLine{{ChargeTypeID: rent, Description: "Rent, " + d.Format("January"), Amount: amount}}})
		return err
	}
	receipt := func(u estate.Unit, d time.Time, amount int64) error {
		_, err := ledger.RecordReceipt(ctx, tx, d, ledger.ReceiptInput{UnitID: u.ID, AccountID: bank, Date: d, Amount: amount})
		return err
	}
	steps := []func() error{
		func() error { return demand(p.albion, day(2, 1), 1500_00) },
		func() error { return receipt(p.albion, day(2, 3), 1500_00) },
		func() error {
			_, err := ledger.ChargeFee(ctx, tx, day(2, 3), ledger.FeeInput{UnitID: p.albion.ID, Date: day(2, 3), Amount: 180_00,
				Description: "Management fee, 12% incl. VAT", Category: "management_fee"})
			return err
		},
		func() error {
			_, err := ledger.RecordExpense(ctx, tx, day(2, 20), ledger.ExpenseInput{UnitID: p.albion.ID, Date: day(2, 20), Amount: 250_00,
				Supplier: "Northside Heating", Description: "Boiler repair", Category: "repairs"})
			return err
		},
		func() error {
			_, err := ledger.SetFloat(ctx, tx, day(2, 20), ledger.FloatInput{UnitID: p.albion.ID, Date: day(2, 20), Target: 200_00})
			return err
		},
		func() error {
			_, err := ledger.RecordPayout(ctx, tx, day(2, 28), ledger.PayoutInput{OwnerID: p.lena.ID, UnitID: p.albion.ID,
				AccountID: bank, Date: day(2, 28), Amount: 800_00})
			return err
		},
		func() error { return demand(p.albion, day(3, 1), 1500_00) },
		func() error { return receipt(p.albion, day(3, 5), 1000_00) },
		func() error { return demand(p.flat2, day(3, 1), 1200_00) },
		func() error { return receipt(p.flat2, day(3, 2), 1200_00) },
		func() error {
			_, err := ledger.ScheduleDeduction(ctx, tx, webtest.Now, ledger.DeductionInput{UnitID: p.albion.ID,
				Description: "Annual gas safety check", Supplier: "Safe Gas Ltd", Amount: 75_00, DueDate: day(4, 30), Category: "safety"})
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// settings stores the organisation's owner portal settings.
func (p *portfolio) settings(s owners.Settings) {
	p.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error { return owners.SaveSettings(ctx, tx, webtest.Now, s) })
}

// override stores a property's override.
func (p *portfolio) override(o owners.Override) {
	p.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error { return owners.SaveOverride(ctx, tx, webtest.Now, o) })
}

// page gets a page as the browser and fails unless it answers 200.
func page(t *testing.T, b *webtest.Browser, path string) *goquery.Document {
	t.Helper()
	rec := b.Get(path)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %.300s", path, rec.Code, rec.Body.String())
	}
	return webtest.Doc(t, rec)
}

// widgets lists the headings of a property page's widgets.
func widgets(d *goquery.Document) []string {
	var out []string
	d.Find("section.owner-widget h2").Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
	return out
}

func propertyPath(u estate.Unit) string { return "/owner/properties/" + u.PublicID }

func ptr[T any](v T) *T { return &v }

// words is the selection's text with every text node apart, so a term
// and its value read "Float kept back £200.00".
func words(s *goquery.Selection) string {
	var parts []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			parts = append(parts, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range s.Nodes {
		walk(n)
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}
