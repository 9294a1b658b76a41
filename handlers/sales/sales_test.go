package sales_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
	"porch/owners"
)

// saleBook is the people fixture with a lettings site holding a house for
// sale, 14 Mildmay Grove, owned by Grace Seller, and a let flat; Morgan,
// the administrator, is signed in, and so are a member of staff and a
// read-only member. The server's clock is a day after webtest.Now.
type saleBook struct {
	f                *webtest.Fixture
	house, flat      estate.Unit
	grace, nia       estate.Person
	manager          estate.Person // Morgan, the administrator
	mgr, desk, reads *webtest.Browser
}

// serverNow is the fixture's clock.
var serverNow = webtest.Now.Add(24 * time.Hour)

func newSaleBook(t *testing.T) *saleBook {
	t.Helper()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	sb := &saleBook{f: f}
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Acme Lettings", Kind: estate.KindLettings}, webtest.Now)
		if err != nil {
			return err
		}
		if sb.house, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "14 Mildmay Grove", AddressLine1: "14 Mildmay Grove",
			Town: "London", Postcode: "N16 8PN", Bedrooms: "3"}, webtest.Now); err != nil {
			return err
		}
		if sb.flat, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "Flat 2", AddressLine1: "Flat 2, 48 Blackstock Road",
			Town: "London", Postcode: "N4 2DW"}, webtest.Now); err != nil {
			return err
		}
		if _, err := estate.SetUnitMarket(ctx, tx, sb.house.ID, estate.MarketSale); err != nil {
			return err
		}
		if sb.grace, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Grace Seller", Email: "grace@example.com"}, webtest.Now); err != nil {
			return err
		}
		_, err = estate.LinkPerson(ctx, tx, webtest.Now, sb.house.ID, sb.grace.ID, estate.RoleOwner, webtest.Now.AddDate(-5, 0, 0), nil)
		return err
	})
	sb.nia = f.AddStaffAs("acme", "Nia Negotiator", "nia@acme.example", estate.StaffRoleStaff)
	reader := f.AddStaffAs("acme", "Rae Reader", "rae@acme.example", estate.StaffRoleReadOnly)
	sign := func(p estate.Person) *webtest.Browser {
		b := f.Browser("acme." + webtest.Base)
		b.SignInAs("acme", p)
		return b
	}
	sb.manager = ppl.Manager
	sb.mgr, sb.desk, sb.reads = sign(ppl.Manager), sign(sb.nia), sign(reader)
	return sb
}

func (sb *saleBook) path() string { return "/admin/sales/" + sb.house.PublicID }

func (sb *saleBook) count(table string) int {
	sb.f.T.Helper()
	var n int
	if err := sb.f.DB("acme").ReadPool().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		sb.f.T.Fatal(err)
	}
	return n
}

func (sb *saleBook) offers(t *testing.T) []owners.Offer {
	t.Helper()
	os, err := owners.Offers(context.Background(), sb.f.DB("acme").Read(), sb.house.ID)
	if err != nil {
		t.Fatal(err)
	}
	return os
}

func (sb *saleBook) viewings(t *testing.T) []owners.Viewing {
	t.Helper()
	vs, err := owners.Viewings(context.Background(), sb.f.DB("acme").Read(), sb.house.ID)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// offer records an offer through the screen and returns it.
func (sb *saleBook) offer(t *testing.T, buyer, amount, position, madeOn string) owners.Offer {
	t.Helper()
	rec := sb.mgr.Post(sb.path()+"/offers", url.Values{"buyer_name": {buyer}, "amount": {amount}, "position": {position}, "made_on": {madeOn}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("record offer: %d %.500s", rec.Code, rec.Body.String())
	}
	for _, o := range sb.offers(t) {
		if o.BuyerName == buyer {
			return o
		}
	}
	t.Fatalf("no offer from %s", buyer)
	return owners.Offer{}
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// rowDoc parses an answer that is one table row.
func rowDoc(t *testing.T, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader("<table><tbody>" + rec.Body.String() + "</tbody></table>"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSalesListShowsPropertiesForSale(t *testing.T) {
	t.Parallel()
	sb := newSaleBook(t)
	sb.offer(t, "Ben Buyer", "650,000", owners.PositionCash, "2026-03-10")
	sb.offer(t, "Cara Chain", "640000", owners.PositionSoldSTC, "2026-03-12")
	rec := sb.mgr.Post(sb.path()+"/viewings", url.Values{"viewer_name": {"Dev Viewer"}, "starts_at": {"2026-03-17T11:30"}, "staff": {sb.nia.PublicID}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("book: %d %.300s", rec.Code, rec.Body.String())
	}

	d := webtest.Doc(t, sb.reads.Get("/admin/sales"))
	rows := d.Find(".sales-table tbody tr")
	if rows.Length() != 1 {
		t.Fatalf("%d rows, want only the house for sale: %s", rows.Length(), squash(rows.Text()))
	}
	text := squash(rows.Text())
	for _, want := range []string{"14 Mildmay Grove", "N16 8PN · 3 bed", "Grace Seller", "£650,000.00", "17 Mar 2026, 11:30", "None"} {
		if !strings.Contains(text, want) {
			t.Errorf("row %q lacks %q", text, want)
		}
	}
	if got := squash(rows.Find(`td[data-label="Under consideration"]`).Text()); got != "2" {
		t.Errorf("under consideration %q", got)
	}
	if href, _ := rows.Find("th a").Attr("href"); href != sb.path() {
		t.Errorf("link %q", href)
	}
	// Admin's home links to it, and the unit's page to its sale.
	if webtest.Doc(t, sb.reads.Get("/admin")).Find(`a[href="/admin/sales"]`).Length() != 1 {
		t.Error("no link to Sales on the admin home")
	}
	unit := webtest.Doc(t, sb.mgr.Get("/admin/sites/"+sb.house.SitePublicID+"/units/"+sb.house.PublicID))
	if unit.Find(`a[href="`+sb.path()+`"]`).Length() != 1 {
		t.Error("the unit's page does not link to its sale")
	}
	flat := webtest.Doc(t, sb.mgr.Get("/admin/sites/"+sb.flat.SitePublicID+"/units/"+sb.flat.PublicID))
	if flat.Find(`a[href^="/admin/sales/"]`).Length() != 0 {
		t.Error("a let flat links to a sale")
	}
	// A property not for sale has no sale page.
	if rec := sb.mgr.Get("/admin/sales/" + sb.flat.PublicID); rec.Code != http.StatusNotFound {
		t.Errorf("sale page of a let flat: %d", rec.Code)
	}
}

func TestRecordOfferRefusedShowsMessagesAndSavesNothing(t *testing.T) {
	t.Parallel()
	sb := newSaleBook(t)
	for _, hx := range [][]string{nil, {"HX-Request", "true", "HX-Target", "sale-offer-form"}} {
		rec := sb.mgr.Post(sb.path()+"/offers", url.Values{"buyer_name": {" "}, "amount": {"lots"}, "position": {"chain_free"},
			"made_on": {"2026-03-16"}, "note": {strings.Repeat("n", 501)}}, hx...)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("bad offer: %d %.300s", rec.Code, rec.Body.String())
		}
		d := webtest.Doc(t, rec)
		if hx != nil && d.Find("#sale-screen").Length() != 0 {
			t.Error("htmx got the whole screen for the form")
		}
		for field, want := range map[string]string{
			"buyer_name": "Enter the buyer's name.",
			"amount":     "Enter the amount in pounds and pence",
			"position":   "Choose the buyer's position.",
			"made_on":    "The offer cannot be made after today.",
			"note":       "Keep the note to 500 characters or fewer.",
		} {
			if got := webtest.FieldError(d.Selection, field); !strings.Contains(got, want) {
				t.Errorf("%s: %q, want %q", field, got, want)
			}
		}
		if v, _ := d.Find(`#offer-amount`).Attr("value"); v != "lots" {
			t.Errorf("amount kept as %q", v)
		}
		if _, open := d.Find("#sale-offer-form").Attr("open"); !open {
			t.Error("the refused form is closed")
		}
	}
	if n := sb.count("sale_offers"); n != 0 {
		t.Errorf("%d offers saved", n)
	}
	if n := sb.f.AuditCount("acme", "sale.offer_recorded"); n != 0 {
		t.Errorf("%d audit entries", n)
	}
}

func TestOfferRecordedAcceptedAndSecondAcceptanceRefused(t *testing.T) {
	t.Parallel()
	sb := newSaleBook(t)
	rec := sb.mgr.Post(sb.path()+"/offers", url.Values{"buyer_name": {"Ben Buyer"}, "amount": {"£650,000"}, "position": {owners.PositionCash},
		"made_on": {"2026-03-10"}, "note": {"Proof of funds seen."}}, "HX-Request", "true", "HX-Target", "sale-offer-form")
	if rec.Code != http.StatusOK || rec.Header().Get("HX-Retarget") != "#sale-screen" {
		t.Fatalf("htmx offer: %d %q %.300s", rec.Code, rec.Header().Get("HX-Retarget"), rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	if got := squash(d.Find(".notice.success").Text()); !strings.HasPrefix(got, "Offer recorded.") {
		t.Errorf("notice %q", got)
	}
	ben := sb.offers(t)[0]
	if ben.Amount != 650_000_00 || ben.Position != owners.PositionCash || ben.Note != "Proof of funds seen." || ben.Status != owners.OfferReceived {
		t.Errorf("offer %+v", ben)
	}
	row := squash(d.Find("#offer-" + ben.PublicID).Text())
	for _, want := range []string{"10/03/2026", "Ben Buyer", "Proof of funds seen.", "Cash buyer", "£650,000.00", "Under consideration"} {
		if !strings.Contains(row, want) {
			t.Errorf("row %q lacks %q", row, want)
		}
	}
	if n := sb.f.AuditCount("acme", "sale.offer_recorded", sb.house.PublicID); n != 1 {
		t.Errorf("%d audit entries for the offer", n)
	}
	cara := sb.offer(t, "Cara Cash", "660000", owners.PositionFirstTime, "2026-03-12")

	// The seller accepts Ben's offer, without JavaScript.
	rec = sb.mgr.Post(sb.path()+"/offers/"+ben.PublicID, url.Values{"status": {owners.OfferAccepted}, "decided_on": {"2026-03-13"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != sb.path()+"?done=accepted" {
		t.Fatalf("accept: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	page := webtest.Doc(t, sb.mgr.Get(sb.path()+"?done=accepted"))
	if got := squash(page.Find(".notice.success").Text()); got != "Offer accepted." {
		t.Errorf("notice %q", got)
	}
	if got := squash(page.Find("#offer-" + ben.PublicID + ` td[data-label="Status"]`).Text()); got != "Accepted 13/03/2026" {
		t.Errorf("status %q", got)
	}
	// Accepting Cara's is refused on her row, in place, naming Ben's.
	rec = sb.mgr.Post(sb.path()+"/offers/"+cara.PublicID, url.Values{"status": {owners.OfferAccepted}, "decided_on": {"2026-03-14"}},
		"HX-Request", "true", "HX-Target", "offer-"+cara.PublicID)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("second acceptance: %d", rec.Code)
	}
	rd := rowDoc(t, rec)
	if got := squash(rd.Find("#offer-" + cara.PublicID + "-error").Text()); !strings.Contains(got, "£650,000.00 from Ben Buyer is already accepted") {
		t.Errorf("refusal %q", got)
	}
	if v, _ := rd.Find(`select[name="status"]`).Attr("aria-invalid"); v != "true" {
		t.Error("the decision is not marked invalid")
	}
	// A bad day and no status are refused too; a rejection is recorded.
	rec = sb.mgr.Post(sb.path()+"/offers/"+cara.PublicID, url.Values{"status": {""}, "decided_on": {"2026-03-01"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad decision: %d", rec.Code)
	}
	if got := squash(webtest.Doc(t, rec).Find("#offer-" + cara.PublicID + "-error").Text()); !strings.Contains(got, "Choose accepted, rejected or withdrawn.") ||
		!strings.Contains(got, "cannot be before the offer was made") {
		t.Errorf("refusal %q", got)
	}
	rec = sb.mgr.Post(sb.path()+"/offers/"+cara.PublicID, url.Values{"status": {owners.OfferRejected}, "decided_on": {"2026-03-14"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("reject: %d", rec.Code)
	}
	got := map[string]string{}
	for _, o := range sb.offers(t) {
		got[o.BuyerName] = o.Status
	}
	if got["Ben Buyer"] != owners.OfferAccepted || got["Cara Cash"] != owners.OfferRejected {
		t.Errorf("statuses %v", got)
	}
	if sb.f.AuditCount("acme", "sale.offer_accepted", sb.house.PublicID) != 1 || sb.f.AuditCount("acme", "sale.offer_rejected", sb.house.PublicID) != 1 {
		t.Error("decisions not audited")
	}
	// A rejected offer offers no decision any more.
	if webtest.Doc(t, sb.mgr.Get(sb.path())).Find("#offer-"+cara.PublicID+" form").Length() != 0 {
		t.Error("a rejected offer can still be decided")
	}
}

func TestOnlyThoseWhoManageTheEstateRecordSales(t *testing.T) {
	t.Parallel()
	sb := newSaleBook(t)
	sb.offer(t, "Ben Buyer", "650000", owners.PositionCash, "2026-03-10")
	for name, b := range map[string]*webtest.Browser{"staff": sb.desk, "read-only": sb.reads} {
		d := webtest.Doc(t, b.Get(sb.path()))
		if d.Find(`form[action^="/admin/sales"]`).Length() != 0 {
			t.Errorf("%s is offered forms", name)
		}
		if !strings.Contains(d.Find("#sale-screen").Text(), "Ben Buyer") {
			t.Errorf("%s does not see the offers", name)
		}
		rec := b.Post(sb.path()+"/offers", url.Values{"buyer_name": {"Eve"}, "amount": {"1"}, "position": {owners.PositionCash}, "made_on": {"2026-03-10"}})
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s recorded an offer: %d", name, rec.Code)
		}
	}
	if n := sb.count("sale_offers"); n != 1 {
		t.Errorf("%d offers", n)
	}
}
