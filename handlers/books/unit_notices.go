package books

import (
	"strconv"

	"porch/handlers"
)

// noticeFor is the confirmation after a change, chosen by a key (in the
// redirect of a plain form post, so no free text travels in the URL).
func noticeFor(key, n string, a *unitAccount) string {
	switch key {
	case "demand":
		for _, inv := range a.Invoices {
			if strconv.FormatInt(inv.Number, 10) == n {
				return "Invoice " + n + " raised for " + handlers.FormatPounds(inv.Total) + ", due " + inv.DueDate.Format("2 January 2006") + "."
			}
		}
		return "Demand raised."
	case "receipt":
		return "Receipt recorded." + creditNote(a)
	case "credit":
		return "Credit note posted." + creditNote(a)
	case "reversed":
		return "Entry reversed." + creditNote(a)
	}
	return ""
}

// creditNote mentions credit left on the unit after a change.
func creditNote(a *unitAccount) string {
	if a.Balance() < 0 {
		return " " + handlers.FormatPounds(-a.Balance()) + " is held as credit on the unit and will pay its next invoice."
	}
	return ""
}
