package estateimport

import (
	"bytes"

	"github.com/xuri/excelize/v2"

	"porch/errs"
)

// isXLSX reports a ZIP file, which is what an .xlsx workbook is.
func isXLSX(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// readXLSX reads the first sheet of a workbook as rows of text, as the
// sheet shows each cell (dates as formatted, numbers without exponent).
func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, errs.E(errs.Invalid, "The file looks like an Excel workbook but cannot be opened. Save it again as .xlsx or as CSV.")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errs.E(errs.Invalid, "The workbook has no sheets.")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, errs.E(errs.Invalid, "The workbook's first sheet cannot be read. Save it as CSV and try again.")
	}
	return rows, nil
}
