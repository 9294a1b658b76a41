package banking_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
)

// marchCSV is a statement with lines that match receipts (Flat 1 by its
// name on the line, Flat 2 by amount and date), a transfer nobody
// recorded, a cheque recorded under another amount, and two identical
// account fees on one day, which are two lines, not one.
const marchCSV = `Date,Description,Amount,Balance
05/03/2026,ALICE ADEYEMI FLAT 1,500.00,500.00
06/03/2026,B BRENNAN,300.00,800.00
09/03/2026,TRANSFER GROUND RENT FLAT 2,120.00,920.00
10/03/2026,CHEQUE 100234,75.00,995.00
10/03/2026,ACCOUNT FEE,-4.50,990.50
10/03/2026,ACCOUNT FEE,-4.50,986.00
`

// TestBankReconcileCSV is the test through the screens: a CSV with
// matching, unmatched and duplicate lines. The mapping step guesses the
// columns; the import pairs the receipts; the unrecorded transfer becomes
// a receipt for its unit and is matched; a match of unequal amounts is
// refused next to the field; importing the file again adds nothing; the
// account cannot be reconciled while lines are unmatched, then can.
func TestBankReconcileCSV(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	path := lb.ReconcilePath()
	lb.Raise(t, "500")
	lb.ReceiptFor(t, lb.Ppl.FlatA, "2026-03-05", "500", "SC Q1")
	lb.ReceiptFor(t, lb.Ppl.FlatB, "2026-03-06", "300", "")
	lb.ReceiptFor(t, lb.Ppl.FlatA, "2026-03-08", "70", "CHQ 100234")
	lb.ReceiptFor(t, lb.Ppl.FlatB, "2026-02-20", "75", "Cheque")

	rec := lb.Mgr.Get(path)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "No statement imported yet") {
		t.Fatalf("empty lines screen: %d %.1000s", rec.Code, rec.Body.String())
	}
	if d := webtest.Doc(t, lb.Mgr.Get("/admin/ledger/banks")); d.Find(`a[href="`+path+`"]`).Length() != 1 {
		t.Errorf("the bank accounts screen does not link to the reconciliation")
	}

	// The mapping step shows the file's columns and rows with the guess
	// selected.
	rec = lb.Mgr.Upload(path+"/import", nil, "march.csv", []byte(marchCSV))
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusOK {
		t.Fatalf("upload: %d", rec.Code)
	}
	if got := strings.TrimSpace(d.Find(".bank-sample thead th").First().Text()); got != "Date" {
		t.Errorf("first header %q", got)
	}
	if n := d.Find(".bank-sample tbody tr").Length(); n != 6 {
		t.Errorf("%d sample rows, want 6", n)
	}
	for field, want := range map[string]string{"date": "1", "description": "2", "amount": "3", "balance": "4", "credit": "0"} {
		if v, _ := d.Find(`select[name="` + field + `"] option[selected]`).Attr("value"); v != want {
			t.Errorf("guessed %s column %q, want %q", field, v, want)
		}
	}
	if got := d.Find(`button[value="import"]`).Text(); !strings.Contains(got, "Import 6 lines") {
		t.Errorf("import button %q", got)
	}

	// A mapping without an amount is refused next to the field.
	form := webtest.MappingForm(d)
	form.Set("amount", "0")
	form.Set("action", "import")
	rec = lb.Mgr.Upload(path+"/import/csv", form, "", nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(webtest.Doc(t, rec).Selection, "amount"), "Choose the amount column") {
		t.Fatalf("mapping without an amount: %d %q", rec.Code, webtest.FieldError(webtest.Doc(t, rec).Selection, "amount"))
	}
	if n := lb.Count(`SELECT count(*) FROM bank_lines`); n != 0 {
		t.Fatalf("a refused mapping stored %d lines", n)
	}

	d = lb.ImportCSV(t, "march.csv", marchCSV)
	stat := func(d *goquery.Document, i int) string {
		return strings.TrimSpace(d.Find(".bank-result .stat-num").Eq(i).Text())
	}
	if stat(d, 0) != "6" || stat(d, 1) != "0" || stat(d, 2) != "2" || stat(d, 3) != "4" {
		t.Fatalf("import result %q %q %q %q", stat(d, 0), stat(d, 1), stat(d, 2), stat(d, 3))
	}
	if rows := d.Find(".bank-pairs tbody tr"); rows.Length() != 2 || !strings.Contains(rows.First().Text(), "ALICE ADEYEMI FLAT 1") {
		t.Errorf("pairs shown: %q", rows.Text())
	}
	if lb.MatchedHow(t, lb.LineID(t, "ALICE ADEYEMI FLAT 1", 0)) != "auto" || lb.MatchedHow(t, lb.LineID(t, "B BRENNAN", 0)) != "auto" {
		t.Errorf("the receipts were not matched automatically")
	}
	if n := lb.F.AuditCount("acme", "bank.statement_imported"); n != 1 {
		t.Errorf("%d import audit entries", n)
	}

	// The lines screen lists the four unmatched lines with controls.
	d = webtest.Doc(t, lb.Mgr.Get(path))
	if n := d.Find(".bank-unmatched > li").Length(); n != 4 {
		t.Fatalf("%d unmatched lines shown, want 4", n)
	}
	transfer := lb.LineID(t, "TRANSFER GROUND RENT FLAT 2", 0)
	if d.Find(`#line-`+transfer+` select[name="unit"] option`).Length() != 3 {
		t.Errorf("the unit picker does not offer the site's two units")
	}
	if d.Find(`#line-`+lb.LineID(t, "ACCOUNT FEE", 0)+` select[name="unit"]`).Length() != 0 {
		t.Errorf("money out offers a receipt")
	}

	// Reconciling is refused while lines up to the date are unmatched.
	rec = lb.Mgr.Post(path+"/to-date", url.Values{"to": {"2026-03-10"}, "statement_balance": {"986.00"}})
	if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "to"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(msg, "4 statement lines up to 10 March 2026 are not matched") {
		t.Fatalf("reconcile with unmatched lines: %d %q", rec.Code, msg)
	}

	// The transfer becomes a receipt for Flat 2.
	before := lb.Journals()
	rec = lb.Mgr.Post(path+"/lines/"+transfer+"/receipt", url.Values{"unit": {""}})
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(webtest.Doc(t, rec).Selection, "unit") != "Choose the unit that paid." {
		t.Errorf("receipt without a unit: %d %q", rec.Code, webtest.FieldError(webtest.Doc(t, rec).Selection, "unit"))
	}
	rec = lb.Mgr.Post(path+"/lines/"+transfer+"/receipt", url.Values{"unit": {lb.Ppl.FlatB.PublicID}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("receipt from the line: %d %.1000s", rec.Code, rec.Body.String())
	}
	if lb.Journals() != before+1 || lb.MatchedHow(t, transfer) != "created" {
		t.Fatalf("receipt from the line: %d journals, matched %q", lb.Journals()-before, lb.MatchedHow(t, transfer))
	}
	var unit, date string
	var amount int64
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT p.unit_id, j.date, p.amount FROM bank_lines b JOIN journals j ON j.id = b.journal_id
		JOIN postings p ON p.journal_id = j.id AND p.account_id = b.account_id WHERE b.public_id = ?`, transfer).Scan(&unit, &date, &amount); err != nil {
		t.Fatal(err)
	}
	if unit != strconv.FormatInt(lb.Ppl.FlatB.ID, 10) || date != "2026-03-09" || amount != 12000 {
		t.Errorf("receipt created: unit %s, %s, %d", unit, date, amount)
	}
	if n := lb.F.AuditCount("acme", "bank.receipt_from_line"); n != 1 {
		t.Errorf("%d receipt audit entries", n)
	}

	// The cheque was recorded as £70 by mistake: matching it is refused
	// with the amounts, then it is matched to the £75 one, though that is
	// further away than the automatic match looks.
	cheque := lb.LineID(t, "CHEQUE 100234", 0)
	rec = lb.Mgr.Post(path+"/lines/"+cheque+"/match", url.Values{"journal": {lb.JournalID(t, `reference = 'CHQ 100234'`)}},
		"HX-Request", "true", "HX-Target", "bank-reconcile")
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(d.Selection, "journal"), "the statement line is £75.00 paid in and the entry is £70.00 paid in") {
		t.Fatalf("unequal match: %d %q", rec.Code, webtest.FieldError(d.Selection, "journal"))
	}
	if strings.Contains(rec.Body.String(), "<html") || d.Find("#bank-reconcile").Length() != 1 {
		t.Errorf("htmx got the whole page, not the block")
	}
	if lb.MatchedHow(t, cheque) != "" {
		t.Fatalf("a refused match was stored")
	}
	d = webtest.Doc(t, lb.Mgr.Get(path))
	other := lb.JournalID(t, `reference = 'Cheque'`)
	if d.Find(`#line-`+cheque+` optgroup[label="Same amount, further apart"] option[value="`+other+`"]`).Length() != 1 {
		t.Errorf("the £75 receipt of 20 February is not offered for the cheque")
	}
	rec = lb.Mgr.Post(path+"/lines/"+cheque+"/match", url.Values{"journal": {other}})
	if rec.Code != http.StatusSeeOther || lb.MatchedHow(t, cheque) != "manual" {
		t.Fatalf("manual match: %d %q", rec.Code, lb.MatchedHow(t, cheque))
	}

	// The same file again adds nothing.
	d = lb.ImportCSV(t, "march (1).csv", marchCSV)
	if stat(d, 0) != "0" || stat(d, 1) != "6" {
		t.Fatalf("re-import result %q new, %q already imported", stat(d, 0), stat(d, 1))
	}
	if n := lb.Count(`SELECT count(*) FROM bank_lines`); n != 6 {
		t.Fatalf("%d lines after the re-import, want 6", n)
	}

	// Two identical fees and two identical charges: matching does not
	// guess, a person matches each.
	lb.BankCharge(t, "2026-03-10", 450)
	lb.BankCharge(t, "2026-03-10", 450)
	rec = lb.Mgr.Post(path+"/auto", nil)
	if rec.Code != http.StatusSeeOther || lb.MatchedHow(t, lb.LineID(t, "ACCOUNT FEE", 0)) != "" {
		t.Fatalf("auto match of identical lines: %d", rec.Code)
	}
	d = webtest.Doc(t, lb.Mgr.Get(path))
	fee0, fee1 := lb.LineID(t, "ACCOUNT FEE", 0), lb.LineID(t, "ACCOUNT FEE", 1)
	opts := d.Find(`#line-` + fee0 + ` optgroup[label="Suggested"] option`)
	if opts.Length() != 2 || !strings.Contains(d.Find("#line-"+fee0).Text(), "fit equally well") {
		t.Fatalf("suggestions for a fee: %d", opts.Length())
	}
	first, _ := opts.Eq(0).Attr("value")
	second, _ := opts.Eq(1).Attr("value")
	for line, j := range map[string]string{fee0: first, fee1: second} {
		if rec := lb.Mgr.Post(path+"/lines/"+line+"/match", url.Values{"journal": {j}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("match a fee: %d %.800s", rec.Code, rec.Body.String())
		}
	}

	// Everything up to 10 March is matched: the reconciliation is kept.
	rec = lb.Mgr.Post(path+"/to-date", url.Values{"to": {"2026-03-10"}, "statement_balance": {"986.00"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("reconcile: %d %.1500s", rec.Code, rec.Body.String())
	}
	var stmt, led int64
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT statement_balance, ledger_balance FROM bank_reconciliations`).Scan(&stmt, &led); err != nil {
		t.Fatal(err)
	}
	// The ledger also holds the £70 receipt, which is not on the statement.
	if stmt != 98600 || led != 50000+30000+12000+7500+7000-900 {
		t.Errorf("reconciliation: statement %d, ledger %d", stmt, led)
	}
	d = webtest.Doc(t, lb.Mgr.Get(rec.Header().Get("Location")))
	if got := d.Find(".notice.success").Text(); !strings.Contains(got, "Reconciled to 10 March 2026") || !strings.Contains(got, "£70.00 less than the ledger") {
		t.Errorf("reconciled notice %q", got)
	}
	if n := lb.F.AuditCount("acme", "bank.reconciled"); n != 1 {
		t.Errorf("%d reconciliation audit entries", n)
	}

	// Unmatching puts the line back.
	rec = lb.Mgr.Post(path+"/lines/"+cheque+"/unmatch", nil)
	if rec.Code != http.StatusSeeOther || lb.MatchedHow(t, cheque) != "" {
		t.Errorf("unmatch: %d", rec.Code)
	}
	if d := webtest.Doc(t, lb.Mgr.Get(path)); !strings.Contains(d.Find(".notice.warning").Text(), "1 unmatched line is dated on or before 10 March 2026") {
		t.Errorf("no warning about a reconciled period: %q", d.Find(".notice").Text())
	}
}

// TestBankReconcileManagersOnly: residents and staff who are not managers
// get 403 on every reconciliation screen and action, and change nothing.
func TestBankReconcileManagersOnly(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	path := lb.ReconcilePath()
	lb.ImportCSV(t, "march.csv", marchCSV)
	clerk := lb.F.AddStaff("acme", "Sam Staff", "sam@acme.example")
	alice := lb.F.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", lb.Ppl.Alice)
	sam := lb.F.Browser("acme." + webtest.Base)
	sam.SignInAs("acme", clerk)
	line := lb.LineID(t, "TRANSFER GROUND RENT FLAT 2", 0)
	for who, b := range map[string]*webtest.Browser{"a resident": alice, "staff who are not managers": sam} {
		for _, p := range []string{path, path + "/import", path + "/to-date"} {
			if rec := b.Get(p); rec.Code != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", who, p, rec.Code)
			}
		}
		for p, form := range map[string]url.Values{
			path + "/lines/" + line + "/receipt": {"unit": {lb.Ppl.FlatB.PublicID}},
			path + "/to-date":                    {"to": {"2026-03-01"}, "statement_balance": {"0"}},
			path + "/auto":                       nil,
		} {
			if rec := b.Post(p, form); rec.Code != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", who, p, rec.Code)
			}
		}
		if rec := b.Upload(path+"/import", nil, "march.csv", []byte(marchCSV)); rec.Code != http.StatusForbidden {
			t.Errorf("%s upload: %d, want 403", who, rec.Code)
		}
	}
	if lb.MatchedHow(t, line) != "" || lb.Count(`SELECT count(*) FROM bank_reconciliations`) != 0 || lb.Count(`SELECT count(*) FROM bank_imports`) != 1 {
		t.Errorf("a refused request changed something")
	}
}
