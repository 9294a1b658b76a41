package books_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/ledger"
)

// A charge type is added with what it is in law, chosen or worked out
// from its name; a charge whose kind was guessed wrong is changed on its
// row, audited old → new, and its next demand carries what the new kind
// asks (here the summary of rights of a service charge). Rent that is
// not client money is refused next to the field, and nothing is saved.
func TestChargeKindsAddedAndChanged(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	add := func(name, treatment, kind string) *goquery.Selection {
		t.Helper()
		rec := lb.Mgr.Post("/admin/ledger/charges", url.Values{"name": {name}, "treatment": {treatment}, "kind": {kind}}, hxTo("ledger-charges")...)
		return webtest.Doc(t, rec).Selection
	}
	kindOf := func(name string) string {
		t.Helper()
		var kind string
		if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT kind FROM charge_types WHERE name = ?`, name).Scan(&kind); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return kind
	}

	add("Buildings insurance", "income", "")
	add("Consent to sublet fee", "income", ledger.ChargeAdminCharge)
	if got := kindOf("Buildings insurance"); got != ledger.ChargeOther {
		t.Errorf("insurance worked out as %q", got)
	}
	if got := kindOf("Consent to sublet fee"); got != ledger.ChargeAdminCharge {
		t.Errorf("the consent fee chosen as %q", got)
	}
	if msg := webtest.FieldErrorByID(add("Garage rent", "income", ledger.ChargeRent), "charge-kind"); !strings.Contains(msg, "add it as client money") {
		t.Errorf("rent as income: %q", msg)
	}
	if n := lb.Count(`SELECT count(*) FROM charge_types WHERE name = 'Garage rent'`); n != 0 {
		t.Errorf("a refused charge was saved")
	}

	var insurance string
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM charge_types WHERE name = 'Buildings insurance'`).Scan(&insurance); err != nil {
		t.Fatal(err)
	}
	path := "/admin/ledger/charges/" + insurance + "/kind"
	rec := lb.Mgr.Post(path, url.Values{"kind": {ledger.ChargeServiceCharge}}, hxTo("ledger-charges")...)
	if notice := webtest.Doc(t, rec).Find(".notice.success").Text(); rec.Code != http.StatusOK ||
		!strings.Contains(notice, "Buildings insurance is now treated as service charge") {
		t.Fatalf("change: %d %q", rec.Code, notice)
	}
	if got := kindOf("Buildings insurance"); got != ledger.ChargeServiceCharge {
		t.Errorf("insurance is now %q", got)
	}
	if n := lb.F.AuditCount("acme", "ledger.charge_kind_changed"); n != 1 {
		t.Errorf("%d audit entries for the change", n)
	}
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var charge int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM charge_types WHERE public_id = ?`, insurance).Scan(&charge); err != nil {
			return err
		}
		inv, err := ledger.RaiseDemand(ctx, tx, webtest.Now, ledger.DemandInput{UnitID: lb.Ppl.FlatA.ID, IssueDate: webtest.Now,
			DueDate: webtest.Now.AddDate(0, 0, 28), Lines: []ledger.DemandLine{{ChargeTypeID: charge, Amount: 120_00}}})
		if err != nil {
			return err
		}
		lines, err := ledger.InvoiceLines(ctx, tx, inv.ID)
		if err != nil {
			return err
		}
		kinds := map[string]bool{lines[0].Kind: true}
		got, err := ledger.DemandSummaries(ctx, tx, lb.Ppl.FlatA.ID, kinds)
		if err != nil || len(got) != 1 || !strings.HasPrefix(got[0].Title, "Service Charges") {
			t.Errorf("the insurance demand carries %+v (%v)", got, err)
		}
		return nil
	})
	rec = lb.Mgr.Post(path, url.Values{"kind": {"tithe"}}, hxTo("ledger-charges")...)
	if msg := webtest.FieldErrorByID(webtest.Doc(t, rec).Selection, "kind-"+insurance); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(msg, "Choose what the charge is in law") {
		t.Errorf("a made-up kind: %d %q", rec.Code, msg)
	}
	if got := kindOf("Buildings insurance"); got != ledger.ChargeServiceCharge {
		t.Errorf("a refused change left insurance as %q", got)
	}
	if rec := lb.Mgr.Post("/admin/ledger/charges/nope/kind", url.Values{"kind": {ledger.ChargeOther}}); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown charge: %d", rec.Code)
	}
}
