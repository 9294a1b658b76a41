package bankstmt

import (
	"regexp"
	"strings"
	"unicode"
)

// References are matched as tokens: a line's description, reference and
// counterparty are each split into runs of letters and digits, upper case,
// and a candidate's reference hits when it equals a run of consecutive
// tokens joined together. So "Flat 3", "FLAT3" and "flat-3" are one
// reference, and "INV 000123" holds "INV-000123". Invoice-style references
// (letters then digits, or digits alone) also hit with the leading zeros
// dropped or added, and with the prefix missing on either side: "INV123",
// "INV-000123" and "000123" all hit "INV-000123". A number without its
// prefix must have at least three digits, so "FLAT 7" is not invoice 7.

// maxRunTokens is the most tokens a reference may be split into on a line.
const maxRunTokens = 6

// minRefLen is the shortest non-numeric reference that counts: one or two
// letters hit far too much by chance.
const minRefLen = 3

// invoiceRef is letters (optional) then digits, after squashing.
var invoiceRef = regexp.MustCompile(`^([A-Z]*)([0-9]+)$`)

// refPattern is one candidate reference, prepared for matching.
type refPattern struct {
	squashed string // tokens joined, upper case
	prefix   string // invoice-style: the letters, "" if digits only
	number   string // invoice-style: the digits without leading zeros; "" if not invoice-style
}

func newRefPattern(ref string) (refPattern, bool) {
	sq := strings.Join(tokenize(ref), "")
	if sq == "" {
		return refPattern{}, false
	}
	p := refPattern{squashed: sq}
	if m := invoiceRef.FindStringSubmatch(sq); m != nil {
		p.prefix = m[1]
		p.number = strings.TrimLeft(m[2], "0")
		if p.number == "" {
			p.number = "0"
		}
	}
	if p.number == "" && len(sq) < minRefLen {
		return refPattern{}, false
	}
	return p, true
}

// tokenize splits text into upper-case runs of letters and digits.
func tokenize(s string) []string {
	return strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// hits reports whether the pattern appears in any of the token lists.
func (p refPattern) hits(fields [][]string) bool {
	for _, toks := range fields {
		for i := range toks {
			run := ""
			for j := i; j < len(toks) && j < i+maxRunTokens; j++ {
				run += toks[j]
				if len(run) > len(p.squashed)+16 {
					break
				}
				if p.hitsRun(run) {
					return true
				}
			}
		}
	}
	return false
}

func (p refPattern) hitsRun(run string) bool {
	if run == p.squashed && len(run) >= minRefLen {
		return true
	}
	if p.number == "" {
		return false
	}
	m := invoiceRef.FindStringSubmatch(run)
	if m == nil {
		return false
	}
	prefix, digits := m[1], m[2]
	number := strings.TrimLeft(digits, "0")
	if number == "" {
		number = "0"
	}
	if number != p.number {
		return false
	}
	if prefix != "" && p.prefix != "" {
		return prefix == p.prefix
	}
	return len(digits) >= 3
}

// lineTokens are the token lists of a line's text fields, kept apart so a
// reference never straddles two of them.
func lineTokens(l Line) [][]string {
	var out [][]string
	for _, s := range []string{l.Reference, l.Description, l.Counterparty} {
		if t := tokenize(s); len(t) > 0 {
			out = append(out, t)
		}
	}
	return out
}
