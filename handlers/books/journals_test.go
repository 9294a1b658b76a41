package books_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/ledger"
)

// listedJournal is one journal as the list shows it.
type listedJournal struct {
	id       string
	head     string // the header row's text, spaces squashed
	kind     string
	postings [][]string // account, unit, owner, debit, credit
	sel      *goquery.Selection
}

func listedJournals(d *goquery.Document) []listedJournal {
	var out []listedJournal
	d.Find(".journal-table tbody.journal").Each(func(_ int, tb *goquery.Selection) {
		id, _ := tb.Attr("id")
		j := listedJournal{id: id, sel: tb, head: strings.Join(strings.Fields(tb.Find(".journal-head").Text()), " "),
			kind: strings.TrimSpace(tb.Find(".journal-head .badge").First().Text())}
		tb.Find("tr.journal-posting").Each(func(_ int, tr *goquery.Selection) {
			j.postings = append(j.postings, tr.Find("td").Map(func(_ int, td *goquery.Selection) string {
				return strings.Join(strings.Fields(td.Text()), " ")
			}))
		})
		out = append(out, j)
	})
	return out
}

func journalByID(t *testing.T, js []listedJournal, id int64) listedJournal {
	t.Helper()
	for _, j := range js {
		if j.id == "j-"+strconv.FormatInt(id, 10) {
			return j
		}
	}
	t.Fatalf("journal %d not listed", id)
	return listedJournal{}
}

func TestLedgerJournals(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	mgr := w.SignIn(w.Ppl.Manager)
	flatA := "/admin/ledger/units/" + w.Ppl.FlatA.PublicID

	rec := mgr.Get("/admin/ledger/journals")
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %.800s", rec.Code, rec.Body.String())
	}
	js := listedJournals(d)
	if len(js) != 14 {
		t.Fatalf("%d journals listed, want 14", len(js))
	}
	// Newest first, every one balanced on the page.
	prev := "9999"
	for _, j := range js {
		date := j.sel.Find(".journal-head time").AttrOr("datetime", "")
		if date > prev {
			t.Errorf("%s dated %s after %s: not newest first", j.id, date, prev)
		}
		prev = date
		var dr, cr int64
		for _, p := range j.postings {
			dr += webtest.Pence(t, p[3])
			cr += webtest.Pence(t, p[4])
		}
		if dr != cr || dr == 0 {
			t.Errorf("%s: debits %d, credits %d", j.id, dr, cr)
		}
	}

	// A demand: its invoice, and a posting per charge.
	demand := journalByID(t, js, w.PartPaid.JournalID)
	wantPostings := []string{
		"1100 Debtors (residents and tenants) · Service charge Service charge 2026-03-01|Flat 1||£600.00|",
		"4000 Service charge income · Service charge Service charge 2026-03-01|Flat 1|||£600.00",
		"1100 Debtors (residents and tenants) · Ground rent Ground rent 2026-03-01|Flat 1||£100.00|",
		"4010 Ground rent income · Ground rent Ground rent 2026-03-01|Flat 1|||£100.00",
	}
	if demand.kind != "Demand" || !strings.Contains(demand.head, "£700.00") || !strings.Contains(demand.head, "by Morgan Manager") {
		t.Errorf("demand head %q", demand.head)
	}
	if href, _ := demand.sel.Find(`.journal-head a:contains("Invoice ` + webtest.InvNo(w.PartPaid.Number) + `")`).Attr("href"); href != flatA+"#invoices-heading" {
		t.Errorf("invoice link %q", href)
	}
	var gotPostings []string
	for _, p := range demand.postings {
		gotPostings = append(gotPostings, strings.Join(p, "|"))
	}
	if strings.Join(gotPostings, "\n") != strings.Join(wantPostings, "\n") {
		t.Errorf("demand postings\n%s\nwant\n%s", strings.Join(gotPostings, "\n"), strings.Join(wantPostings, "\n"))
	}
	if href, _ := demand.sel.Find(`td.jp-unit a`).First().Attr("href"); href != flatA {
		t.Errorf("unit link %q", href)
	}

	// A reversed demand is marked, and points at its reversal.
	cancelled := journalByID(t, js, w.Cancelled.JournalID)
	var reversal int64
	w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT id FROM journals WHERE reverses_id = ?`, w.Cancelled.JournalID).Scan(&reversal)
	})
	if !strings.Contains(cancelled.head, "Reversed by no. "+strconv.FormatInt(reversal, 10)) ||
		cancelled.sel.Find(".badge.bad").Text() != "Reversed" || !cancelled.sel.HasClass("is-reversed") {
		t.Errorf("reversed demand %q", cancelled.head)
	}
	if href, _ := cancelled.sel.Find(`a[href^="#j-"]`).Attr("href"); href != "#j-"+strconv.FormatInt(reversal, 10) {
		t.Errorf("link to the reversal %q", href)
	}
	rev := journalByID(t, js, reversal)
	if rev.kind != "Reversal" || !strings.Contains(rev.head, "Reverses no. "+strconv.FormatInt(w.Cancelled.JournalID, 10)) ||
		!strings.Contains(rev.head, "Invoice "+webtest.InvNo(w.Cancelled.Number)) || rev.postings[0][4] != "£30.00" {
		t.Errorf("reversal %q %q", rev.head, rev.postings)
	}

	// A receipt belongs to the unit's account; it debits the bank.
	for _, j := range js {
		if j.kind == "Receipt" && strings.Contains(j.head, "ADEYEMI FLAT1") {
			if href, _ := j.sel.Find(`.journal-head a:contains("Receipt")`).Attr("href"); href != flatA {
				t.Errorf("receipt link %q", href)
			}
			if j.postings[0][0] != "1001 Harbour View client account" || j.postings[0][3] != "£750.00" {
				t.Errorf("receipt postings %q", j.postings)
			}
		}
	}

	// Filters narrow the list; each is in the URL, so it can be shared.
	filters := []struct {
		query string
		n     int
		kind  string
	}{
		{"kind=receipt", 5, "Receipt"},
		{"kind=demand&unit=" + w.Ppl.FlatA.PublicID, 5, "Demand"},
		{"unit=" + w.Ppl.FlatB.PublicID, 4, ""},
		{"from=2025-07-01&to=2025-12-31", 5, ""},
		{"from=2026-03-01", 3, ""},
		{"to=2023-12-31", 2, ""},
		{"kind=payout", 0, ""},
	}
	for _, tt := range filters {
		rec := mgr.Get("/admin/ledger/journals?" + tt.query)
		d := webtest.Doc(t, rec)
		js := listedJournals(d)
		if rec.Code != 200 || len(js) != tt.n {
			t.Errorf("%s: %d, %d journals, want %d", tt.query, rec.Code, len(js), tt.n)
		}
		for _, j := range js {
			if tt.kind != "" && j.kind != tt.kind {
				t.Errorf("%s: a %s listed", tt.query, j.kind)
			}
		}
		q, _ := url.ParseQuery(tt.query)
		for k, v := range q {
			if got := d.Find(`#journals [name="` + k + `"]`).First(); got.Is("select") {
				if sel := got.Find("option[selected]").AttrOr("value", ""); sel != v[0] {
					t.Errorf("%s: %s shows %q", tt.query, k, sel)
				}
			} else if got.AttrOr("value", "") != v[0] {
				t.Errorf("%s: %s shows %q", tt.query, k, got.AttrOr("value", ""))
			}
		}
		if tt.n == 0 && !strings.Contains(d.Find("#journals").Text(), "No entries match this filter.") {
			t.Errorf("%s: no empty message", tt.query)
		}
	}

	// htmx gets just the list with its filter.
	rec = mgr.Get("/admin/ledger/journals?kind=credit", "HX-Request", "true", "HX-Target", "journals")
	d = webtest.Doc(t, rec)
	if rec.Code != 200 || strings.Contains(rec.Body.String(), "<html") || d.Find("#journals").Length() != 1 ||
		len(listedJournals(d)) != 1 || !strings.Contains(rec.Header().Get("Vary"), "HX-Request") {
		t.Errorf("htmx: %d %.300s", rec.Code, rec.Body.String())
	}
}

func TestLedgerJournalsRefusesBadFilter(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	mgr := w.SignIn(w.Ppl.Manager)
	tests := []struct {
		query, field, msg string
	}{
		{"from=2025-13-01", "from", "Enter a real date as year, month and day, for example 2026-03-31."},
		{"from=last+week&kind=demand", "from", "Enter a real date as year, month and day, for example 2026-03-31."},
		{"to=31/12/2025", "to", "Enter a real date as year, month and day, for example 2026-03-31."},
		{"to=1999-01-01", "to", "Enter a date between 2000 and 2099."},
		{"from=2025-06-01&to=2025-01-01", "to", "The end date must be on or after the start date."},
		{"kind=embezzlement", "kind", "Choose a kind of entry from the list."},
		{"unit=nosuchunit12345", "unit", "Choose a unit from the list."},
	}
	for _, tt := range tests {
		for _, hx := range []bool{false, true} {
			path := "/admin/ledger/journals?" + tt.query
			rec := mgr.Get(path)
			if hx {
				rec = mgr.Get(path, "HX-Request", "true", "HX-Target", "journals")
			}
			d := webtest.Doc(t, rec)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("%s (htmx %v): %d", tt.query, hx, rec.Code)
			}
			if got := webtest.FieldError(d.Find("#journals"), tt.field); got != tt.msg {
				t.Errorf("%s (htmx %v): %s message %q, want %q", tt.query, hx, tt.field, got, tt.msg)
			}
			if len(listedJournals(d)) != 0 || d.Find(".notice.error").Length() != 1 {
				t.Errorf("%s: entries listed for a bad filter", tt.query)
			}
		}
	}
}

func TestLedgerJournalsPages(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	// 14 journals in the world; 50 more receipts make 64.
	w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		for i := range 50 {
			if _, err := ledger.RecordReceipt(ctx, tx, webtest.Now, ledger.ReceiptInput{UnitID: w.Ppl.FlatB.ID, AccountID: w.Book.Bank,
				Date: webtest.ISODay("2026-01-01").AddDate(0, 0, i), Amount: 100, Reference: "PAGE " + strconv.Itoa(i)}); err != nil {
				return err
			}
		}
		return nil
	})
	mgr := w.SignIn(w.Ppl.Manager)
	d := webtest.Doc(t, mgr.Get("/admin/ledger/journals"))
	js := listedJournals(d)
	next, _ := d.Find(`.journal-pager a[rel="next"]`).Attr("href")
	if len(js) != 50 || next != "/admin/ledger/journals?page=2" || d.Find(`.journal-pager a[rel="prev"]`).Length() != 0 {
		t.Fatalf("page 1: %d journals, next %q", len(js), next)
	}
	rec := mgr.Get(next)
	d = webtest.Doc(t, rec)
	page2 := listedJournals(d)
	prev, _ := d.Find(`.journal-pager a[rel="prev"]`).Attr("href")
	if rec.Code != 200 || len(page2) != 14 || prev != "/admin/ledger/journals" || d.Find(`.journal-pager a[rel="next"]`).Length() != 0 {
		t.Errorf("page 2: %d journals, prev %q", len(page2), prev)
	}
	seen := map[string]bool{}
	for _, j := range append(js, page2...) {
		if seen[j.id] {
			t.Errorf("%s on both pages", j.id)
		}
		seen[j.id] = true
	}
	if len(seen) != 64 {
		t.Errorf("%d distinct journals over two pages", len(seen))
	}

	// The pager keeps the filter.
	d = webtest.Doc(t, mgr.Get("/admin/ledger/journals?kind=receipt&unit="+w.Ppl.FlatB.PublicID))
	next, _ = d.Find(`.journal-pager a[rel="next"]`).Attr("href")
	if n := len(listedJournals(d)); n != 50 || next != "/admin/ledger/journals?kind=receipt&page=2&unit="+w.Ppl.FlatB.PublicID {
		t.Errorf("filtered page 1: %d, next %q", n, next)
	}
	if n := len(listedJournals(webtest.Doc(t, mgr.Get(next)))); n != 2 {
		t.Errorf("filtered page 2: %d", n)
	}

	// Nonsense pages are the first; a page past the end says so.
	for _, p := range []string{"0", "-3", "abc", "1e9"} {
		if n := len(listedJournals(webtest.Doc(t, mgr.Get("/admin/ledger/journals?page="+p)))); n != 50 {
			t.Errorf("page=%s: %d journals", p, n)
		}
	}
	rec = mgr.Get("/admin/ledger/journals?page=9")
	if rec.Code != 200 || !strings.Contains(webtest.Doc(t, rec).Find("#journals").Text(), "There are no entries this far back.") {
		t.Errorf("page 9: %d", rec.Code)
	}

	// Residents never see the book.
	alice := w.SignIn(w.Ppl.Alice)
	if rec := alice.Get("/admin/ledger/journals"); rec.Code != http.StatusForbidden {
		t.Errorf("resident: %d", rec.Code)
	}
}
