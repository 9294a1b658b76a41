package bankstmt

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode"

	"porch/errs"
)

// Mapping says where a CSV export keeps each part of a line. Columns are
// numbered from 1, as a person counts them in the mapping step; 0 means
// the file has no such column. The zero Mapping is not usable; Sniff
// guesses one for the person to confirm, and the app can keep the
// confirmed Mapping per bank account (it is plain JSON) for next month.
type Mapping struct {
	Delimiter  rune   `json:"delimiter"`   // ',', ';', '\t' or '|'; 0 means ','
	HasHeader  bool   `json:"has_header"`  // the first row after SkipRows names the columns
	SkipRows   int    `json:"skip_rows"`   // rows before the header (or the first line) to ignore, not counting blank rows
	DateFormat string `json:"date_format"` // a Layout from DateFormats; "" guesses from the file

	Date         int `json:"date"`
	Description  int `json:"description"`
	Reference    int `json:"reference"`
	Counterparty int `json:"counterparty"`
	Type         int `json:"type"`
	FITID        int `json:"fitid"` // the bank's own transaction id, if the export has one

	// Either Amount (signed, + money in) or Credit and/or Debit ("paid in"
	// and "paid out", usually both unsigned) must be set.
	Amount  int `json:"amount"`
	Credit  int `json:"credit"`
	Debit   int `json:"debit"`
	Balance int `json:"balance"`

	// Negate flips every amount, for exports written from the bank's side
	// (card statements, where spending is positive).
	Negate bool `json:"negate,omitempty"`
}

func (m Mapping) delimiter() rune {
	if m.Delimiter == 0 {
		return ','
	}
	return m.Delimiter
}

// Validate checks the mapping on its own. ParseCSV also checks it against
// the columns the file has.
func (m Mapping) Validate() error { return m.validate(0) }

// validate checks m, and when width > 0 that every column is within it.
// Messages are keyed by the Mapping's JSON names so a form can show each
// next to its field.
func (m Mapping) validate(width int) error {
	f := errs.Fields{}
	switch m.Delimiter {
	case 0, ',', ';', '\t', '|':
	default:
		f.Add("delimiter", "Choose comma, semicolon, tab or pipe.")
	}
	if m.SkipRows < 0 || m.SkipRows > 1000 {
		f.Add("skip_rows", "Enter a number of rows from 0 to 1000.")
	}
	if m.DateFormat != "" && !knownLayout(m.DateFormat) {
		f.Add("date_format", "Choose a date format from the list.")
	}
	cols := []struct {
		name, label string
		col         int
	}{
		{"date", "date", m.Date},
		{"amount", "amount", m.Amount},
		{"credit", "paid in", m.Credit},
		{"debit", "paid out", m.Debit},
		{"balance", "balance", m.Balance},
		{"description", "description", m.Description},
		{"reference", "reference", m.Reference},
		{"counterparty", "counterparty", m.Counterparty},
		{"type", "type", m.Type},
		{"fitid", "transaction id", m.FITID},
	}
	// The date and the money columns must be distinct; text columns may
	// share (a bank that puts payer and reference in one column).
	used := map[int]string{}
	for i, c := range cols {
		switch {
		case c.col < 0:
			f.Add(c.name, "Choose a column from the list.")
		case width > 0 && c.col > width:
			f.Add(c.name, fmt.Sprintf("The file has only %d columns.", width))
		case c.col > 0 && i < 5:
			if other, ok := used[c.col]; ok {
				f.Add(c.name, fmt.Sprintf("This is the same column as the %s.", other))
			}
			used[c.col] = c.label
		}
	}
	if m.Date == 0 {
		f.Add("date", "Choose the column with the date.")
	}
	if m.Amount == 0 && m.Credit == 0 && m.Debit == 0 {
		f.Add("amount", "Choose the amount column, or the paid in and paid out columns.")
	}
	if m.Amount != 0 && (m.Credit != 0 || m.Debit != 0) {
		f.Add("amount", "Choose either one amount column or the paid in and paid out columns, not both.")
	}
	return f.Err()
}

// RowError is a problem with one row of a CSV file. Import carries on past
// it, so the person sees every problem at once.
type RowError struct {
	Row    int    // the row in the file, from 1, as a spreadsheet numbers it
	Column int    // the column, from 1, or 0 when the problem is the whole row
	Msg    string // "the amount 'abc' is not a number"
}

func (e RowError) Error() string { return fmt.Sprintf("row %d: %s", e.Row, e.Msg) }

// maxRowErrors stops a file whose every row fails (a wrong mapping) from
// producing thousands of messages.
const maxRowErrors = 200

// ParseCSV reads the lines of a CSV export with the given mapping. Rows
// that cannot be read are reported as RowErrors and left out; the rest are
// returned, fingerprinted. err is for the file as a whole: unreadable, not
// a CSV, or a mapping that does not fit it (an *errs.Error with fields).
func ParseCSV(r io.Reader, m Mapping) (lines []Line, rowErrs []RowError, err error) {
	if err := m.validate(0); err != nil {
		return nil, nil, err
	}
	text, err := readText(r)
	if err != nil {
		return nil, nil, err
	}
	if k := kindOf(text); k != kindText {
		return nil, nil, notStatementError(k)
	}
	recs, rowErrs := readRecords(text, m.delimiter(), 0)
	if len(recs) <= m.SkipRows {
		msg := "The file has no rows."
		if m.SkipRows > 0 {
			msg = fmt.Sprintf("The file has no rows after the %d rows skipped.", m.SkipRows)
		}
		return nil, rowErrs, errs.E(errs.Invalid, msg)
	}
	recs = recs[m.SkipRows:]
	width := 0
	if m.HasHeader {
		width = len(recs[0].fields)
		recs = recs[1:]
	}
	for _, rec := range recs {
		width = max(width, len(rec.fields))
	}
	if err := m.validate(width); err != nil {
		return nil, rowErrs, err
	}
	layout := m.DateFormat
	if layout == "" {
		samples := make([]string, 0, len(recs))
		for _, rec := range recs {
			samples = append(samples, cell(rec.fields, m.Date))
		}
		var ok bool
		if layout, ok = guessDateFormat(samples); !ok {
			f := errs.Fields{}
			f.Add("date_format", fmt.Sprintf("Column %d does not hold dates Porch recognises; check the date column or choose the date format.", m.Date))
			return nil, rowErrs, f.Err()
		}
	}
	for _, rec := range recs {
		l, problems, skip := m.line(rec, layout)
		rowErrs = append(rowErrs, problems...)
		if len(rowErrs) > maxRowErrors {
			return nil, rowErrs[:maxRowErrors], errs.E(errs.Invalid, fmt.Sprintf("More than %d rows could not be read; check the column mapping and the date format.", maxRowErrors))
		}
		if skip || len(problems) > 0 {
			continue
		}
		lines = append(lines, l)
	}
	AssignFingerprints(lines)
	return lines, rowErrs, nil
}

// balanceRow matches the descriptions banks give rows that carry a balance
// and no transaction.
var balanceRow = regexp.MustCompile(`(?i)\b(brought forward|carried forward|opening balance|closing balance|start balance|end balance|balance b/?f|balance c/?f)\b`)

// line turns one record into a Line. skip is set for rows that are not
// transactions (a "balance brought forward" row with no amount).
func (m Mapping) line(rec record, layout string) (l Line, problems []RowError, skip bool) {
	f := rec.fields
	bad := func(col int, msg string) {
		problems = append(problems, RowError{Row: rec.line, Column: col, Msg: msg})
	}
	l.Description = collapseSpace(cell(f, m.Description))
	l.Reference = collapseSpace(cell(f, m.Reference))
	l.Counterparty = collapseSpace(cell(f, m.Counterparty))
	l.Type = collapseSpace(cell(f, m.Type))
	l.FITID = cell(f, m.FITID)
	if l.Description == "" {
		l.Description = l.Counterparty
	}

	amountCols := []int{m.Amount}
	if m.Amount == 0 {
		amountCols = []int{m.Credit, m.Debit}
	}
	blank := true
	for _, c := range amountCols {
		if !blankAmount(cell(f, c)) {
			blank = false
		}
	}
	if blank && balanceRow.MatchString(l.Description+" "+l.Type) {
		return l, nil, true
	}
	if m.Date > len(f) {
		bad(0, fmt.Sprintf("has only %d columns, but the date is in column %d", len(f), m.Date))
		return l, problems, false
	}
	if m.Amount > len(f) {
		bad(0, fmt.Sprintf("has only %d columns, but the amount is in column %d", len(f), m.Amount))
		return l, problems, false
	}

	if d, p := parseDate(cell(f, m.Date), layout); p != "" {
		bad(m.Date, dateError("date", cell(f, m.Date), p).Error())
	} else {
		l.Date = d
	}

	if m.Amount != 0 {
		v := cell(f, m.Amount)
		if a, p := parseAmount(v); p != "" {
			bad(m.Amount, amountError("amount", v, p).Error())
		} else {
			l.Amount = a
		}
	} else {
		in, out := cell(f, m.Credit), cell(f, m.Debit)
		var inV, outV int64
		ok := true
		if !blankAmount(in) {
			var p string
			if inV, p = parseAmount(in); p != "" {
				bad(m.Credit, amountError("paid in amount", in, p).Error())
				ok = false
			}
		}
		if !blankAmount(out) {
			var p string
			if outV, p = parseAmount(out); p != "" {
				bad(m.Debit, amountError("paid out amount", out, p).Error())
				ok = false
			}
		}
		switch {
		case !ok:
		case blank:
			bad(0, "there is no amount in paid in or paid out")
		case inV != 0 && outV != 0:
			bad(0, fmt.Sprintf("both paid in (%s) and paid out (%s) have amounts", shorten(in), shorten(out)))
		default:
			// Paid out is usually unsigned; some banks write it negative.
			if outV > 0 {
				outV = -outV
			}
			l.Amount = inV + outV
		}
	}
	if m.Negate {
		l.Amount = -l.Amount
	}

	if v := cell(f, m.Balance); m.Balance != 0 && !blankAmount(v) {
		if b, p := parseAmount(v); p != "" {
			bad(m.Balance, amountError("balance", v, p).Error())
		} else {
			l.Balance = &b
		}
	}
	return l, problems, false
}

// collapseSpace turns the runs of padding banks put in descriptions
// (fixed-width fields, tabs) into single spaces.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// blankAmount reports an empty money cell; some banks write a dash.
func blankAmount(s string) bool {
	s = cleanCell(s)
	return s == "" || s == "-" || s == "\u2013" || s == "\u2014"
}

// cell returns column col (from 1) of a record, cleaned, or "".
func cell(fields []string, col int) string {
	if col < 1 || col > len(fields) {
		return ""
	}
	return cleanCell(fields[col-1])
}

// record is one non-blank CSV record and the file row it starts on.
type record struct {
	line   int
	fields []string
}

// readRecords reads the non-blank records of text (up to limit, if > 0).
// Malformed rows become RowErrors.
func readRecords(text string, delim rune, limit int) ([]record, []RowError) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.TrimLeadingSpace = delim != '\t'
	cr.ReuseRecord = false
	var recs []record
	var problems []RowError
	for limit <= 0 || len(recs) < limit {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && len(problems) < maxRowErrors {
				problems = append(problems, RowError{Row: pe.StartLine, Msg: "the row's quotes do not match up"})
				continue
			}
			break
		}
		if blankRecord(fields) {
			continue
		}
		line, _ := cr.FieldPos(0)
		recs = append(recs, record{line: line, fields: fields})
	}
	return recs, problems
}

func blankRecord(fields []string) bool {
	for _, f := range fields {
		if cleanCell(f) != "" {
			return false
		}
	}
	return true
}

// dateOnly is the calendar date of t in its own location, as UTC midnight.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
