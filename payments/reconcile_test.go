package payments

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/ledger"
	"porch/payments/bankstmt"
)

// bankBook is newBook's block with a client bank account and receipts
// recorded into it, as a manager would have typed them.
type bankBook struct {
	*book
	site, bank int64
	receipts   map[string]int64 // name -> journal id
}

func newBankBook(t *testing.T) *bankBook {
	t.Helper()
	bb := &bankBook{book: newBook(t), receipts: map[string]int64{}}
	bb.write(func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(bb.ctx, `SELECT site_id FROM units WHERE id = ?`, bb.units[0]).Scan(&bb.site); err != nil {
			return err
		}
		a, err := ledger.CreateBankAccount(bb.ctx, tx, t0, bb.site, ledger.BankAccountInput{Name: "Quay client account",
			SortCode: "60-83-71", AccountNumber: "12345678"})
		bb.bank = a.ID
		return err
	})
	bb.receipt("flat1", 0, "2026-03-05", 50000, "SMITH SC")
	bb.receipt("flat2", 1, "2026-03-06", 50000, "")
	return bb
}

func (bb *bankBook) write(fn func(tx *sql.Tx) error) {
	bb.t.Helper()
	if err := bb.db.Write(bb.ctx, fn); err != nil {
		bb.t.Fatal(err)
	}
}

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// receipt records money received from unit i into the bank account.
func (bb *bankBook) receipt(name string, i int, on string, amount int64, ref string) {
	bb.t.Helper()
	bb.write(func(tx *sql.Tx) error {
		id, err := ledger.RecordReceipt(bb.ctx, tx, t0, ledger.ReceiptInput{UnitID: bb.units[i], AccountID: bb.bank, Date: date(on),
			Amount: amount, Reference: ref})
		bb.receipts[name] = id
		return err
	})
}

// bankCharge posts money out of the bank to suspense, as a bank charge.
func (bb *bankBook) bankCharge(on string, amount int64) int64 {
	bb.t.Helper()
	var id int64
	bb.write(func(tx *sql.Tx) error {
		sus, err := ledger.AccountByCode(bb.ctx, tx, "9999")
		if err != nil {
			return err
		}
		id, _, err = ledger.Post(bb.ctx, tx, t0, ledger.Journal{Kind: ledger.KindExpense, Date: date(on), Description: "Bank charges",
			Lines: []ledger.Line{{AccountID: sus.ID, Amount: amount}, {AccountID: bb.bank, Amount: -amount}}})
		return err
	})
	return id
}

// statementCSV is the March statement: the two receipts (the first with
// the unit on the line, the second with only the payer's name), a transfer
// from Flat 3 nobody recorded, and a bank charge.
const statementCSV = `Date,Description,Amount,Balance
05/03/2026,J SMITH FLAT 1 SMITH SC,500.00,500.00
06/03/2026,FPI A BROWN,500.00,"1,000.00"
09/03/2026,FPI R RESIDENT FLAT 3,250.00,"1,250.00"
10/03/2026,ACCOUNT FEE,-5.00,"1,245.00"
`

func parseCSV(t *testing.T, text string) []bankstmt.Line {
	t.Helper()
	p, err := bankstmt.Sniff(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	lines, problems, err := bankstmt.ParseCSV(strings.NewReader(text), p.Mapping)
	if err != nil || len(problems) > 0 {
		t.Fatalf("parse: %v %v", err, problems)
	}
	return lines
}

func (bb *bankBook) importLines(name string, format bankstmt.Format, lines []bankstmt.Line) (ImportResult, []Pair) {
	bb.t.Helper()
	var r ImportResult
	var pairs []Pair
	bb.write(func(tx *sql.Tx) error {
		var err error
		if r, err = Import(bb.ctx, tx, t0, bb.bank, name, format, lines, bb.person); err != nil {
			return err
		}
		pairs, err = AutoMatch(bb.ctx, tx, t0, bb.bank, bb.person)
		return err
	})
	return r, pairs
}

func (bb *bankBook) line(text string) BankLine {
	bb.t.Helper()
	lines, _, err := Lines(bb.ctx, bb.db.Read(), bb.bank, LineFilter{})
	if err != nil {
		bb.t.Fatal(err)
	}
	for _, l := range lines {
		if strings.Contains(l.Description, text) {
			return l
		}
	}
	bb.t.Fatalf("no line %q", text)
	return BankLine{}
}

// TestReconcileStatementCSV is the test: a CSV with matching,
// unmatched and duplicate lines. The receipts are paired automatically,
// the unrecorded transfer becomes a receipt for its unit and is matched,
// importing the file again adds nothing, and the account can be
// reconciled only once every line is matched.
func TestReconcileStatementCSV(t *testing.T) {
	bb := newBankBook(t)
	r, pairs := bb.importLines("march.csv", bankstmt.FormatCSV, parseCSV(t, statementCSV))
	if r.New != 4 || r.Duplicates != 0 {
		t.Fatalf("first import: %+v", r)
	}
	got := map[string]int64{}
	for _, p := range pairs {
		got[p.Line.Description] = p.Candidate.JournalID
	}
	if len(pairs) != 2 || got["J SMITH FLAT 1 SMITH SC"] != bb.receipts["flat1"] || got["FPI A BROWN"] != bb.receipts["flat2"] {
		t.Fatalf("auto-matched %v, want the two receipts (%v)", got, bb.receipts)
	}
	if !pairs[0].ByReference {
		t.Errorf("the Flat 1 line names the unit and the payer's reference: %+v", pairs[0])
	}
	if l := bb.line("FLAT 1"); l.MatchedHow != MatchedAuto || l.JournalID != bb.receipts["flat1"] {
		t.Errorf("stored match %+v", l)
	}

	unmatched, total, err := UnmatchedWithSuggestions(bb.ctx, bb.db.Read(), bb.bank, 0)
	if err != nil || total != 2 || len(unmatched) != 2 {
		t.Fatalf("unmatched %d %v %+v", total, err, unmatched)
	}

	// Reconciling is refused while lines up to the date are unmatched.
	var rec Reconciliation
	err = bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
		_, err := Reconcile(bb.ctx, tx, t0.AddDate(0, 0, 10), bb.bank, date("2026-03-10"), 124500, bb.person)
		return err
	})
	if f := fields(t, err); !strings.Contains(f["to"], "2 statement lines up to 10 March 2026 are not matched") {
		t.Fatalf("reconcile with unmatched lines: %v", err)
	}

	// The transfer from Flat 3 becomes a receipt on Flat 3's account.
	flat3 := bb.line("FLAT 3")
	before := bb.balance(bb.units[2])
	var receipt int64
	bb.write(func(tx *sql.Tx) error {
		var err error
		_, receipt, err = CreateReceiptFromLine(bb.ctx, tx, t0, bb.bank, flat3.PublicID, bb.units[2], bb.person)
		return err
	})
	if after := bb.balance(bb.units[2]); after != before-25000 {
		t.Errorf("Flat 3 balance %d -> %d, want 250.00 less", before, after)
	}
	if l := bb.line("FLAT 3"); l.MatchedHow != MatchedCreated || l.JournalID != receipt {
		t.Errorf("line after the receipt %+v", l)
	}
	var ref, jdate string
	var intoBank int64
	if err := bb.db.ReadPool().QueryRow(`SELECT j.reference, j.date, p.amount FROM journals j JOIN postings p ON p.journal_id = j.id
		WHERE j.id = ? AND p.account_id = ?`, receipt, bb.bank).Scan(&ref, &jdate, &intoBank); err != nil {
		t.Fatal(err)
	}
	if jdate != "2026-03-09" || intoBank != 25000 || !strings.Contains(ref, "FLAT 3") {
		t.Errorf("receipt %s %d %q", jdate, intoBank, ref)
	}

	// The same file again adds nothing; an overlapping later file adds
	// only its new line.
	r, _ = bb.importLines("march.csv", bankstmt.FormatCSV, parseCSV(t, statementCSV))
	if r.New != 0 || r.Duplicates != 4 {
		t.Fatalf("re-import: %+v", r)
	}
	later := "Date,Description,Amount\n10/03/2026,ACCOUNT FEE,-5.00\n12/03/2026,FPI A BROWN,40.00\n"
	r, _ = bb.importLines("to-12-march.csv", bankstmt.FormatCSV, parseCSV(t, later))
	if r.New != 1 || r.Duplicates != 1 {
		t.Fatalf("overlapping import: %+v", r)
	}
	if n := bb.count(`SELECT count(*) FROM bank_lines`); n != 5 {
		t.Fatalf("%d lines stored, want 5", n)
	}
	if n := bb.count(`SELECT count(*) FROM bank_imports WHERE account_id = ?`, bb.bank); n != 3 {
		t.Errorf("%d imports recorded, want 3", n)
	}

	// The fee is matched by hand: an entry of another amount is refused.
	wrong := bb.bankCharge("2026-03-10", 600)
	fee := bb.bankCharge("2026-03-10", 500)
	feeLine := bb.line("ACCOUNT FEE")
	err = bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
		_, _, err := MatchManually(bb.ctx, tx, t0, bb.bank, feeLine.PublicID, publicID(t, bb, wrong), bb.person)
		return err
	})
	if f := fields(t, err); !strings.Contains(f["journal"], "the statement line is £5.00 paid out and the entry is £6.00 paid out") {
		t.Fatalf("unequal manual match: %v", err)
	}
	if l := bb.line("ACCOUNT FEE"); l.Matched() {
		t.Fatalf("a refused match was stored: %+v", l)
	}
	bb.write(func(tx *sql.Tx) error {
		_, _, err := MatchManually(bb.ctx, tx, t0, bb.bank, feeLine.PublicID, publicID(t, bb, fee), bb.person)
		return err
	})
	if l := bb.line("ACCOUNT FEE"); l.MatchedHow != MatchedManual || l.JournalID != fee || l.MatchedBy != "Rita Resident" {
		t.Errorf("manual match %+v", l)
	}

	// Every line up to 10 March is matched now; the 12 March one is not.
	bb.write(func(tx *sql.Tx) error {
		var err error
		rec, err = Reconcile(bb.ctx, tx, t0.AddDate(0, 0, 10), bb.bank, date("2026-03-10"), 124500, bb.person)
		return err
	})
	// The ledger holds the wrong £6 charge too, which is not on the statement.
	if rec.LedgerBalance != 50000+50000+25000-500-600 || rec.Difference() != 600 {
		t.Errorf("reconciliation %+v", rec)
	}
	n, sum, err := Uncleared(bb.ctx, bb.db.Read(), bb.bank, date("2026-03-10"))
	if err != nil || n != 1 || sum != -600 {
		t.Errorf("uncleared %d %d %v", n, sum, err)
	}
	err = bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
		_, err := Reconcile(bb.ctx, tx, t0.AddDate(0, 0, 10), bb.bank, date("2026-03-12"), 128500, bb.person)
		return err
	})
	if f := fields(t, err); !strings.Contains(f["to"], "1 statement line up to 12 March 2026 is not matched") {
		t.Errorf("reconcile past an unmatched line: %v", err)
	}
	rs, err := Reconciliations(bb.ctx, bb.db.Read(), bb.bank, 0)
	if err != nil || len(rs) != 1 || !rs[0].To.Equal(date("2026-03-10")) || rs[0].StatementBalance != 124500 || rs[0].By != "Rita Resident" {
		t.Errorf("reconciliations %+v %v", rs, err)
	}
}

func (bb *bankBook) count(query string, args ...any) int {
	bb.t.Helper()
	var n int
	if err := bb.db.ReadPool().QueryRow(query, args...).Scan(&n); err != nil {
		bb.t.Fatal(err)
	}
	return n
}

func publicID(t *testing.T, bb *bankBook, journalID int64) string {
	t.Helper()
	var id string
	if err := bb.db.ReadPool().QueryRow(`SELECT public_id FROM journals WHERE id = ?`, journalID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// fields returns the field messages of a refusal, failing the test for
// anything else.
func fields(t *testing.T, err error) errs.Fields {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("want a refusal with field messages, got %v", err)
	}
	return e.Fields
}

const statementOFX = `OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>GBP
<BANKACCTFROM><BANKID>608371<ACCTID>60837112345678<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260301<DTEND>20260331
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260305<TRNAMT>500.00<FITID>T1<NAME>J SMITH<MEMO>FLAT 1</STMTTRN>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260307<TRNAMT>500.00<FITID>T2<NAME>A BROWN<MEMO>FLAT 2</STMTTRN>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260307<TRNAMT>500.00<FITID>T3<NAME>A BROWN<MEMO>FLAT 2</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>1500.00<DTASOF>20260331</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
`

// TestReconcileOFX imports an OFX statement: lines are known by the
// bank's FITID, so a second import adds nothing even though two lines are
// identical but for it; of those two, neither is guessed at.
func TestReconcileOFX(t *testing.T) {
	bb := newBankBook(t)
	stmts, err := bankstmt.ParseOFX(strings.NewReader(statementOFX))
	if err != nil || len(stmts) != 1 {
		t.Fatal(stmts, err)
	}
	r, pairs := bb.importLines("march.ofx", bankstmt.FormatOFX, stmts[0].Lines)
	if r.New != 3 || r.Duplicates != 0 {
		t.Fatalf("import %+v", r)
	}
	// Flat 1 pairs; Flat 2's receipt has two equally good lines on 7
	// March, so both are left for a person, each suggesting the receipt.
	if len(pairs) != 1 || pairs[0].Candidate.JournalID != bb.receipts["flat1"] {
		t.Fatalf("pairs %+v", pairs)
	}
	un, _, err := UnmatchedWithSuggestions(bb.ctx, bb.db.Read(), bb.bank, 0)
	if err != nil || len(un) != 2 {
		t.Fatalf("unmatched %+v %v", un, err)
	}
	for _, u := range un {
		if !u.Ambiguous || len(u.Suggestions) != 1 || u.Suggestions[0].JournalID != bb.receipts["flat2"] {
			t.Errorf("suggestions for %s: %+v", u.Line.PublicID, u)
		}
		if !strings.Contains(strings.Join(u.Suggestions[0].References, "|"), "Flat 2") {
			t.Errorf("the receipt's references %v lack its unit", u.Suggestions[0].References)
		}
	}
	r, _ = bb.importLines("march (1).ofx", bankstmt.FormatOFX, stmts[0].Lines)
	if r.New != 0 || r.Duplicates != 3 {
		t.Fatalf("re-import %+v", r)
	}
	imps, err := Imports(bb.ctx, bb.db.Read(), bb.bank, 10)
	if err != nil || len(imps) != 2 || imps[0].Filename != "march (1).ofx" || imps[1].New != 3 || imps[1].Unmatched != 2 {
		t.Errorf("imports %+v %v", imps, err)
	}
}

// TestCandidates checks what the ledger offers for matching: receipts in,
// payouts out with their sign, a reversal with the references of what it
// reverses, and nothing once matched or from another account.
func TestCandidates(t *testing.T) {
	bb := newBankBook(t)
	charge := bb.bankCharge("2026-03-08", 1250)
	var reversal int64
	bb.write(func(tx *sql.Tx) error {
		var err error
		reversal, err = ledger.Reverse(bb.ctx, tx, t0, bb.receipts["flat1"], date("2026-03-09"), "Cheque bounced", 0)
		return err
	})
	cs, err := Candidates(bb.ctx, bb.db.Read(), bb.bank, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]Candidate{}
	for _, c := range cs {
		byID[c.JournalID] = c
	}
	if len(cs) != 4 {
		t.Fatalf("candidates %+v", cs)
	}
	inv := bb.invoiceNumber(bb.units[0])
	if c := byID[bb.receipts["flat1"]]; c.Amount != 50000 || c.match().Kind != bankstmt.KindReceipt ||
		!hasAll(c.References, "SMITH SC", "Flat 1", inv, "INV-"+inv) || !c.Date.Equal(date("2026-03-05")) {
		t.Errorf("receipt %+v", c)
	}
	if c := byID[charge]; c.Amount != -1250 || c.match().Kind != bankstmt.KindSupplierPayment {
		t.Errorf("charge %+v", c)
	}
	if c := byID[reversal]; c.Amount != -50000 || !hasAll(c.References, "SMITH SC", "Flat 1", inv) {
		t.Errorf("reversal %+v", c)
	}
	cs, _ = Candidates(bb.ctx, bb.db.Read(), bb.bank, date("2026-03-06"), date("2026-03-08"))
	if len(cs) != 2 {
		t.Errorf("dated 6 to 8 March: %+v", cs)
	}
}

func (bb *bankBook) invoiceNumber(unit int64) string {
	bb.t.Helper()
	var n string
	if err := bb.db.ReadPool().QueryRow(`SELECT number FROM invoices WHERE unit_id = ?`, unit).Scan(&n); err != nil {
		bb.t.Fatal(err)
	}
	return n
}

func hasAll(have []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			found = found || h == w
		}
		if !found {
			return false
		}
	}
	return true
}

// TestUnmatchAndRefusals: an automatic match can be undone and found
// again; a receipt is refused for money out, a unit of another site and a
// matched line; a journal cannot be matched twice.
func TestUnmatchAndRefusals(t *testing.T) {
	bb := newBankBook(t)
	bb.importLines("march.csv", bankstmt.FormatCSV, parseCSV(t, statementCSV))
	flat1 := bb.line("FLAT 1")
	bb.write(func(tx *sql.Tx) error {
		_, err := Unmatch(bb.ctx, tx, bb.bank, flat1.PublicID)
		return err
	})
	if l := bb.line("FLAT 1"); l.Matched() || l.MatchedHow != "" {
		t.Fatalf("unmatched line %+v", l)
	}
	// Matching by hand to a journal another line holds is refused.
	err := bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
		_, _, err := MatchManually(bb.ctx, tx, t0, bb.bank, flat1.PublicID, publicID(t, bb, bb.receipts["flat2"]), bb.person)
		return err
	})
	if f := fields(t, err); !strings.Contains(f["journal"], "already matched to another statement line") {
		t.Errorf("match to a taken journal: %v", err)
	}
	var pairs []Pair
	bb.write(func(tx *sql.Tx) error {
		var err error
		pairs, err = AutoMatch(bb.ctx, tx, t0, bb.bank, 0)
		return err
	})
	if len(pairs) != 1 || pairs[0].Line.ID != flat1.ID {
		t.Errorf("matched again: %+v", pairs)
	}

	var otherUnit int64
	bb.write(func(tx *sql.Tx) error {
		site, err := estate.CreateSite(bb.ctx, tx, estate.SiteInput{Name: "Elsewhere", Kind: estate.KindBlock,
			AddressLine1: "2 Dock Road", Town: "Bristol", Postcode: "BS1 5AA"}, t0)
		if err != nil {
			return err
		}
		u, err := estate.CreateUnit(bb.ctx, tx, site.ID, estate.UnitInput{Name: "Flat 9"}, t0)
		otherUnit = u.ID
		return err
	})
	journals := bb.count(`SELECT count(*) FROM journals`)
	try := func(text string, unit int64) error {
		return bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
			_, _, err := CreateReceiptFromLine(bb.ctx, tx, t0, bb.bank, bb.line(text).PublicID, unit, bb.person)
			return err
		})
	}
	if f := fields(t, try("ACCOUNT FEE", bb.units[0])); !strings.Contains(f["form"], "Only money paid in") {
		t.Errorf("receipt from money out: %v", f)
	}
	if f := fields(t, try("FLAT 3", otherUnit)); !strings.Contains(f["unit"], "this account's site") {
		t.Errorf("receipt for another site's unit: %v", f)
	}
	if err := try("FLAT 1", bb.units[0]); !errs.Is(err, errs.Conflict) {
		t.Errorf("receipt from a matched line: %v", err)
	}
	if n := bb.count(`SELECT count(*) FROM journals`); n != journals {
		t.Errorf("refusals posted %d journals", n-journals)
	}
	if _, err := GetLine(bb.ctx, bb.db.Read(), bb.bank+1, flat1.PublicID); !errs.Is(err, errs.NotFound) {
		t.Errorf("a line read through another account: %v", err)
	}
}
