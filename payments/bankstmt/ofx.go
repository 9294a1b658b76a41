package bankstmt

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"porch/errs"
)

// Statement is one account's statement from an OFX file.
type Statement struct {
	BankID      string // for UK banks, usually the sort code
	BranchID    string
	AccountID   string // the account number (some banks prefix the sort code)
	AccountType string // CHECKING, SAVINGS, MONEYMRKT, CREDITLINE; CREDITCARD for card statements
	Currency    string // CURDEF, such as GBP

	Start, End time.Time // the period the transaction list covers, if given

	// LedgerBalance is the statement's closing (ledger) balance in pence,
	// as at LedgerBalanceDate; nil when the file has none.
	LedgerBalance     *int64
	LedgerBalanceDate time.Time

	Lines []Line // in file order, fingerprinted
}

// statementNames are the elements that hold one account's statement.
var statementNames = setOf("STMTRS", "CCSTMTRS")

// maxOFXProblems caps how many bad transactions an error lists.
const maxOFXProblems = 5

// ParseOFX reads an OFX file, 1.x (SGML, with its header block and
// unclosed value tags) or 2.x (XML), and returns its bank and credit card
// statements; a download from online banking holds one. Each statement's
// lines are fingerprinted on their own. A file that is not OFX, or has a
// transaction that cannot be read, is refused with an *errs.Error saying
// why, so nothing is half imported.
func ParseOFX(r io.Reader) ([]Statement, error) {
	text, err := readText(r)
	if err != nil {
		return nil, err
	}
	if k := kindOf(text); k != kindOFX {
		return nil, notStatementError(k)
	}
	root, err := parseOFXTree(text[indexOFXStart(text):])
	if err != nil {
		return nil, err
	}
	stmts := root.all(statementNames, nil)
	if len(stmts) == 0 {
		return nil, errs.E(errs.Invalid, noStatementMessage(root))
	}
	var out []Statement
	var problems []string
	for _, n := range stmts {
		st, p := readStatement(n)
		problems = append(problems, p...)
		out = append(out, st)
	}
	if len(problems) > 0 {
		more := ""
		if len(problems) > maxOFXProblems {
			more = fmt.Sprintf("; and %d more", len(problems)-maxOFXProblems)
			problems = problems[:maxOFXProblems]
		}
		return nil, errs.E(errs.Invalid, "Porch cannot read this OFX file: "+strings.Join(problems, "; ")+more+".")
	}
	return out, nil
}

// noStatementMessage explains an OFX file without a statement, using the
// bank's own status message when it reports an error.
func noStatementMessage(root *ofxNode) string {
	for _, st := range root.all(setOf("STATUS"), nil) {
		if code := st.value("CODE"); code != "" && code != "0" {
			msg := st.value("MESSAGE")
			if msg == "" {
				msg = "no message"
			}
			return fmt.Sprintf("The OFX file holds no statement; the bank reported error %s (%s).", shorten(code), shorten(msg))
		}
	}
	return "The OFX file holds no bank or credit card statement."
}

// readStatement reads one STMTRS or CCSTMTRS; problems name the
// transactions that could not be read.
func readStatement(n *ofxNode) (Statement, []string) {
	var problems []string
	acct := n.child("BANKACCTFROM")
	if acct == nil {
		acct = n.child("CCACCTFROM")
	}
	st := Statement{
		BankID:      acct.value("BANKID"),
		BranchID:    acct.value("BRANCHID"),
		AccountID:   acct.value("ACCTID"),
		AccountType: strings.ToUpper(acct.value("ACCTTYPE")),
		Currency:    strings.ToUpper(n.value("CURDEF")),
	}
	if n.name == "CCSTMTRS" && st.AccountType == "" {
		st.AccountType = "CREDITCARD"
	}
	list := n.child("BANKTRANLIST")
	if v := list.value("DTSTART"); v != "" {
		if d, p := parseOFXDate(v); p == "" {
			st.Start = d
		}
	}
	if v := list.value("DTEND"); v != "" {
		if d, p := parseOFXDate(v); p == "" {
			st.End = d
		}
	}
	if bal := n.child("LEDGERBAL"); bal != nil {
		if v := bal.value("BALAMT"); v != "" {
			if b, p := parseOFXAmount(v); p != "" {
				problems = append(problems, amountError("ledger balance", v, p).Error())
			} else {
				st.LedgerBalance = &b
			}
		}
		if d, p := parseOFXDate(bal.value("DTASOF")); p == "" {
			st.LedgerBalanceDate = d
		}
	}
	for i, t := range n.all(setOf("STMTTRN"), statementNames) {
		l, p := readTransaction(t)
		if p != "" {
			where := fmt.Sprintf("transaction %d", i+1)
			if l.FITID != "" {
				where += fmt.Sprintf(" (FITID %s)", shorten(l.FITID))
			}
			problems = append(problems, where+": "+p)
			continue
		}
		st.Lines = append(st.Lines, l)
	}
	AssignFingerprints(st.Lines)
	return st, problems
}

// readTransaction reads one STMTTRN.
func readTransaction(t *ofxNode) (Line, string) {
	l := Line{
		Type:         strings.ToUpper(t.value("TRNTYPE")),
		FITID:        t.value("FITID"),
		Counterparty: collapseSpace(t.value("NAME")),
		Reference:    collapseSpace(t.value("REFNUM")),
	}
	if l.Reference == "" {
		l.Reference = collapseSpace(t.value("CHECKNUM"))
	}
	l.Description = joinNameMemo(l.Counterparty, collapseSpace(t.value("MEMO")))

	date := t.value("DTPOSTED")
	label := "posted date"
	if date == "" {
		// DTPOSTED is required; a few banks give only the user's date.
		date, label = t.value("DTUSER"), "date"
	}
	d, p := parseOFXDate(date)
	if p != "" {
		return l, dateError(label, date, p).Error()
	}
	l.Date = d

	amt := t.value("TRNAMT")
	a, p := parseOFXAmount(amt)
	if p != "" {
		return l, amountError("amount", amt, p).Error()
	}
	l.Amount = a
	return l, ""
}

// joinNameMemo makes one description from OFX NAME (the payee, at most 32
// characters in OFX 1.x) and MEMO (often the rest of the bank's text).
func joinNameMemo(name, memo string) string {
	un, um := strings.ToUpper(name), strings.ToUpper(memo)
	switch {
	case memo == "":
		return name
	case name == "", strings.HasPrefix(um, un):
		return memo
	case strings.HasPrefix(un, um):
		return name
	}
	return name + " " + memo
}

// ofxDate is YYYYMMDD[HHMMSS[.XXX]][[gmt offset[:tz name]]]; hours and
// minutes without seconds are accepted too.
var ofxDate = regexp.MustCompile(`^(\d{8})(?:\d{4}(?:\d{2}(?:\.\d{1,6})?)?)?\s*(?:\[[^\]]*\])?$`)

// parseOFXDate returns the calendar date an OFX date/time names, as UTC
// midnight. The time and offset are ignored: a bank's posting date is a
// date where the bank is, whatever zone it writes.
func parseOFXDate(s string) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, "is empty"
	}
	m := ofxDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, "is not an OFX date (YYYYMMDD)"
	}
	t, err := time.Parse("20060102", m[1])
	if err != nil {
		return time.Time{}, "is not a real date"
	}
	if t.Year() < 1950 || t.Year() > 2200 {
		return time.Time{}, "is not a plausible date"
	}
	return t, ""
}

// parseOFXAmount reads TRNAMT or BALAMT. OFX amounts have no thousands
// separators and may use a comma as the decimal point.
func parseOFXAmount(s string) (int64, string) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ",") && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	if strings.Contains(s, ",") {
		return 0, "is not a number"
	}
	return parseAmount(s)
}
