package handlers_test

import (
	"context"
	"database/sql"
	"net/http/httptest"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

// encodings are the two ways a browser may ask for a page: as it is, and
// gzipped as every current browser asks.
var encodings = []struct{ name, accept string }{{"identity", ""}, {"gzip", "gzip, deflate, br, zstd"}}

// BenchmarkHomePage is the server time of a full org home page through the
// whole router and middleware, with the org database already open, sent
// as it is and gzipped.
func BenchmarkHomePage(b *testing.B) {
	f := webtest.NewFixture(b, nil, webtest.Acme)
	if rec := f.Do("GET", "acme."+webtest.Base, "/", nil); rec.Code != 200 {
		b.Fatalf("status %d", rec.Code)
	}
	for _, enc := range encodings {
		b.Run(enc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "http://acme."+webtest.Base+"/", nil)
			if enc.accept != "" {
				req.Header.Set("Accept-Encoding", enc.accept)
			}
			b.ReportAllocs()
			rec := httptest.NewRecorder()
			for b.Loop() {
				rec = httptest.NewRecorder()
				f.Echo.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
			}
			b.ReportMetric(float64(rec.Body.Len()), "sent-B")
		})
	}
}

// tenYearStatement signs a resident in to a unit with ten years of monthly
// demands and receipts (240 journals) and returns the statement's path.
func tenYearStatement(tb testing.TB) (*webtest.Browser, string) {
	f := webtest.NewFixture(tb, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mb := webtest.NewMoneyBook(f, "acme", ppl.FlatB.SiteID, ppl.Manager.ID)
	rita := f.AddPortalPerson("acme", "Rita Long", "rita@example.com")
	f.LinkPerson("acme", ppl.FlatB.ID, rita.ID, estate.RoleLeaseholder, "2016-03-01", "")
	unit := ppl.FlatB.ID
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		first := webtest.ISODay("2016-04-01")
		for m := range 120 {
			issue := first.AddDate(0, m, 0)
			if _, err := ledger.RaiseDemand(ctx, tx, webtest.Now, ledger.DemandInput{UnitID: unit, IssueDate: issue,
				DueDate: issue.AddDate(0, 0, 28), Lines: []ledger.DemandLine{
					{ChargeTypeID: mb.Charges["Service charge"], Description: "Service charge", Amount: 125_00},
					{ChargeTypeID: mb.Charges["Reserve fund"], Description: "Reserve fund", Amount: 20_00}}}); err != nil {
				return err
			}
			paid := int64(145_00)
			if m%7 == 3 {
				paid = 100_00 // now and then short, so a balance runs
			}
			if _, err := ledger.RecordReceipt(ctx, tx, webtest.Now, ledger.ReceiptInput{UnitID: unit, AccountID: mb.Bank,
				Date: issue.AddDate(0, 0, 9), Amount: paid, Reference: "LONG FLAT2"}); err != nil {
				return err
			}
		}
		return nil
	})
	br := f.Browser("acme." + webtest.Base)
	br.SignInAs("acme", rita)
	return br, "/money/units/" + ppl.FlatB.PublicID + "/statement"
}

// BenchmarkStatementPage is the server time of a resident's statement page
// through the whole router and middleware, session included, for a unit
// with ten years of monthly demands and receipts: the last twelve months
// (the default) and all ten years on one page, each sent as it is and
// gzipped.
func BenchmarkStatementPage(b *testing.B) {
	br, statement := tenYearStatement(b)
	for _, bc := range []struct{ name, query string }{{"last-year", ""}, {"ten-years", "?from=2016-01-01"}} {
		for _, enc := range encodings {
			b.Run(bc.name+"/"+enc.name, func(b *testing.B) {
				req := httptest.NewRequest("GET", br.URL(statement+bc.query).String(), nil)
				req.Host = br.Host
				for _, c := range br.Jar.Cookies(req.URL) {
					req.AddCookie(c)
				}
				if enc.accept != "" {
					req.Header.Set("Accept-Encoding", enc.accept)
				}
				rec := httptest.NewRecorder()
				br.F.Echo.ServeHTTP(rec, req)
				if rec.Code != 200 || rec.Header().Get("Content-Encoding") == "" && !strings.Contains(rec.Body.String(), "statement-table") {
					b.Fatalf("status %d %.300s", rec.Code, rec.Body.String())
				}
				b.ReportAllocs()
				for b.Loop() {
					rec = httptest.NewRecorder()
					br.F.Echo.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Fatalf("status %d", rec.Code)
					}
				}
				b.ReportMetric(float64(rec.Body.Len()), "sent-B")
			})
		}
	}
}
