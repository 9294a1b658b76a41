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
// reversed, a note to the payer and to every administrator and manager.
func (d *Desk) mails(ctx context.Context, tx *sql.Tx, eff Effect) error {
	if !eff.Received && !eff.Reversed {
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
	if eff.Received {
		return d.receiptMail(ctx, tx, eff, m, payer)
	}
	if m.Reason == "" {
		m.Reason = "the payment was reversed by the provider"
	}
	if payer.Email != "" {
		m.Name = payer.GreetingName()
		if err := d.Notify.Queue(ctx, tx, "payment_failed", payer.Email, payer.FullName, m); err != nil {
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
		if err := d.Notify.Queue(ctx, tx, "payment_failed", st.Email, st.FullName, m); err != nil {
			return err
		}
	}
	return nil
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
