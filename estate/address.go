package estate

import (
	"regexp"
	"strings"

	"porch/errs"
)

// postcodeRE is the shape of a UK postcode without its space: an outward
// code (area, district, optional sub-district) and a three-character inward
// code whose letters never include C, I, K, M, O or V. GIR 0AA is the one
// historic exception still in use.
var postcodeRE = regexp.MustCompile(`^(GIR0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]?[0-9][ABD-HJLNP-UW-Z]{2})$`)

// NormalisePostcode returns s as a UK postcode in upper case with a single
// space before the inward code ("sw1a1aa" -> "SW1A 1AA"), and whether s is a
// valid postcode at all.
func NormalisePostcode(s string) (string, bool) {
	compact := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if !postcodeRE.MatchString(compact) {
		return strings.TrimSpace(s), false
	}
	return compact[:len(compact)-3] + " " + compact[len(compact)-3:], true
}

// postcodeMessage is shown next to a postcode field that is not one.
const postcodeMessage = "Enter a UK postcode, for example SW1A 1AA."

// address is the postal address shared by sites and units.
type address struct {
	line1, line2, town, postcode *string
}

// check trims and normalises the address in place and records problems in f.
// required asks for the first line, town and postcode.
func (a address) check(f errs.Fields, required bool) {
	*a.line1 = strings.TrimSpace(*a.line1)
	*a.line2 = strings.TrimSpace(*a.line2)
	*a.town = strings.TrimSpace(*a.town)
	*a.postcode = strings.TrimSpace(*a.postcode)
	switch {
	case *a.line1 == "" && required:
		f.Add("address_line1", "Enter the first line of the address.")
	case len(*a.line1) > 200:
		f.Add("address_line1", "Keep each address line to 200 characters or fewer.")
	}
	if len(*a.line2) > 200 {
		f.Add("address_line2", "Keep each address line to 200 characters or fewer.")
	}
	switch {
	case *a.town == "" && required:
		f.Add("town", "Enter the town or city.")
	case len(*a.town) > 100:
		f.Add("town", "Keep the town to 100 characters or fewer.")
	}
	switch {
	case *a.postcode == "" && required:
		f.Add("postcode", "Enter the postcode.")
	case *a.postcode != "":
		pc, ok := NormalisePostcode(*a.postcode)
		if !ok {
			f.Add("postcode", postcodeMessage)
		}
		*a.postcode = pc
	}
}
