package banking

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/payments"
	"porch/payments/bankstmt"
)

// The column-mapping step of a CSV import: the file's first rows with
// Porch's guess of which column holds what, the lines as that mapping
// reads them, and the import once the manager agrees.

// bankMapForm is the column mapping as typed: column numbers from 1, "0"
// or "" for none.
type bankMapForm struct {
	Delimiter, SkipRows, DateFormat string
	HasHeader, Negate               bool
	Cols                            map[string]string
}

// bankRole is one column role in the mapping form.
type bankRole struct {
	Name, Label, Hint string
	Value, Error      string
}

// bankRoleDefs are the roles, in the order the form shows them; names are
// bankstmt.Mapping's JSON names, which its validation messages use.
var bankRoleDefs = []struct{ name, label, hint string }{
	{"date", "Date", ""},
	{"amount", "Amount", "One column with money in positive and money out negative. Or choose paid in and paid out instead."},
	{"credit", "Paid in", ""},
	{"debit", "Paid out", ""},
	{"description", "Description", ""},
	{"counterparty", "Payer or payee", ""},
	{"reference", "Reference", ""},
	{"type", "Transaction type", ""},
	{"fitid", "Transaction id", "The bank's own id for each transaction, if the file has one."},
	{"balance", "Balance", "The running balance after each line, if given."},
}

var bankDelimiters = []struct {
	value string
	r     rune
	label string
}{{"comma", ',', "Comma"}, {"semicolon", ';', "Semicolon"}, {"tab", '\t', "Tab"}, {"pipe", '|', "Pipe (|)"}}

// mapFormOf writes a mapping into the form's terms.
func mapFormOf(m bankstmt.Mapping) bankMapForm {
	f := bankMapForm{SkipRows: strconv.Itoa(m.SkipRows), DateFormat: m.DateFormat, HasHeader: m.HasHeader, Negate: m.Negate,
		Cols: map[string]string{}}
	for _, d := range bankDelimiters {
		if d.r == m.Delimiter || m.Delimiter == 0 && d.r == ',' {
			f.Delimiter = d.value
		}
	}
	for name, col := range mappingCols(&m) {
		f.Cols[name] = strconv.Itoa(*col)
	}
	return f
}

// mappingCols points at the column fields of a mapping by JSON name.
func mappingCols(m *bankstmt.Mapping) map[string]*int {
	return map[string]*int{"date": &m.Date, "amount": &m.Amount, "credit": &m.Credit, "debit": &m.Debit,
		"description": &m.Description, "counterparty": &m.Counterparty, "reference": &m.Reference, "type": &m.Type,
		"fitid": &m.FITID, "balance": &m.Balance}
}

// readMapForm reads the mapping form; problems go into f by field.
func readMapForm(c echo.Context, f errs.Fields) (bankMapForm, bankstmt.Mapping) {
	form := bankMapForm{Delimiter: c.FormValue("delimiter"), SkipRows: strings.TrimSpace(c.FormValue("skip_rows")),
		DateFormat: c.FormValue("date_format"), HasHeader: c.FormValue("has_header") == "yes", Negate: c.FormValue("negate") == "yes",
		Cols: map[string]string{}}
	m := bankstmt.Mapping{HasHeader: form.HasHeader, Negate: form.Negate, DateFormat: form.DateFormat}
	m.Delimiter = -1
	for _, d := range bankDelimiters {
		if d.value == form.Delimiter {
			m.Delimiter = d.r
		}
	}
	if m.Delimiter == -1 {
		f.Add("delimiter", "Choose how the columns are separated.")
		m.Delimiter = ','
	}
	if form.SkipRows == "" {
		form.SkipRows = "0"
	}
	n, err := strconv.Atoi(form.SkipRows)
	if err != nil || n < 0 || n > 1000 {
		f.Add("skip_rows", "Enter a number of rows from 0 to 1000.")
	}
	m.SkipRows = n
	for name, col := range mappingCols(&m) {
		v := strings.TrimSpace(c.FormValue(name))
		form.Cols[name] = v
		if v == "" {
			continue
		}
		k, err := strconv.Atoi(v)
		if err != nil || k < 0 {
			f.Add(name, "Choose a column from the list.")
			continue
		}
		*col = k
	}
	return form, m
}

// fillMapping prepares the mapping step: the choices, and the file as the
// mapping reads it, with its problems. Field messages from reading go into
// p.Errors; it reports whether the mapping reads lines without a problem
// affecting the whole file.
func (s *handler) fillMapping(p *bankImportPage, m bankstmt.Mapping) ([]bankstmt.Line, []bankstmt.RowError, bool) {
	p.Step = "map"
	p.Delimiters = nil
	for _, d := range bankDelimiters {
		p.Delimiters = append(p.Delimiters, handlers.Choice{Value: d.value, Label: d.label})
	}
	p.DateFormats = []handlers.Choice{{Value: "", Label: "Work it out from the file"}}
	for _, d := range bankstmt.DateFormats {
		p.DateFormats = append(p.DateFormats, handlers.Choice{Value: d.Layout, Label: d.Label})
	}
	var lines []bankstmt.Line
	var problems []bankstmt.RowError
	ok := len(p.Errors) == 0
	if ok {
		var err error
		lines, problems, err = bankstmt.ParseCSV(strings.NewReader(p.Content), m)
		if err != nil {
			ok = false
			if e, isDomain := errs.As(err); isDomain && e.Code == errs.Invalid {
				if len(e.Fields) == 0 {
					p.Errors.Add("form", e.Message)
				}
				for k, msg := range e.Fields {
					p.Errors.Add(k, msg)
				}
			} else {
				p.Errors.Add("form", "The file could not be read with this mapping.")
			}
		}
	}
	p.LineCount = len(lines)
	p.Sample = nil
	for _, l := range lines[:min(len(lines), 8)] {
		p.Sample = append(p.Sample, payments.BankLine{Date: l.Date, Amount: l.Amount, Description: l.Description,
			Reference: l.Reference, Counterparty: l.Counterparty})
	}
	p.Columns = nil
	if p.Preview != nil {
		for i, h := range p.Preview.Headers {
			p.Columns = append(p.Columns, handlers.Choice{Value: strconv.Itoa(i + 1), Label: strconv.Itoa(i+1) + " · " + clipText(h, 40)})
		}
	}
	p.Problems = problems[:min(len(problems), 10)]
	p.ProblemMore = len(problems) - len(p.Problems)
	p.Roles = nil
	for _, r := range bankRoleDefs {
		v := p.Map.Cols[r.name]
		if v == "" {
			v = "0"
		}
		p.Roles = append(p.Roles, bankRole{Name: r.name, Label: r.label, Hint: r.hint, Value: v, Error: p.Errors[r.name]})
	}
	return lines, problems, ok
}

// bankImportCSV checks the mapping (action=check) or imports the file
// with it (action=import).
func (s *handler) bankImportCSV(c echo.Context) error {
	p, _, msg, err := s.importUpload(c)
	if err != nil {
		return err
	}
	if msg != "" {
		p.Errors.Add("file", "The statement did not come back with the mapping. Upload the file again.")
		return s.showImport(c, http.StatusUnprocessableEntity, p)
	}
	if p.Preview, err = bankstmt.Sniff(strings.NewReader(p.Content)); err != nil {
		return s.uploadRefused(c, p, err)
	}
	var m bankstmt.Mapping
	p.Map, m = readMapForm(c, p.Errors)
	lines, problems, ok := s.fillMapping(p, m)
	switch {
	case !ok:
		return s.showImport(c, http.StatusUnprocessableEntity, p)
	case len(lines) == 0:
		p.Errors.Add("form", "No transactions could be read with this mapping. Check the columns and the date format against the rows above.")
		return s.showImport(c, http.StatusUnprocessableEntity, p)
	case c.FormValue("action") != "import":
		return s.showImport(c, http.StatusOK, p)
	}
	res := &bankImportResult{Format: "CSV", Problems: p.Problems, ProblemMore: p.ProblemMore}
	if len(problems) > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d %s could not be read and %s left out; %s listed below.", len(problems),
			handlers.Plural(len(problems), "row", "rows"), handlers.Plural(len(problems), "was", "were"), handlers.Plural(len(problems), "it is", "they are")))
	}
	if b, on := closingBalance(lines); b != nil {
		res.HasBalance, res.Balance, res.BalanceDate = true, *b, on
	}
	return s.finishImport(c, p, bankstmt.FormatCSV, lines, res)
}

// closingBalance is the running balance a CSV gives after its last day,
// when exactly one line falls on that day and carries a balance; with
// several lines on the last day their order in the file cannot be trusted.
func closingBalance(lines []bankstmt.Line) (*int64, time.Time) {
	var last time.Time
	var on []bankstmt.Line
	for _, l := range lines {
		switch {
		case l.Date.After(last):
			last, on = l.Date, []bankstmt.Line{l}
		case l.Date.Equal(last):
			on = append(on, l)
		}
	}
	if len(on) != 1 || on[0].Balance == nil {
		return nil, time.Time{}
	}
	return on[0].Balance, last
}
