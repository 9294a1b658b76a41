package ledger

import (
	"strconv"
	"strings"

	"porch/errs"
)

// MaxAmount is the largest amount a form or an imported file gives: £100
// million, in pence.
const MaxAmount = 100_000_000_00

// ParseAmount reads an amount typed in pounds, "1,234.56", "1234.5" or
// "£12", exactly into pence, without floating point. It refuses negative
// and non-numeric amounts, fractions of a penny, badly placed thousands
// separators and amounts over £100 million; its errors carry a message to
// show next to the field.
func ParseAmount(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimPrefix(s, "£"))
	bad := errs.E(errs.Invalid, "Enter the amount in pounds and pence, for example 1,234.56.")
	switch {
	case s == "":
		return 0, errs.E(errs.Invalid, "Enter an amount.")
	case strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−"):
		return 0, errs.E(errs.Invalid, "The amount cannot be negative.")
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if hasPoint && frac == "" || whole == "" && frac == "" || !onlyDigits(frac) {
		return 0, bad
	}
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return 0, bad
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, bad
			}
		}
		whole = strings.Join(groups, "")
	}
	if !onlyDigits(whole) {
		return 0, bad
	}
	if len(frac) > 2 {
		return 0, errs.E(errs.Invalid, "Give the amount to the nearest penny: at most 2 decimal places.")
	}
	tooLarge := errs.E(errs.Invalid, "That is more than £100,000,000. Check the amount.")
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 9 {
		return 0, tooLarge
	}
	var pounds, pence int64
	if whole != "" {
		pounds, _ = strconv.ParseInt(whole, 10, 64)
	}
	if frac != "" {
		pence, _ = strconv.ParseInt((frac + "0")[:2], 10, 64)
	}
	total := pounds*100 + pence
	if total > MaxAmount {
		return 0, tooLarge
	}
	return total, nil
}

func onlyDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
