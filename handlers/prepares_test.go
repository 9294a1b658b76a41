package handlers_test

import (
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// TestPreparesPerRequest counts the SQL the driver parses for a signed-in
// page. The first request prepares its reads; the same page again parses
// nothing on the read pool, because every read goes through the database's
// statement cache and the read connections stay open with their
// statements. Writes are listed for the record: they are parsed per call.
func TestPreparesPerRequest(t *testing.T) {
	f, d := webtest.NewCountingFixture(t, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mb := webtest.NewMoneyBook(f, "acme", ppl.FlatB.SiteID, ppl.Manager.ID)
	rita := f.AddPortalPerson("acme", "Rita Long", "rita@example.com")
	f.LinkPerson("acme", ppl.FlatB.ID, rita.ID, estate.RoleLeaseholder, "2024-03-01", "")
	inv := mb.Demand(ppl.FlatB.ID, "2025-04-01", webtest.MoneyCharge{Name: "Service charge", Amount: 125_00})
	mb.Receipt(ppl.FlatB.ID, "2025-04-10", 100_00, &inv, "LONG FLAT2")
	br := f.Browser("acme." + webtest.Base)
	br.SignInAs("acme", rita)

	for _, page := range []string{"/", "/money/units/" + ppl.FlatB.PublicID + "/statement"} {
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
}

// reader and writer tell an organisation's read pool from its writer by
// the read-only pragma in the connection string.
func reader(dsn string) bool { return strings.Contains(dsn, "query_only") }

func writer(dsn string) bool { return !reader(dsn) }
