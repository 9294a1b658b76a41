package handlers

import "porch/payments"

// Badge is a state as a badge shows it: the words, and the colour class
// ("ok", "warn", "bad", or "" for a settled state that needs no colour).
// Pages write every badge with the "badge" partial.
type Badge struct {
	Label string
	Class string
}

// Badges names the states of one kind of thing.
type Badges map[string]Badge

// Of is the badge of state; a state without one shows as itself, uncoloured.
func (b Badges) Of(state string) Badge {
	if v, ok := b[state]; ok {
		return v
	}
	return Badge{Label: state}
}

// PaymentBadges name an online payment's states, for residents and
// managers alike.
var PaymentBadges = Badges{
	payments.StatusCreated:            {Label: "Starting", Class: "warn"},
	payments.StatusOpen:               {Label: "Not completed", Class: "warn"},
	payments.StatusProcessing:         {Label: "Processing", Class: "warn"},
	payments.StatusPaid:               {Label: "Paid", Class: "ok"},
	payments.StatusFailed:             {Label: "Failed", Class: "bad"},
	payments.StatusExpired:            {Label: "Expired"},
	payments.StatusPendingApproval:    {Label: "Awaiting approval", Class: "warn"},
	payments.StatusPendingSubmission:  {Label: "Pending", Class: "warn"},
	payments.StatusSubmitted:          {Label: "Submitted", Class: "warn"},
	payments.StatusConfirmed:          {Label: "Confirmed", Class: "ok"},
	payments.StatusPaidOut:            {Label: "Paid", Class: "ok"},
	payments.StatusCancelled:          {Label: "Cancelled"},
	payments.StatusApprovalDenied:     {Label: "Declined", Class: "bad"},
	payments.StatusChargedBack:        {Label: "Charged back", Class: "bad"},
	payments.StatusLateFailureSettled: {Label: "Failed", Class: "bad"},
}
