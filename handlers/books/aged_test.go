package books_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

// agedBook is the ledger fixture with three invoices due on fixed dates:
// Flat 1's £450 and Flat 2's £300 due 11 April 2026 (£100 of it paid on
// 20 April), and Flat 2's £120 due 1 June, issued 1 May.
func agedBook(t *testing.T) *webtest.LedgerBook {
	t.Helper()
	lb := webtest.NewLedgerBook(t)
	lb.Raise(t, "450.00")
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		charges, err := ledger.ChargeTypes(ctx, tx)
		if err != nil {
			return err
		}
		for _, inv := range []struct {
			issue, due string
			amount     int64
		}{{"2026-03-14", "2026-04-11", 300_00}, {"2026-05-01", "2026-06-01", 120_00}} {
			if _, err := ledger.RaiseDemand(ctx, tx, webtest.Now, ledger.DemandInput{UnitID: lb.Ppl.FlatB.ID, IssueDate: webtest.ISODay(inv.issue),
				DueDate: webtest.ISODay(inv.due), Lines: []ledger.DemandLine{{ChargeTypeID: charges[0].ID, Amount: inv.amount}}}); err != nil {
				return err
			}
		}
		return nil
	})
	lb.ReceiptFor(t, lb.Ppl.FlatB, "2026-04-20", "100.00", "BOB PART")
	return lb
}

const agedPath = "/admin/ledger/aged-debt"

// agedRows reads the report's rows of figures: unit, account, the five
// buckets and the total.
func agedRows(t *testing.T, lb *webtest.LedgerBook, asAt string) [][]string {
	t.Helper()
	rec := lb.Mgr.Get(agedPath + "?as_at=" + asAt)
	if rec.Code != http.StatusOK {
		t.Fatalf("report as at %s: %d %.500s", asAt, rec.Code, rec.Body.String())
	}
	var out [][]string
	webtest.Doc(t, rec).Find("table.aged tbody tr, table.aged tfoot tr").Each(func(_ int, tr *goquery.Selection) {
		var row []string
		tr.Children().Slice(0, 8).Each(func(_ int, c *goquery.Selection) { row = append(row, strings.TrimSpace(c.Text())) })
		out = append(out, row)
	})
	return out
}

// The report on the screen moves the April invoices from 1–30 to 31–60
// days between the 30th and the 31st day after their due date; the June
// one is current; totals add up.
func TestAgedDebtScreen(t *testing.T) {
	t.Parallel()
	lb := agedBook(t)
	for _, tt := range []struct {
		asAt string
		want [][]string
	}{
		{"2026-04-11", [][]string{
			{"Flat 1", "Alice Adeyemi", "£450.00", "", "", "", "", "£450.00"},
			{"Flat 2", "Bob Brennan", "£300.00", "", "", "", "", "£300.00"},
			{"Total", "£750.00", "£0.00", "£0.00", "£0.00", "£0.00", "£750.00", ""}}},
		{"2026-05-11", [][]string{
			{"Flat 1", "Alice Adeyemi", "", "£450.00", "", "", "", "£450.00"},
			{"Flat 2", "Bob Brennan", "£120.00", "£200.00", "", "", "", "£320.00"},
			{"Total", "£120.00", "£650.00", "£0.00", "£0.00", "£0.00", "£770.00", ""}}},
		{"2026-05-12", [][]string{
			{"Flat 1", "Alice Adeyemi", "", "", "£450.00", "", "", "£450.00"},
			{"Flat 2", "Bob Brennan", "£120.00", "", "£200.00", "", "", "£320.00"},
			{"Total", "£120.00", "£0.00", "£650.00", "£0.00", "£0.00", "£770.00", ""}}},
	} {
		got := agedRows(t, lb, tt.asAt)
		if len(got) != len(tt.want) {
			t.Fatalf("as at %s: %q", tt.asAt, got)
		}
		for i := range got {
			if strings.Join(got[i], "|") != strings.Join(tt.want[i], "|") {
				t.Errorf("as at %s, row %d:\n got %q\nwant %q", tt.asAt, i, got[i], tt.want[i])
			}
		}
	}
	rec := lb.Mgr.Get(agedPath + "?as_at=31/02/2026")
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad date: %d", rec.Code)
	}
	if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "as_at"); msg == "" {
		t.Error("no message next to a bad date")
	}
}

// The downloads carry the same figures: the CSV a row per account and
// the totals, the PDF its tables and the notes.
func TestAgedDebtDownloads(t *testing.T) {
	t.Parallel()
	lb := agedBook(t)
	if rec := lb.Mgr.Post(agedPath+"/notes", url.Values{"unit": {lb.Ppl.FlatA.PublicID}, "account": {aliceLease(t, lb)},
		"note": {"=Phoned, will pay Friday"}, "next_action": {"2026-05-15"}, "as_at": {"2026-05-11"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("note: %d %.500s", rec.Code, rec.Body.String())
	}
	rec := lb.Mgr.Get(agedPath + ".csv?as_at=2026-05-11")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "aged-debt-2026-05-11.csv") {
		t.Fatalf("CSV: %d %v", rec.Code, rec.Header())
	}
	want := []string{
		"Site|Unit|Account|Current|1–30 days|31–60 days|61–90 days|Over 90 days|Total|Next action|Note",
		"Harbour View|Flat 1|Alice Adeyemi|0.00|450.00|0.00|0.00|0.00|450.00|2026-05-15|'=Phoned, will pay Friday",
		"Harbour View|Flat 2|Bob Brennan|120.00|200.00|0.00|0.00|0.00|320.00||",
		"Harbour View|Total||120.00|650.00|0.00|0.00|0.00|770.00||",
		"All sites|Total||120.00|650.00|0.00|0.00|0.00|770.00||",
	}
	got := webtest.ReadCSV(t, rec.Body.Bytes())
	if len(got) != len(want) {
		t.Fatalf("CSV rows: %q", got)
	}
	for i := range want {
		if g := strings.Join(got[i], "|"); g != want[i] {
			t.Errorf("CSV row %d:\n got %s\nwant %s", i, g, want[i])
		}
	}

	rec = lb.Mgr.Get(agedPath + ".pdf?as_at=2026-05-12")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %v", rec.Code, rec.Header())
	}
	text := webtest.PDFText(t, rec.Body.Bytes(), "-layout")
	for _, w := range []string{"Aged debt", "As at 12 May 2026", "Harbour View", "Flat 1 Alice Adeyemi £450.00 £450.00",
		"Flat 2 Bob Brennan £120.00 £200.00 £320.00", "Total £120.00 £650.00 £770.00", "Total owed £120.00 £650.00 £770.00",
		"Notes and next actions", "Flat 1 Alice Adeyemi 15 May 2026 =Phoned, will pay Friday"} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF lacks %q:\n%s", w, text)
		}
	}
	if rec := lb.Mgr.Get(agedPath + ".pdf?as_at=someday"); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("PDF of a bad date: %d", rec.Code)
	}
}

// aliceLease is the public id of Alice's lease of Flat 1.
func aliceLease(t *testing.T, lb *webtest.LedgerBook) string {
	t.Helper()
	occ, err := estate.OccupanciesOfUnit(context.Background(), lb.F.DB("acme").Read(), lb.Ppl.FlatA.ID)
	if err != nil || len(occ) == 0 {
		t.Fatalf("Alice's lease: %v", err)
	}
	return occ[0].PublicID
}

// A manager keeps a note and a next action on an account from the
// report, by plain post or htmx; a bad date or an over-long note is
// refused next to its field and nothing is kept. Read-only staff see the
// notes but get no form, and their posts are refused.
func TestAgedDebtNotes(t *testing.T) {
	t.Parallel()
	lb := agedBook(t)
	lease := aliceLease(t, lb)
	key := "debtor-" + lb.Ppl.FlatA.PublicID + "-" + lease
	form := func(note, next string) url.Values {
		return url.Values{"unit": {lb.Ppl.FlatA.PublicID}, "account": {lease}, "note": {note}, "next_action": {next}, "as_at": {"2026-05-11"}}
	}
	for _, tt := range []struct{ note, next, field, msg string }{
		{"Call again", "15/13/2026", "next_action", "date"},
		{"Call again", "2150-01-01", "next_action", "between 2000 and 2099"},
		{strings.Repeat("x", 1001), "", "note", "1000 characters"},
	} {
		for _, hx := range [][]string{nil, hxTo("aged-report")} {
			rec := lb.Mgr.Post(agedPath+"/notes", form(tt.note, tt.next), hx...)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%s %q: %d", tt.field, tt.next, rec.Code)
			}
			row := webtest.Doc(t, rec).Find("#" + key)
			if msg := webtest.FieldError(row, tt.field); !strings.Contains(msg, tt.msg) {
				t.Errorf("%s %q (htmx %v): message %q", tt.field, tt.next, hx != nil, msg)
			}
			if _, open := row.Find("details").Attr("open"); !open {
				t.Error("the refused form is not open")
			}
		}
	}
	if n := lb.Count(`SELECT count(*) FROM debtor_notes`); n != 0 {
		t.Fatalf("%d notes kept from refused forms", n)
	}

	rec := lb.Mgr.Post(agedPath+"/notes", form("Promised to pay by Friday", "2026-05-15"), hxTo("aged-report")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("htmx save: %d %.500s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	if got := d.Find(".notice.success").Text(); !strings.Contains(got, "Note saved.") {
		t.Errorf("notice %q", got)
	}
	if got := d.Find("#" + key + " .aged-note").Text(); !strings.Contains(got, "Promised to pay by Friday") || !strings.Contains(got, "15 May 2026") {
		t.Errorf("row shows %q", got)
	}
	rec = lb.Mgr.Post(agedPath+"/notes", form("Paid half; chase the rest", ""))
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "as_at=2026-05-11") {
		t.Fatalf("plain save: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if got := webtest.Doc(t, lb.Mgr.Get(rec.Header().Get("Location"))).Find("#" + key + " .aged-note").Text(); !strings.Contains(got, "Paid half") || strings.Contains(got, "Next action:") {
		t.Errorf("after the second save the row shows %q", got)
	}
	if lb.Count(`SELECT count(*) FROM debtor_notes`) != 1 || lb.Count(`SELECT count(*) FROM audit_log WHERE action = 'ledger.debtor_note'`) != 2 {
		t.Error("notes or their audit entries not as saved")
	}
	// Another unit's lease is refused.
	bad := form("x", "")
	bad.Set("unit", lb.Ppl.FlatB.PublicID)
	if rec := lb.Mgr.Post(agedPath+"/notes", bad); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("note on another unit's lease: %d", rec.Code)
	}

	auditor := lb.F.AddStaffAs("acme", "Owen Auditor", "owen@acme.example", estate.StaffRoleReadOnly)
	ro := lb.F.Browser("acme." + webtest.Base)
	ro.SignInAs("acme", auditor)
	page := webtest.Doc(t, ro.Get(agedPath+"?as_at=2026-05-11"))
	if page.Find("#"+key+" .aged-note").Text() == "" || page.Find(`form[action="/admin/ledger/aged-debt/notes"]`).Length() != 0 {
		t.Error("read-only staff: the note is not shown, or the form is")
	}
	if rec := ro.Post(agedPath+"/notes", form("mine", "")); rec.Code != http.StatusForbidden {
		t.Errorf("read-only post: %d", rec.Code)
	}
}
