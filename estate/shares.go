package estate

import (
	"fmt"
	"strconv"
	"strings"

	"porch/errs"
)

// PPMPerPercent is how many millionths make one percent.
const PPMPerPercent = 10_000

// FullSharePPM is a whole site: 100%.
const FullSharePPM = 100 * PPMPerPercent

// ParseSharePercent reads a percentage such as "2.5", "12.3456" or "100%"
// exactly, without floating point, into millionths. It allows at most four
// decimal places (the precision of a millionth) and values from 0 to 100.
// Its errors carry a message that can be shown next to the field.
func ParseSharePercent(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, errs.E(errs.Invalid, "Enter the share as a percentage, for example 2.5.")
	}
	if strings.HasPrefix(s, "-") {
		return 0, errs.E(errs.Invalid, "The share cannot be negative.")
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || !allDigits(whole) || !allDigits(frac) {
		return 0, errs.E(errs.Invalid, "Enter the share as a percentage, for example 2.5.")
	}
	if len(frac) > 4 {
		return 0, errs.E(errs.Invalid, "Give the share to at most 4 decimal places, for example 12.3456.")
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 3 {
		return 0, errs.E(errs.Invalid, "The share cannot be more than 100%.")
	}
	var ppm int64
	if whole != "" {
		w, err := strconv.ParseInt(whole, 10, 64)
		if err != nil {
			return 0, errs.E(errs.Invalid, "Enter the share as a percentage, for example 2.5.")
		}
		ppm = w * PPMPerPercent
	}
	if frac != "" {
		f, err := strconv.ParseInt(frac+strings.Repeat("0", 4-len(frac)), 10, 64)
		if err != nil {
			return 0, errs.E(errs.Invalid, "Enter the share as a percentage, for example 2.5.")
		}
		ppm += f
	}
	if ppm > FullSharePPM {
		return 0, errs.E(errs.Invalid, "The share cannot be more than 100%.")
	}
	return ppm, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatSharePPM formats millionths as a percentage with no trailing zeros:
// 25000 -> "2.5%", 1000000 -> "100%", 123456 -> "12.3456%".
func FormatSharePPM(ppm int64) string {
	sign := ""
	if ppm < 0 {
		sign, ppm = "-", -ppm
	}
	s := sign + strconv.FormatInt(ppm/PPMPerPercent, 10)
	if frac := ppm % PPMPerPercent; frac != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%04d", frac), "0")
	}
	return s + "%"
}
