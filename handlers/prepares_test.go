package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

// TestPreparesPerRequest counts the SQL the driver parses for a signed-in
// page. The first request prepares its reads; the same page again parses
// nothing on the read pool, because every read goes through the database's
// statement cache and the read connections stay open with their
// statements. A write made again parses nothing either: the writer's
// connection keeps the statements it has run (sqldb.StatementCaching).
func TestPreparesPerRequest(t *testing.T) {
	f, d := webtest.NewCountingFixture(t, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mb := webtest.NewMoneyBook(f, "acme", ppl.FlatB.SiteID, ppl.Manager.ID)
	rita := f.AddPortalPerson("acme", "Rita Long", "rita@example.com")
	flat3 := f.AddUnit("acme", ppl.FlatB.SiteID, "Flat 3")
	f.LinkPerson("acme", flat3.ID, rita.ID, estate.RoleLeaseholder, "2024-03-01", "")
	inv := mb.Demand(flat3.ID, "2025-04-01", webtest.MoneyCharge{Name: "Service charge", Amount: 125_00})
	mb.Receipt(flat3.ID, "2025-04-10", 100_00, &inv, "LONG FLAT3")
	br := f.Browser("acme." + webtest.Base)
	br.SignInAs("acme", rita)

	for _, page := range []string{"/", "/money/units/" + flat3.PublicID + "/statement"} {
		var reads [2][]string
		for i := range reads {
			d.Reset()
			if rec := br.Get(page); rec.Code != 200 {
				t.Fatalf("%s: status %d %.300s", page, rec.Code, rec.Body.String())
			}
			reads[i] = d.Parsed(reader)
			t.Logf("%s, request %d: %d reads run, %d parsed; %d writes run, %d parsed", page, i+1,
				d.Runs(reader), len(reads[i]), d.Runs(writer), len(d.Parsed(writer)))
		}
		if len(reads[0]) == 0 {
			t.Errorf("%s: the first request parsed no reads; is the counting driver in use?", page)
		}
		if len(reads[1]) != 0 {
			t.Errorf("%s: the second request parsed %d reads again:\n%s", page, len(reads[1]), strings.Join(reads[1], "\n"))
		}
	}

	var bank string
	if err := f.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM ledger_accounts WHERE id = ?`, mb.Bank).Scan(&bank); err != nil {
		t.Fatal(err)
	}
	manager := f.Browser("acme." + webtest.Base)
	manager.SignInAs("acme", ppl.Manager)
	var writes [2][]string
	for i := range writes {
		d.Reset()
		rec := manager.Post("/admin/ledger/units/"+flat3.PublicID+"/receipt", url.Values{"account": {bank},
			"date": {"2025-04-20"}, "amount": {"5.00"}, "method": {ledger.MethodBankTransfer}, "reference": {"LONG FLAT2"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("receipt %d: status %d %.300s", i+1, rec.Code, rec.Body.String())
		}
		writes[i] = d.Parsed(writer)
		t.Logf("receipt %d: %d writes run, %d parsed", i+1, d.Runs(writer), len(writes[i]))
	}
	if d.Runs(writer) == 0 {
		t.Error("the receipt ran nothing on the writer; is the counting driver in use?")
	}
	if len(writes[1]) != 0 {
		t.Errorf("the second receipt parsed %d statements again:\n%s", len(writes[1]), strings.Join(writes[1], "\n"))
	}
}

// reader and writer tell an organisation's read pool from its writer by
// the read-only pragma in the connection string.
func reader(dsn string) bool { return strings.Contains(dsn, "query_only") }

func writer(dsn string) bool { return !reader(dsn) }
