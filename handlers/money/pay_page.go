package money

import (
	"fmt"

	"porch/errs"
	"porch/ledger"
	"porch/plans"
	"porch/views"
)

// payPage is the pay page of an invoice, or of a payment towards a unit's
// account.
type payPage struct {
	Unit      moneyUnit
	Invoice   *ledger.Invoice // nil: towards the account
	Due       int64           // the most that may be paid
	Currency  string
	Part      bool // the resident may enter a part amount
	Amount    string
	Method    string
	Methods   []payMethod
	Pending   int64    // the unit's payments on their way
	Attempts  []payRow // earlier attempts at this invoice, newest first
	Errors    errs.Fields
	Cancelled bool // back from the provider's page without paying
	Test      bool
	Overdue   bool // the invoice's due date has passed
	// Plan: paying what a payment plan asks for now, towards the account.
	Plan *plans.Plan

	cfg payConfig
}

// Action is where the form posts; Back is the page the resident came from.
func (p *payPage) Action() string {
	if p.Plan != nil {
		return "/money/plans/" + p.Plan.PublicID + "/pay"
	}
	if p.Invoice != nil {
		return "/money/invoices/" + p.Invoice.PublicID + "/pay"
	}
	return "/money/units/" + p.Unit.PublicID + "/pay"
}

func (p *payPage) Back() string {
	if p.Plan != nil {
		return "/money/plans/" + p.Plan.PublicID
	}
	if p.Invoice != nil {
		return "/money/units/" + p.Unit.PublicID + "/invoices"
	}
	return "/money/units/" + p.Unit.PublicID + "/statement"
}

// What names what is being paid.
func (p *payPage) What() string {
	if p.Plan != nil {
		return "Payment plan instalment"
	}
	if p.Invoice != nil {
		return fmt.Sprintf("Invoice %d", p.Invoice.Number)
	}
	return "Your account"
}

// DueText is the amount due in words.
func (p *payPage) DueText() string { return views.Money(p.Due, p.Currency) }

// OneMethod is the only method offered, when there is just one.
func (p *payPage) OneMethod() bool { return len(p.Methods) == 1 }

func (p *payPage) method(v string) (payMethod, bool) {
	for _, m := range p.Methods {
		if m.Value == v {
			return m, true
		}
	}
	if len(p.Methods) == 1 && v == "" {
		return p.Methods[0], true
	}
	return payMethod{}, false
}
