package handlers

import (
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/ledger"
	"porch/owners"
)

// A landlord's statement as the screens and its PDF show it, the same for
// the agency's copy and the one the landlord reads in their portal.

// OwnerLineRow is a statement entry as a screen shows it.
type OwnerLineRow struct{ ledger.OwnerLine }

// OwnerLineRows wraps a statement's entries.
func OwnerLineRows(lines []ledger.OwnerLine) []OwnerLineRow {
	out := make([]OwnerLineRow, len(lines))
	for i, l := range lines {
		out[i] = OwnerLineRow{l}
	}
	return out
}

// In is money in to the landlord's account; Out money out of it.
func (r OwnerLineRow) In() int64  { return max(r.Amount, 0) }
func (r OwnerLineRow) Out() int64 { return max(-r.Amount, 0) }

// Text describes the entry (see ledger.OwnerLine.Text).
func (r OwnerLineRow) Text() string { return r.OwnerLine.Text() }

// ShortText is Text without what the entry's badge already says.
func (r OwnerLineRow) ShortText() string {
	if r.Category == ledger.OwnerFee {
		return strings.TrimPrefix(r.Text(), "Fee: ")
	}
	return r.Text()
}

// CategoryText names the kind of entry.
func (r OwnerLineRow) CategoryText() string {
	switch r.Category {
	case ledger.OwnerIncome:
		return "Rent"
	case ledger.OwnerExpense:
		return "Expense"
	case ledger.OwnerFee:
		return "Fee"
	case ledger.OwnerPayout:
		return "Payout"
	case ledger.OwnerFloat:
		return "Float"
	}
	return "Other"
}

// OwnerStatementPDF renders a landlord's statement as the organisation's
// branded PDF; properties names what it covers.
func (s *Kit) OwnerStatementPDF(c echo.Context, st ledger.LandlordStatement, owner estate.Person, properties []string) ([]byte, error) {
	brand, err := s.PDFBrand(c)
	if err != nil {
		return nil, err
	}
	return owners.StatementPDF(brand, OrgCurrency(c), st, owner, properties, s.Now())
}

// OwnerPeriod reads ?from and ?to; with neither, the period is last
// calendar month, the usual landlord statement.
func OwnerPeriod(qs url.Values, today time.Time) (from, to time.Time, f PeriodForm, err error) {
	if !qs.Has("from") && !qs.Has("to") {
		first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
		from, to = first.AddDate(0, -1, 0), first.AddDate(0, 0, -1)
		return from, to, PeriodForm{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}, nil
	}
	return ParsePeriod(qs, today)
}
