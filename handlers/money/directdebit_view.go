package money

import (
	"strings"
	"time"

	"porch/handlers"
	"porch/ledger"
	"porch/payments"
	"porch/views"
)

// ddMandate is a mandate as the resident's pages show it.
type ddMandate struct {
	payments.Mandate
}

// mandateBadges name a mandate's states for residents.
var mandateBadges = handlers.Badges{
	payments.MandatePending:           {Label: "Not finished", Class: "warn"},
	payments.MandatePendingApproval:   {Label: "Waiting for your approval", Class: "warn"},
	payments.MandatePendingSubmission: {Label: "Being set up", Class: "warn"},
	payments.MandateSubmitted:         {Label: "Being set up", Class: "warn"},
	payments.MandateActive:            {Label: "Active", Class: "ok"},
	payments.MandateFailed:            {Label: "Refused by your bank", Class: "bad"},
	payments.MandateCancelled:         {Label: "Cancelled"},
	payments.MandateExpired:           {Label: "Expired"},
	payments.MandateConsumed:          {Label: "Used up"},
	payments.MandateBlocked:           {Label: "Blocked", Class: "bad"},
}

// Badge is the mandate's state for residents.
func (m ddMandate) Badge() handlers.Badge { return mandateBadges.Of(m.Status) }

// StatusText says what the state means for the resident.
func (m ddMandate) StatusText() string {
	switch m.Status {
	case payments.MandatePending:
		return "You have not finished setting this up on GoCardless's pages, so nothing can be collected with it."
	case payments.MandatePendingApproval:
		return "GoCardless is waiting for you to approve it."
	case payments.MandatePendingSubmission, payments.MandateSubmitted:
		return "GoCardless is setting it up with your bank, which takes a few working days. You can already arrange payments: they are collected once it is ready."
	case payments.MandateActive:
		return "Payments you arrange are collected from this account."
	case payments.MandateFailed:
		return "Your bank refused it, so nothing will be collected with it. Check your bank details and set up a new one."
	case payments.MandateCancelled:
		return "It was cancelled, by you, your bank or us, so nothing more will be collected with it."
	case payments.MandateExpired:
		return "It was not used for a long time and has expired. Set up a new one to pay by Direct Debit."
	}
	return "Nothing more will be collected with it."
}

// Bank names the account, or says it is not known yet.
func (m ddMandate) Bank() string {
	if m.BankHint != "" {
		return m.BankHint
	}
	return "Bank account"
}

// ddInvoice is an outstanding invoice on the Direct Debit page.
type ddInvoice struct {
	ledger.Invoice
	Live *payRow // a Direct Debit on its way for it
}

// ddPayment is a Direct Debit payment as the resident's pages show it.
type ddPayment struct {
	payRow
	Invoice int64 // its invoice's number; 0 towards the account
}

// ChargeDay is the day GoCardless collects (or collected) the payment.
func (p ddPayment) ChargeDay() string {
	return ddDate(p.ChargeDate)
}

// Stage is how far the collection got, for the steps shown: 1 arranged,
// 2 with the bank, 3 collected; 0 when it did not go through.
func (p ddPayment) Stage() int {
	switch p.Status {
	case payments.StatusCreated, payments.StatusPendingApproval, payments.StatusPendingSubmission:
		return 1
	case payments.StatusSubmitted:
		return 2
	case payments.StatusConfirmed, payments.StatusPaidOut:
		return 3
	}
	return 0
}

// Detail says where the payment is, in a sentence.
func (p ddPayment) Detail() string {
	day := p.ChargeDay()
	on := ""
	if day != "" {
		on = " on " + day
	}
	switch p.Status {
	case payments.StatusCreated:
		return "We are arranging it with GoCardless."
	case payments.StatusPendingApproval:
		return "GoCardless is waiting for you to approve it."
	case payments.StatusPendingSubmission:
		return "Arranged: GoCardless will collect it from your bank" + on + "."
	case payments.StatusSubmitted:
		return "Your bank has been asked to pay it" + on + ". It shows as paid here once the bank confirms, a few working days later."
	case payments.StatusConfirmed, payments.StatusPaidOut:
		return "Collected" + on + ". It is on your account, and a receipt has been emailed to you."
	case payments.StatusChargedBack:
		return "Your bank reclaimed it at your request, so it no longer counts towards your account."
	}
	if p.Failure != "" {
		return "It did not go through: " + strings.TrimSuffix(p.Failure, ".") + ". It does not count towards your account, so the amount is owed again."
	}
	return "It did not go through, so it does not count towards your account and the amount is owed again."
}

// ddDate writes a YYYY-MM-DD date as the pages do: "5 March 2026".
func ddDate(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return ""
	}
	return views.Date(d)
}
