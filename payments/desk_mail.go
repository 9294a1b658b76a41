package payments

import (
	"context"
	"database/sql"
	"strconv"

	"porch/estate"
	"porch/ledger"
	"porch/mail"
	"porch/views"
)

// PaymentMail is what the payment emails say.
type PaymentMail struct {
	Name      string
	Amount    string
	Method    string
	Unit      string
	Invoice   string
	Reference string // the receipt's own reference, for the payer
	// ProviderRef is the provider's id of the payment, for managers
	// tracing it; never shown to the payer.
	ProviderRef string
	Reason      string
	Payer       string
	ReceiptURL  string
	Attached    bool // the receipt PDF goes with the mail
	ForManager  bool
	Change      ReturnedNews // refunds and disputes
}

// ReturnedNews is what refunds or a dispute did to a card payment.
type ReturnedNews struct {
	Kind     string // refunded, withdrawn (by a dispute), restored (dispute won), disputed (opened)
	Amount   string // what this change moved
	Stands   string // what the payment still pays
	Refunded string // refunded in all
	Dispute  string // where a dispute stands
}

// MethodWords is how a payment was made, as residents read it.
func MethodWords(p Payment) string {
	if p.Provider == GoCardless {
		return "Direct Debit"
	}
	return "card"
}

// mails queues, inside tx, the emails an applied provider event calls for:
// a receipt to the payer when a payment is received; when one is
// reversed, or refunds or a dispute change what it pays, a note to the
// payer and to every administrator and manager.
func (d *Desk) mails(ctx context.Context, tx *sql.Tx, eff Effect) error {
	if !eff.Received && !eff.Reversed && eff.Returned == 0 && !eff.NewDispute {
		return nil
	}
	p := eff.Payment
	m := PaymentMail{Amount: views.Money(p.Amount, p.Currency), Method: MethodWords(p), ProviderRef: p.ProviderRef, Reason: p.Failure}
	unit, err := estate.GetUnitByID(ctx, tx, p.UnitID)
	if err != nil {
		return err
	}
	m.Unit = unit.Name + ", " + unit.SiteName
	if p.InvoiceID != 0 {
		if n, _, err := ledger.InvoiceRef(ctx, tx, p.InvoiceID); err == nil {
			m.Invoice = strconv.FormatInt(n, 10)
		}
	}
	var payer estate.Person
	if p.PersonID != 0 {
		if payer, err = estate.GetPersonByID(ctx, tx, p.PersonID); err != nil {
			return err
		}
		m.Payer = payer.FullName
	}
	switch {
	case eff.Received:
		return d.receiptMail(ctx, tx, eff, m, payer)
	case eff.Reversed:
		if m.Reason == "" {
			m.Reason = "the payment was reversed by the provider"
		}
		return d.tell(ctx, tx, "payment_failed", m, payer)
	}
	m.Change = returnedWords(p, eff.Returned)
	if eff.Returned == 0 {
		// A dispute opened without money moving yet: the managers
		// answer it; the payer, who opened it, is not told.
		payer.Email = ""
	}
	return d.tell(ctx, tx, "payment_returned", m, payer)
}

// tell queues a payment mail to the payer, when they have an address,
// and to every administrator and manager.
func (d *Desk) tell(ctx context.Context, tx *sql.Tx, template string, m PaymentMail, payer estate.Person) error {
	if payer.Email != "" {
		m.Name = payer.GreetingName()
		if err := d.Notify.Queue(ctx, tx, template, payer.Email, payer.FullName, m); err != nil {
			return err
		}
	}
	staff, err := estate.ListStaff(ctx, tx)
	if err != nil {
		return err
	}
	m.ForManager = true
	for _, st := range staff {
		if st.Email == "" || (st.Role != estate.StaffRoleAdmin && st.Role != estate.StaffRoleManager) {
			continue
		}
		m.Name = estate.Person{FullName: st.FullName}.GreetingName()
		if err := d.Notify.Queue(ctx, tx, template, st.Email, st.FullName, m); err != nil {
			return err
		}
	}
	return nil
}

// returnedWords says what refunds or a dispute did to a payment, for the
// mails: returned is how much more they take back than before.
func returnedWords(p Payment, returned int64) ReturnedNews {
	n := ReturnedNews{Amount: views.Money(max(returned, -returned), p.Currency), Stands: views.Money(p.Amount-p.Returned(), p.Currency),
		Refunded: views.Money(p.Refunded, p.Currency), Dispute: p.DisputeWords()}
	switch {
	case returned < 0:
		n.Kind = "restored"
	case returned == 0:
		n.Kind = "disputed"
	case p.DisputeHeld > 0 && p.Refunded < returned:
		n.Kind = "withdrawn"
	default:
		n.Kind = "refunded"
	}
	return n
}

// receiptMail queues the payer's receipt, with its PDF attached when the
// document can be made.
func (d *Desk) receiptMail(ctx context.Context, tx *sql.Tx, eff Effect, m PaymentMail, payer estate.Person) error {
	if payer.Email == "" {
		return nil
	}
	m.Name = payer.GreetingName()
	var atts []mail.Attachment
	if eff.Receipt != 0 {
		pub, err := ledger.JournalPublicID(ctx, tx, eff.Receipt)
		if err != nil {
			return err
		}
		m.ReceiptURL = d.Notify.PortalURL() + "/money/receipts/" + pub + ".pdf"
		m.Reference = ledger.ReceiptRef(eff.Receipt)
		if a, err := d.Notify.ReceiptPDF(ctx, tx, pub, payer); err != nil {
			// The payment stands whatever happens to its PDF: the mail
			// goes with the link alone.
			d.Logger.Error("receipt pdf for mail", "org", d.Org, "payment", eff.Payment.PublicID, "err", err)
		} else {
			atts, m.Attached = append(atts, a), true
		}
	}
	return d.Notify.Queue(ctx, tx, "payment_received", payer.Email, payer.FullName, m, atts...)
}
