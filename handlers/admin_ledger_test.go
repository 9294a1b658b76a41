package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/ledger"
)

// ledgerBook is the people fixture with a manager signed in and a client
// bank account for Harbour View.
type ledgerBook struct {
	f   *fixture
	ppl people
	mgr *browser
}

func newLedgerBook(t *testing.T) *ledgerBook {
	t.Helper()
	f := newFixture(t, nil, acme)
	lb := &ledgerBook{f: f, ppl: f.seedPeople("acme"), mgr: f.browser("acme." + base)}
	lb.mgr.signInAs("acme", lb.ppl.Manager)
	rec := lb.mgr.post("/admin/ledger/banks", url.Values{"site": {lb.ppl.FlatA.SitePublicID},
		"name": {"Harbour View client account"}, "sort_code": {"12-34-56"}, "account_number": {"12345678"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("add bank account: %d %.500s", rec.Code, rec.Body.String())
	}
	return lb
}

// count runs a count query on the org's database.
func (lb *ledgerBook) count(query string, args ...any) int {
	lb.f.t.Helper()
	var n int
	if err := lb.f.db("acme").Read().QueryRow(query, args...).Scan(&n); err != nil {
		lb.f.t.Fatal(err)
	}
	return n
}

func (lb *ledgerBook) journals() int { return lb.count(`SELECT count(*) FROM journals`) }

// chargeID is the public id of a charge type by name.
func (lb *ledgerBook) chargeID(name string) string {
	lb.f.t.Helper()
	types, err := ledger.ChargeTypes(context.Background(), lb.f.db("acme").Read())
	if err != nil {
		lb.f.t.Fatal(err)
	}
	for _, ct := range types {
		if ct.Name == name {
			return ct.PublicID
		}
	}
	lb.f.t.Fatalf("no charge type %q", name)
	return ""
}

// bankID is the public id of the first bank account.
func (lb *ledgerBook) bankID() string {
	lb.f.t.Helper()
	var id string
	if err := lb.f.db("acme").Read().QueryRow(`SELECT public_id FROM ledger_accounts WHERE purpose = 'bank' ORDER BY code LIMIT 1`).Scan(&id); err != nil {
		lb.f.t.Fatal(err)
	}
	return id
}

// fieldError is the message shown next to the field with the given name.
func fieldError(d *goquery.Selection, name string) string {
	in := d.Find(`[name="` + name + `"]`)
	ids, _ := in.Attr("aria-describedby")
	for _, id := range strings.Fields(ids) {
		if e := d.Find("#" + id + ".error-text"); e.Length() > 0 {
			return strings.TrimSpace(e.Text())
		}
	}
	return ""
}

func TestLedgerPagesRender(t *testing.T) {
	lb := newLedgerBook(t)
	unit := "/admin/ledger/units/" + lb.ppl.FlatA.PublicID
	for _, path := range []string{"/admin/ledger", "/admin/ledger/banks", "/admin/ledger/charges", "/admin/ledger/units",
		"/admin/ledger/units?q=harbour", unit, "/admin/ledger/trial-balance", "/admin/ledger/trial-balance?as_at=2026-01-01&all=1"} {
		rec := lb.mgr.get(path)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d %.800s", path, rec.Code, rec.Body.String())
		}
	}
}

var _ = sql.ErrNoRows
var _ *httptest.ResponseRecorder
