package handlers

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/ledger"
	"porch/mail"
	"porch/payments"
	"porch/views"
)

// paymentMail is what the payment emails say.
type paymentMail struct {
	Name       string
	Amount     string
	Method     string
	Unit       string
	Invoice    string
	Reference  string
	Reason     string
	Payer      string
	ReceiptURL string
	Attached   bool // the receipt PDF goes with the mail
	ForManager bool
}

// paymentMails queues, inside tx, the emails an applied provider event
// calls for: a receipt to the payer when a payment is received; when one
// is reversed, a note to the payer and to every administrator and manager.
func (s *Kit) paymentMails(ctx context.Context, c echo.Context, tx *sql.Tx, eff payments.Effect) error {
	if !eff.Received && !eff.Reversed {
		return nil
	}
	p := eff.Payment
	m := paymentMail{Amount: views.Money(p.Amount, p.Currency), Method: paymentMethodWords(p), Reference: p.ProviderRef, Reason: p.Failure}
	unit, err := estate.GetUnitByID(ctx, tx, p.UnitID)
	if err != nil {
		return err
	}
	m.Unit = unit.Name + ", " + unit.SiteName
	if p.InvoiceID != 0 {
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT number FROM invoices WHERE id = ?`, p.InvoiceID).Scan(&n); err == nil {
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
		if payer.Email == "" {
			return nil
		}
		m.Name = payer.FullName
		var atts []mail.Attachment
		if eff.Receipt != 0 {
			pub, err := journalPublicID(ctx, tx, eff.Receipt)
			if err != nil {
				return err
			}
			m.ReceiptURL = s.OrgURL(c) + "/money/receipts/" + pub + ".pdf"
			if a, err := s.receiptAttachment(ctx, c, tx, pub, payer); err != nil {
				// The payment stands whatever happens to its PDF: the mail
				// goes with the link alone.
				s.Logger.Error("receipt pdf for mail", "org", OrgOf(c).Slug, "payment", p.PublicID, "err", err)
			} else {
				atts, m.Attached = append(atts, a), true
			}
		}
		return s.QueueMail(ctx, c, tx, "payment_received", payer.Email, payer.FullName, m, atts...)
	}
	if m.Reason == "" {
		m.Reason = "the payment was reversed by the provider"
	}
	if payer.Email != "" {
		m.Name = payer.FullName
		if err := s.QueueMail(ctx, c, tx, "payment_failed", payer.Email, payer.FullName, m); err != nil {
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
		m.Name = st.FullName
		if err := s.QueueMail(ctx, c, tx, "payment_failed", st.Email, st.FullName, m); err != nil {
			return err
		}
	}
	return nil
}

// receiptAttachment is the receipt PDF of the receipt journal pub, read
// inside tx, where it was just posted.
func (s *Kit) receiptAttachment(ctx context.Context, c echo.Context, tx *sql.Tx, pub string, payer estate.Person) (mail.Attachment, error) {
	r, err := ledger.GetReceipt(ctx, tx, pub)
	if err != nil {
		return mail.Attachment{}, err
	}
	data, name, err := s.receiptPDF(c, tx, r, payer.DisplayName())
	if err != nil {
		return mail.Attachment{}, err
	}
	return mail.Attachment{Filename: name, ContentType: "application/pdf", Data: data}, nil
}

func paymentMethodWords(p payments.Payment) string {
	if p.Provider == payments.GoCardless {
		return "Direct Debit"
	}
	return "card"
}

// journalPublicID is the public id of a journal, which names its receipt
// PDF.
func journalPublicID(ctx context.Context, q estate.Querier, id int64) (string, error) {
	var pub string
	err := q.QueryRowContext(ctx, `SELECT public_id FROM journals WHERE id = ?`, id).Scan(&pub)
	return pub, err
}
