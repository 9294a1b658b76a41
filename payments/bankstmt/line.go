package bankstmt

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Line is one transaction on a bank statement.
type Line struct {
	Date         time.Time // the posting date, UTC midnight
	Amount       int64     // pence: positive is money in, negative money out
	Description  string
	Reference    string // the payment reference, when the bank gives it separately
	Counterparty string // who paid or was paid, when the bank gives it separately
	Type         string // the bank's transaction type code (OFX TRNTYPE, "FPI", "DD"), if any
	FITID        string // the bank's own id for the transaction, if any
	Balance      *int64 // the running balance after this line, if the bank gives it
	Fingerprint  string // see AssignFingerprints
}

// AssignFingerprints sets the Fingerprint of every line read from one file
// (or one statement of an OFX file), as the package documentation
// describes: "fitid:" and a hash of the bank's id when there is one, else
// "line:" and a hash of date, amount, normalised description and
// counterparty, and normalised reference; either way with the occurrence
// index of that key within the lines given. Call it once per file, with
// the lines in the file's order; ParseCSV and ParseOFX already do.
func AssignFingerprints(lines []Line) {
	seen := make(map[string]int, len(lines))
	for i := range lines {
		prefix, key := fingerprintKey(&lines[i])
		n := seen[key]
		seen[key] = n + 1
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
		lines[i].Fingerprint = prefix + hex.EncodeToString(sum[:16])
	}
}

func fingerprintKey(l *Line) (prefix, key string) {
	if id := strings.TrimSpace(l.FITID); id != "" {
		return "fitid:", "fitid\x00" + id
	}
	return "line:", strings.Join([]string{
		"line",
		l.Date.UTC().Format("2006-01-02"),
		strconv.FormatInt(l.Amount, 10),
		normaliseText(l.Description),
		normaliseText(l.Counterparty),
		normaliseText(l.Reference),
	}, "\x00")
}

// normaliseText is the form of free text that fingerprints depend on:
// upper case with runs of white space collapsed to one space. Banks pad
// descriptions to fixed widths differently from one export to the next;
// the words stay the same.
func normaliseText(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToUpper(s), unicode.IsSpace), " ")
}
