package handlers_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

// The page benchmarks time one request at a time through the whole router
// and middleware (session, organisation, database, templates), with the
// organisation's database already open: ns/op is the server's CPU cost of
// a page, which is what bounds a small machine. Throughput over real HTTP
// against nginx is scripts/loadtest.sh; see docs/scaling.md, Page speed.
//
//	go test -run '^$' -bench . -benchmem ./handlers/

// benchBook is the organisation the page benchmarks read: Acme's people, a
// client bank account, and Rita, leaseholder of Flat 2, whose account has
// ten years of monthly demands and receipts (240 journals), signed in.
type benchBook struct {
	f       *webtest.Fixture
	ppl     webtest.People
	mb      *webtest.MoneyBook
	rita    *webtest.Browser
	manager *webtest.Browser
	flat3   estate.Unit // Rita's, since 2016
}

func newBenchBook(b testing.TB) *benchBook {
	b.Helper()
	f := webtest.NewFixture(b, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mb := webtest.NewMoneyBook(f, "acme", ppl.FlatB.SiteID, ppl.Manager.ID)
	rita := f.AddPortalPerson("acme", "Rita Long", "rita@example.com")
	flat3 := f.AddUnit("acme", ppl.FlatB.SiteID, "Flat 3")
	f.LinkPerson("acme", flat3.ID, rita.ID, estate.RoleLeaseholder, "2016-03-01", "")
	unit := flat3.ID
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
	bk := &benchBook{f: f, ppl: ppl, mb: mb, rita: f.Browser("acme." + webtest.Base), manager: f.Browser("acme." + webtest.Base), flat3: flat3}
	bk.rita.SignInAs("acme", rita)
	bk.manager.SignInAs("acme", ppl.Manager)
	return bk
}

// tenYearStatement is Rita's browser and the path of her statement.
func tenYearStatement(tb testing.TB) (*webtest.Browser, string) {
	bk := newBenchBook(tb)
	return bk.rita, "/money/units/" + bk.flat3.PublicID + "/statement"
}

// request builds a request as br would send it (host, peer, cookies),
// without storing what comes back, so the same session is reused.
func request(br *webtest.Browser, method, path string, body io.Reader) *http.Request {
	req := httptest.NewRequest(method, br.URL(path).String(), body)
	req.Host = br.Host
	if br.Peer != "" {
		req.RemoteAddr = br.Peer
	}
	req.Header.Set("User-Agent", br.UA)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	for _, c := range br.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	return req
}

// benchGet serves req again and again and fails on the first answer that
// is not 200; the first answer must also contain want. With rebuild, each
// request follows a write to the organisation's database, made outside
// the timer, so the page is built from the database every time rather
// than sent as kept (the page cache): the cost of a first visit.
func benchGet(b *testing.B, f *webtest.Fixture, req *http.Request, want string, rebuild ...func()) {
	b.Helper()
	rec := httptest.NewRecorder()
	f.Echo.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") == "" && !strings.Contains(rec.Body.String(), want) {
		b.Fatalf("%s: status %d, want 200 with %q: %.300s", req.URL.Path, rec.Code, want, rec.Body.String())
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(rebuild) > 0 {
			b.StopTimer()
			rebuild[0]()
			b.StartTimer()
		}
		rec := httptest.NewRecorder()
		f.Echo.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
	reportRate(b)
}

// pageVisits are the two ways a page is asked for: again, with nothing
// written since it was last sent (kept), and first after a write (built).
var pageVisits = []string{"kept", "built"}

// anyWrite commits an empty write to the organisation's database, which
// is enough for every kept page of it to be built again.
func anyWrite(f *webtest.Fixture) func() {
	return func() {
		if err := f.DB("acme").Write(context.Background(), func(*sql.Tx) error { return nil }); err != nil {
			f.T.Fatal(err)
		}
	}
}

// visit is benchGet as visit names it.
func visit(b *testing.B, f *webtest.Fixture, name string, req *http.Request, want string) {
	if name == "built" {
		benchGet(b, f, req, want, anyWrite(f))
		return
	}
	benchGet(b, f, req, want)
}

// encodings are the two ways a browser may ask for a page: as it is, and
// gzipped as every current browser asks.
var encodings = []struct{ name, accept string }{{"identity", ""}, {"gzip", "gzip, deflate, br, zstd"}}

// reportRate adds requests a second on one core, the figure the load
// script's table is in, so the two can be read side by side.
func reportRate(b *testing.B) {
	if ns := b.Elapsed().Nanoseconds(); ns > 0 && b.N > 0 {
		b.ReportMetric(float64(b.N)/(float64(ns)/float64(time.Second)), "req/s")
	}
}

// BenchmarkHomePage is an organisation's home page: as a visitor who is
// not signed in, and as a signed-in leaseholder (their homes, balances
// and what is due).
func BenchmarkHomePage(b *testing.B) {
	bk := newBenchBook(b)
	for _, v := range pageVisits {
		b.Run("anonymous/"+v, func(b *testing.B) {
			anon := bk.f.Browser("acme." + webtest.Base)
			visit(b, bk.f, v, request(anon, "GET", "/", nil), "</html>")
		})
		for _, enc := range encodings {
			b.Run("leaseholder/"+v+"/"+enc.name, func(b *testing.B) {
				req := request(bk.rita, "GET", "/", nil)
				req.Header.Set("Accept-Encoding", enc.accept)
				visit(b, bk.f, v, req, "Hello, Rita")
			})
		}
	}
}

// BenchmarkStatementPage is a resident's statement page for a unit with
// ten years of monthly demands and receipts (240 journals): the last
// twelve months (the default) and all ten years on one page.
func BenchmarkStatementPage(b *testing.B) {
	bk := newBenchBook(b)
	for _, bc := range []struct{ name, query string }{{"last-year", ""}, {"ten-years", "?from=2016-01-01"}} {
		for _, v := range pageVisits {
			for _, enc := range encodings {
				b.Run(bc.name+"/"+v+"/"+enc.name, func(b *testing.B) {
					req := request(bk.rita, "GET", "/money/units/"+bk.flat3.PublicID+"/statement"+bc.query, nil)
					req.Header.Set("Accept-Encoding", enc.accept)
					visit(b, bk.f, v, req, "statement-table")
				})
			}
		}
	}
}

// BenchmarkSignInPage is the sign-in form as a visitor sees it: no
// session, the organisation's branding.
func BenchmarkSignInPage(b *testing.B) {
	f := webtest.NewFixture(b, nil, webtest.Acme)
	anon := f.Browser("acme." + webtest.Base)
	for _, v := range pageVisits {
		b.Run(v, func(b *testing.B) {
			visit(b, f, v, request(anon, "GET", "/sign-in", nil), `id="sign-in-form"`)
		})
	}
}

// BenchmarkReceiptPost is the receipt write path as a manager uses it: a
// plain form post to a unit's account over the router (cross-origin check,
// session, role, form, one ledger transaction allocating the receipt to
// the oldest open invoices, audit entry) answered with a redirect.
//
// paying-up: Flat 1 owes nothing, as most units do; each receipt lands as
// credit, as in the crash test's burst. ten-years-arrears: Flat 2 has ten
// years of demands and receipts and each receipt is 10p, so its arrears
// stay open for as long as any run lasts and every post allocates against
// them, the costliest path.
func BenchmarkReceiptPost(b *testing.B) {
	bk := newBenchBook(b)
	var bank string
	if err := bk.f.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM ledger_accounts WHERE id = ?`, bk.mb.Bank).Scan(&bank); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name, unit, amount string
	}{{"paying-up", bk.ppl.FlatA.PublicID, "125.00"}, {"ten-years-arrears", bk.flat3.PublicID, "0.10"}} {
		b.Run(tc.name, func(b *testing.B) {
			path := "/admin/ledger/units/" + tc.unit + "/receipt"
			form := url.Values{"account": {bank}, "date": {webtest.Now.Format(time.DateOnly)}, "amount": {tc.amount},
				"method": {ledger.MethodBankTransfer}, "reference": {"SO FLAT"}}.Encode()
			post := func() *httptest.ResponseRecorder {
				req := request(bk.manager, "POST", path, strings.NewReader(form))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				rec := httptest.NewRecorder()
				bk.f.Echo.ServeHTTP(rec, req)
				return rec
			}
			if rec := post(); rec.Code != http.StatusSeeOther {
				b.Fatalf("receipt: status %d %.500s", rec.Code, rec.Body.String())
			}
			b.ReportAllocs()
			for b.Loop() {
				if rec := post(); rec.Code != http.StatusSeeOther {
					b.Fatalf("receipt: status %d", rec.Code)
				}
			}
			reportRate(b)
		})
	}
}
