// Package estateimport brings an agency's estate in from the spreadsheet it
// already keeps: one row a unit, with the person who lives in or owns it
// and how. The file is read, its columns guessed for a person to confirm,
// and applied in one transaction through the same estate functions the
// screens use; a preview is the same import rolled back, so what it shows
// is exactly what importing does, and importing the same file again
// changes nothing.
package estateimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"porch/errs"
)

// Limits of one file: an agency of a few thousand homes fits.
const (
	MaxBytes = 2 << 20
	MaxRows  = 5000
)

// Table is a read file: its header and its rows, every row as wide as the
// header.
type Table struct {
	Header []string
	Rows   [][]string
}

// Read reads a spreadsheet whose first row names the columns: an Excel
// workbook (.xlsx, its first sheet), or a CSV file, comma or semicolon
// separated (as spreadsheets save them in different locales), with or
// without a byte-order mark. Blank rows are skipped.
func Read(data []byte) (Table, error) {
	if len(data) > MaxBytes {
		return Table{}, errs.E(errs.Invalid, fmt.Sprintf("The file is larger than %d MB: split it into smaller files.", MaxBytes>>20))
	}
	if isXLSX(data) {
		recs, err := readXLSX(data)
		if err != nil {
			return Table{}, err
		}
		return table(recs)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return Table{}, errs.E(errs.Invalid, "The file is not text in UTF-8. Save the spreadsheet as “CSV UTF-8” and try again.")
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var recs [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Table{}, errs.E(errs.Invalid, fmt.Sprintf("Line %d of the file cannot be read as CSV: %v.", pe.Line, pe.Err))
			}
			return Table{}, err
		}
		recs = append(recs, rec)
	}
	return table(recs)
}

// table makes a Table of a file's records: the first that is not blank is
// the header, the rest are rows as wide as it.
func table(recs [][]string) (Table, error) {
	var t Table
	for _, rec := range recs {
		if blank(rec) {
			continue
		}
		if t.Header == nil {
			for i := range rec {
				rec[i] = strings.TrimSpace(rec[i])
			}
			t.Header = rec
			continue
		}
		if len(t.Rows) == MaxRows {
			return Table{}, errs.E(errs.Invalid, fmt.Sprintf("The file has more than %d rows: split it into smaller files.", MaxRows))
		}
		row := make([]string, len(t.Header))
		for i := range row {
			if i < len(rec) {
				row[i] = strings.TrimSpace(rec[i])
			}
		}
		t.Rows = append(t.Rows, row)
	}
	if t.Header == nil || len(t.Rows) == 0 {
		return Table{}, errs.E(errs.Invalid, "The file has no rows under its header row.")
	}
	return t, nil
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// CSV writes the table back as CSV: how a workbook's rows travel from one
// step of the import screen to the next.
func (t Table) CSV() string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(t.Header) // a strings.Builder does not fail
	_ = w.WriteAll(t.Rows)
	return b.String()
}
