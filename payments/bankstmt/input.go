package bankstmt

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"porch/errs"
)

// MaxFileSize is the largest statement file read. Years of transactions
// fit comfortably; anything bigger is not a bank statement.
const MaxFileSize = 16 << 20

// Format is what a file looks like, for routing an upload to the right
// parser whatever its name says.
type Format string

// The formats Detect reports.
const (
	FormatCSV     Format = "csv"
	FormatOFX     Format = "ofx"
	FormatUnknown Format = ""
)

// Detect looks at the start of a file and says whether it is OFX, CSV-like
// text, or something else (PDF, spreadsheet, QIF, a web page).
func Detect(b []byte) Format {
	text := DecodeText(b)
	switch kindOf(text) {
	case kindOFX:
		return FormatOFX
	case kindText:
		return FormatCSV
	}
	return FormatUnknown
}

type kind int

const (
	kindEmpty kind = iota
	kindOFX
	kindOFXHeaderOnly
	kindPDF
	kindZip // xlsx, ods
	kindOLE // xls
	kindQIF
	kindHTML
	kindText
	kindBinary
)

// kindOf classifies decoded text by its opening.
func kindOf(text string) kind {
	t := strings.TrimLeft(text, " \t\r\n")
	if t == "" {
		return kindEmpty
	}
	head := t
	if len(head) > 4096 {
		head = head[:4096]
	}
	upper := strings.ToUpper(head)
	switch {
	case strings.HasPrefix(t, "%PDF"):
		return kindPDF
	case strings.HasPrefix(t, "PK\x03\x04"):
		return kindZip
	case strings.HasPrefix(t, "\xd0\xcf\x11\xe0") || strings.HasPrefix(t, "\u00d0\u00cf\u0011\u00e0"):
		return kindOLE
	case strings.HasPrefix(upper, "!TYPE:") || strings.HasPrefix(upper, "!ACCOUNT") || strings.HasPrefix(upper, "!OPTION:"):
		return kindQIF
	}
	// The <OFX> tag follows a short header; looking only near the start
	// keeps a CSV that mentions "<OFX" in a description a CSV.
	opening := text
	if len(opening) > 64<<10 {
		opening = opening[:64<<10]
	}
	if indexOFXStart(opening) >= 0 {
		return kindOFX
	}
	if strings.HasPrefix(upper, "OFXHEADER") || strings.Contains(upper, "<?OFX ") {
		return kindOFXHeaderOnly
	}
	if strings.HasPrefix(upper, "<!DOCTYPE HTML") || strings.HasPrefix(upper, "<HTML") {
		return kindHTML
	}
	if strings.ContainsRune(head, 0) {
		return kindBinary
	}
	return kindText
}

// notStatementError explains, for a file that is not what the parser
// wanted, what it seems to be instead.
func notStatementError(k kind) error {
	var msg string
	switch k {
	case kindEmpty:
		msg = "The file is empty."
	case kindPDF:
		msg = "This is a PDF. Download the statement from online banking as CSV or OFX (sometimes called Money or Quicken format) instead."
	case kindZip, kindOLE:
		msg = "This is a spreadsheet. Save it as CSV (comma separated values) and import that, or download the statement as CSV or OFX."
	case kindQIF:
		msg = "This is a QIF file, which Porch does not read. Download the statement as CSV or OFX instead."
	case kindHTML:
		msg = "This is a web page, not a statement. Download the statement as CSV or OFX."
	case kindOFXHeaderOnly:
		msg = "The file starts like OFX but has no <OFX> section; it may be cut short. Download it again."
	case kindOFX:
		msg = "This is an OFX file; import it as OFX rather than CSV."
	case kindText:
		msg = "This is not an OFX file (it has no <OFX> section). If it is a CSV export, import it as CSV."
	default:
		msg = "This file is not a bank statement Porch can read. Download the statement as CSV or OFX."
	}
	return errs.E(errs.Invalid, msg)
}

// readText reads a whole statement file, refusing anything over
// MaxFileSize, and returns it as UTF-8 text.
func readText(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return "", fmt.Errorf("bankstmt: read statement: %w", err)
	}
	if len(b) > MaxFileSize {
		return "", errs.E(errs.Invalid, fmt.Sprintf("The file is larger than %d MB, too large for a bank statement.", MaxFileSize>>20))
	}
	return DecodeText(b), nil
}

// DecodeText turns the bytes of a statement into UTF-8: a UTF-8 or UTF-16
// byte order mark is honoured (Excel's "Unicode text" export is UTF-16),
// valid UTF-8 is kept, and anything else is read as Windows-1252, which is
// what older bank exports and OFX 1.x files with CHARSET:1252 use (the
// pound sign is byte A3 there).
func DecodeText(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		out, err := dec.Bytes(b)
		if err == nil {
			return string(out)
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		// Windows-1252 maps every byte, so this does not happen; keep the
		// text readable rather than fail.
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

// indexOFXStart finds the <OFX> start tag, in any case, or -1.
func indexOFXStart(s string) int {
	off := 0
	for {
		i := strings.IndexByte(s[off:], '<')
		if i < 0 {
			return -1
		}
		j := off + i
		if len(s)-j >= 5 && strings.EqualFold(s[j+1:j+4], "OFX") && (s[j+4] == '>' || s[j+4] == ' ' || s[j+4] == '\t' || s[j+4] == '\r' || s[j+4] == '\n') {
			return j
		}
		off = j + 1
	}
}
