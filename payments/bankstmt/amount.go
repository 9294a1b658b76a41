package bankstmt

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxPoundsDigits bounds the whole-pounds part of an amount: fifteen digits
// (under a quadrillion pounds) cannot overflow int64 pence.
const maxPoundsDigits = 15

// ParseAmount reads an amount as a UK bank writes it into pence, exactly:
// "1,234.56", "-12.00", "+12", "(12.00)", "£12.00", "-£12.00", "12.00-",
// "12.00 CR" (money in), "12.00 DR" (money out), "GBP 12.00", ".50".
// Commas are only accepted as thousands separators in the right places, so
// a European "12,50" is refused rather than read as £1,250. More than two
// decimal places are refused unless the extra digits are zeros. An
// Excel-style leading apostrophe or ="..." wrapper is ignored.
func ParseAmount(s string) (int64, error) {
	v, problem := parseAmount(s)
	if problem != "" {
		return 0, amountError("amount", s, problem)
	}
	return v, nil
}

// amountError words a problem with an amount for the person importing:
// the amount '12,50' is not a number.
func amountError(label, value, problem string) error {
	if strings.TrimSpace(value) == "" {
		return fmt.Errorf("the %s is empty", label)
	}
	return fmt.Errorf("the %s '%s' %s", label, shorten(value), problem)
}

// parseAmount returns the pence, or a problem phrased to follow "the
// amount 'x' ...".
func parseAmount(raw string) (int64, string) {
	s := cleanCell(raw)
	if s == "" {
		return 0, "is empty"
	}
	signs := 0 // explicit minus, plus or parentheses seen
	neg := false
	marker := "" // CR or DR
	for changed := true; changed; {
		changed = false
		s = strings.TrimFunc(s, unicode.IsSpace)
		switch {
		case len(s) >= 2 && (hasSuffixFold(s, "CR") || hasSuffixFold(s, "DR")):
			if marker != "" {
				return 0, "is not a number"
			}
			marker = strings.ToUpper(s[len(s)-2:])
			s = s[:len(s)-2]
			changed = true
		case hasPrefixFold(s, "GBP"):
			s = s[3:]
			changed = true
		case hasSuffixFold(s, "GBP"):
			s = s[:len(s)-3]
			changed = true
		case strings.HasPrefix(s, "£"):
			s = s[len("£"):]
			changed = true
		case strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"):
			s = s[1 : len(s)-1]
			signs++
			neg = true
			changed = true
		case strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+"):
			neg = neg || s[0] == '-'
			s = s[1:]
			signs++
			changed = true
		case strings.HasPrefix(s, "\u2212"): // the typographic minus
			s = s[len("\u2212"):]
			neg = true
			signs++
			changed = true
		case strings.HasSuffix(s, "-") && len(s) > 1:
			s = s[:len(s)-1]
			neg = true
			signs++
			changed = true
		}
	}
	if signs > 1 {
		return 0, "has more than one sign"
	}
	if marker != "" && signs > 0 {
		return 0, "has both a sign and " + marker
	}
	if marker == "DR" {
		neg = true
	}
	pence, problem := parseDecimal(s)
	if problem != "" {
		return 0, problem
	}
	if neg {
		pence = -pence
	}
	return pence, ""
}

// parseDecimal reads unsigned digits with optional thousands commas and up
// to two decimal places into pence.
func parseDecimal(s string) (int64, string) {
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" && (!hasPoint || frac == "") {
		return 0, "is not a number"
	}
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return 0, "is not a number"
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, "is not a number"
			}
		}
		whole = strings.Join(groups, "")
	}
	if !allDigits(whole) || !allDigits(frac) {
		return 0, "is not a number"
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > maxPoundsDigits {
		return 0, "is too large"
	}
	if len(frac) > 2 {
		if strings.Trim(frac[2:], "0") != "" {
			return 0, "has more than two decimal places"
		}
		frac = frac[:2]
	}
	for len(frac) < 2 {
		frac += "0"
	}
	var pence int64
	for _, c := range whole + frac {
		pence = pence*10 + int64(c-'0')
	}
	return pence, ""
}

// hasPrefixFold and hasSuffixFold compare ASCII letters without regard to
// case, byte by byte, so the slicing that follows stays on the same bytes.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && asciiEqualFold(s[:len(prefix)], prefix)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && asciiEqualFold(s[len(s)-len(suffix):], suffix)
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cleanCell trims a spreadsheet cell: white space (including no-break
// spaces), Excel's ="..." wrapper for text that looks like a number, and
// the leading apostrophe Excel and some banks use to mark text.
func cleanCell(s string) string {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if len(s) >= 3 && strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) {
		s = strings.TrimFunc(s[2:len(s)-1], unicode.IsSpace)
	}
	if strings.HasPrefix(s, "'") {
		s = strings.TrimFunc(s[1:], unicode.IsSpace)
	}
	return s
}

// shorten keeps values quoted in messages readable.
func shorten(s string) string {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:37]) + "..."
}
