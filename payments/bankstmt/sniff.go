package bankstmt

import (
	"fmt"
	"io"
	"strings"

	"porch/errs"
)

// PreviewRows is how many rows of data Sniff returns for the mapping step.
const PreviewRows = 10

// sniffRows is how many records Sniff reads to make its guesses.
const sniffRows = 300

// maxColumns is the widest file Sniff will guess about; bank exports have
// a handful of columns (Monzo's, among the widest, has 18).
const maxColumns = 100

// Preview is what the column-mapping step shows: the file's columns, its
// first rows, and a guessed Mapping for the person to confirm or correct.
type Preview struct {
	Headers []string   // the header row, or "Column 1", "Column 2", ... when there is none
	Rows    [][]string // the first rows of data, cleaned, each as wide as Headers
	Mapping Mapping    // the guess; it may leave columns unset when unsure
	Bank    string     // the bank whose export this looks like, or ""
}

// Sniff reads the start of a CSV export and guesses its delimiter (comma,
// semicolon, tab or pipe), any preamble rows to skip, whether it has a
// header row, which column holds what, and the date format.
func Sniff(r io.Reader) (*Preview, error) {
	text, err := readText(r)
	if err != nil {
		return nil, err
	}
	if k := kindOf(text); k != kindText {
		return nil, notStatementError(k)
	}
	delim, recs := guessDelimiter(text)
	if delim == 0 {
		return nil, errs.E(errs.Invalid, "Porch could not find columns in this file. Is it a CSV export of a bank statement?")
	}
	width := modalWidth(recs)
	if width > maxColumns {
		return nil, errs.E(errs.Invalid, fmt.Sprintf("The file has %d columns, too many for a bank statement export.", width))
	}

	m := Mapping{Delimiter: delim}
	var header []string
	data := recs
	headerAt := -1
	for i := 0; i < len(recs) && i < 30; i++ {
		g := headerRoles(recs[i].fields)
		if g.Date > 0 && (g.Amount > 0 || g.Credit > 0 || g.Debit > 0) {
			headerAt = i
			g.Delimiter = delim
			m = g
			break
		}
	}
	if headerAt >= 0 {
		m.HasHeader = true
		m.SkipRows = headerAt
		header = recs[headerAt].fields
		data = recs[headerAt+1:]
		width = min(max(width, len(header)), maxColumns)
	} else {
		for i, rec := range recs {
			if len(rec.fields) == width && looksLikeData(rec.fields) {
				m.SkipRows = i
				data = recs[i:]
				break
			}
		}
	}
	guessByContent(&m, data, width)
	if m.Date > 0 {
		samples := make([]string, 0, len(data))
		for _, rec := range data {
			samples = append(samples, cell(rec.fields, m.Date))
		}
		m.DateFormat, _ = guessDateFormat(samples)
	}

	p := &Preview{Mapping: m}
	for i := range width {
		h := cell(header, i+1)
		if h == "" {
			h = fmt.Sprintf("Column %d", i+1)
		}
		p.Headers = append(p.Headers, h)
	}
	for _, rec := range data[:min(len(data), PreviewRows)] {
		row := make([]string, width)
		for i := range row {
			row[i] = cell(rec.fields, i+1)
		}
		p.Rows = append(p.Rows, row)
	}
	p.Bank = bankOf(header)
	return p, nil
}

// guessDelimiter reads the start of text with each delimiter and keeps the
// one that gives the most rows of the same width (two columns or more);
// ties go to comma, then semicolon, tab and pipe.
func guessDelimiter(text string) (rune, []record) {
	var best rune
	var bestRecs []record
	bestScore := 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		recs, _ := readRecords(text, d, sniffRows)
		w := modalWidth(recs)
		if w < 2 {
			continue
		}
		score := 0
		for _, r := range recs {
			if len(r.fields) == w {
				score++
			}
		}
		if score > bestScore {
			best, bestRecs, bestScore = d, recs, score
		}
	}
	return best, bestRecs
}

// modalWidth is the commonest number of fields among records with at
// least two; the widest wins a tie.
func modalWidth(recs []record) int {
	counts := map[int]int{}
	for _, r := range recs {
		if len(r.fields) >= 2 {
			counts[len(r.fields)]++
		}
	}
	best, bestN := 0, 0
	for w, n := range counts {
		if n > bestN || (n == bestN && w > best) {
			best, bestN = w, n
		}
	}
	return best
}

// looksLikeData reports a record with a date in one cell and an amount in
// another: the first transaction of a file without a header.
func looksLikeData(fields []string) bool {
	for i, f := range fields {
		if !looksLikeDate(f) {
			continue
		}
		for j, g := range fields {
			if j == i || blankAmount(g) {
				continue
			}
			if _, p := parseAmount(g); p == "" {
				return true
			}
		}
	}
	return false
}

// headerAliases are the column names UK bank exports use, normalised by
// normaliseHeader, best first for each role.
var headerAliases = []struct {
	role    string
	aliases []string
}{
	{"date", []string{"date", "transaction date", "posting date", "posted date", "booking date", "date posted", "trans date", "completed date", "value date", "started date"}},
	{"fitid", []string{"transaction id", "fitid", "transaction number", "id"}},
	{"amount", []string{"amount", "value", "transaction amount", "net amount"}},
	{"credit", []string{"paid in", "credit amount", "credit", "money in", "credits", "in", "receipts", "deposits", "deposit"}},
	{"debit", []string{"paid out", "debit amount", "debit", "money out", "debits", "out", "payments", "withdrawals", "withdrawal"}},
	{"balance", []string{"balance", "running balance", "account balance", "closing balance"}},
	{"reference", []string{"reference", "payment reference", "ref", "your reference", "customer reference", "notes and tags"}},
	{"counterparty", []string{"counter party", "counterparty", "name", "payee", "payer", "merchant", "payee name", "payer name"}},
	{"description", []string{"description", "transaction description", "details", "transaction details", "memo", "narrative", "transactions", "particulars", "payment details"}},
	{"type", []string{"type", "transaction type", "subcategory", "trans type", "tran type"}},
}

// normaliseHeader reduces a column name to lower-case words, without the
// currency: "Amount (GBP)" and "Paid in (£)" become "amount" and "paid in".
func normaliseHeader(s string) string {
	words := strings.FieldsFunc(strings.ToLower(cleanCell(s)), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	out := words[:0]
	for _, w := range words {
		if w != "gbp" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// headerRoles maps the columns of a header row to roles by name.
func headerRoles(fields []string) Mapping {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = normaliseHeader(f)
	}
	taken := map[int]bool{}
	var m Mapping
	for _, h := range headerAliases {
		col := 0
	search:
		for _, a := range h.aliases {
			for i, n := range names {
				if n == a && !taken[i+1] {
					col = i + 1
					break search
				}
			}
		}
		if col == 0 {
			continue
		}
		taken[col] = true
		switch h.role {
		case "date":
			m.Date = col
		case "fitid":
			m.FITID = col
		case "amount":
			m.Amount = col
		case "credit":
			m.Credit = col
		case "debit":
			m.Debit = col
		case "balance":
			m.Balance = col
		case "reference":
			m.Reference = col
		case "counterparty":
			m.Counterparty = col
		case "description":
			m.Description = col
		case "type":
			m.Type = col
		}
	}
	// Monzo has both a signed Amount and Money In/Out; the signed one is
	// enough.
	if m.Amount > 0 {
		m.Credit, m.Debit = 0, 0
	}
	return m
}

// guessByContent fills the roles a header did not name by what the
// columns hold: dates, amounts (dense ones are amounts and balances,
// sparse pairs are paid out then paid in, the usual UK order), and the
// longest text as the description.
func guessByContent(m *Mapping, data []record, width int) {
	data = data[:min(len(data), sniffRows)]
	if len(data) == 0 {
		return
	}
	taken := map[int]bool{}
	for _, c := range []int{m.Date, m.Description, m.Reference, m.Counterparty, m.Type, m.FITID, m.Amount, m.Credit, m.Debit, m.Balance} {
		if c > 0 {
			taken[c] = true
		}
	}
	type stats struct{ filled, dates, amounts, textLen int }
	cols := make([]stats, width+1)
	for _, rec := range data {
		for c := 1; c <= width; c++ {
			v := cell(rec.fields, c)
			if blankAmount(v) {
				continue
			}
			s := &cols[c]
			s.filled++
			s.textLen += len(v)
			if looksLikeDate(v) {
				s.dates++
			} else if _, p := parseAmount(v); p == "" {
				s.amounts++
			}
		}
	}
	n := len(data)
	if m.Date == 0 {
		for c := 1; c <= width; c++ {
			if s := cols[c]; !taken[c] && s.filled*2 >= n && s.dates*10 >= s.filled*9 {
				m.Date = c
				taken[c] = true
				break
			}
		}
	}
	if m.Amount == 0 && m.Credit == 0 && m.Debit == 0 {
		var dense, sparse []int
		for c := 1; c <= width; c++ {
			s := cols[c]
			if taken[c] || s.filled == 0 || s.amounts*10 < s.filled*9 {
				continue
			}
			if s.filled*10 >= n*9 {
				dense = append(dense, c)
			} else {
				sparse = append(sparse, c)
			}
		}
		switch {
		case len(sparse) >= 2:
			m.Debit, m.Credit = sparse[0], sparse[1]
			if len(dense) > 0 && m.Balance == 0 {
				m.Balance = dense[len(dense)-1]
			}
		case len(dense) >= 1:
			m.Amount = dense[0]
			if len(dense) >= 2 && m.Balance == 0 {
				m.Balance = dense[len(dense)-1]
			}
		}
		for _, c := range []int{m.Amount, m.Credit, m.Debit, m.Balance} {
			taken[c] = true
		}
	}
	if m.Description == 0 && m.Counterparty == 0 {
		best, bestLen := 0, 0
		for c := 1; c <= width; c++ {
			s := cols[c]
			if taken[c] || s.filled == 0 || s.dates+s.amounts == s.filled {
				continue
			}
			if s.textLen > bestLen {
				best, bestLen = c, s.textLen
			}
		}
		m.Description = best
	}
}

// bankSignatures are header sets that identify a bank's export.
var bankSignatures = []struct {
	bank    string
	headers []string
}{
	{"Monzo", []string{"transaction id", "date", "emoji", "amount"}},
	{"Starling", []string{"date", "counter party", "reference", "spending category"}},
	{"Barclays", []string{"number", "date", "account", "amount", "subcategory", "memo"}},
	{"Lloyds, Halifax, Bank of Scotland or TSB", []string{"transaction date", "transaction type", "sort code", "account number", "transaction description", "debit amount", "credit amount"}},
	{"NatWest, RBS or Ulster Bank", []string{"date", "type", "description", "value", "balance", "account name", "account number"}},
	{"Nationwide", []string{"date", "transaction type", "description", "paid out", "paid in", "balance"}},
}

// bankOf names the bank whose export has these headers, or "".
func bankOf(header []string) string {
	have := map[string]bool{}
	for _, h := range header {
		have[normaliseHeader(h)] = true
	}
	for _, s := range bankSignatures {
		all := true
		for _, h := range s.headers {
			all = all && have[h]
		}
		if all {
			return s.bank
		}
	}
	return ""
}
