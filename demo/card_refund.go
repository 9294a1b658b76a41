package demo

import (
	"fmt"

	"porch/estate"
	"porch/ledger"
	"porch/payments"
)

// cardRefund gives the demo one card payment refunded in part: Amara
// Okafor paid half of what she owes on her oldest open invoice by card
// three days ago, a manager refunded a third of it yesterday (she had
// paid the same charge by bank transfer too), and Stripe's events say so.
// The payment goes through the functions Stripe's webhooks and the
// refund screen use, so the demo's ledger is what Porch would have made.
func (s *seeder) cardRefund() error {
	amara, err := estate.FindPersonByEmail(s.ctx, s.tx, ResidentEmail)
	if err != nil {
		return fmt.Errorf("demo: card refund: %w", err)
	}
	homes, err := estate.UnitsOfPerson(s.ctx, s.tx, amara.ID, s.now)
	if err != nil || len(homes) == 0 {
		return fmt.Errorf("demo: card refund: Amara's home: %v", err)
	}
	open, err := ledger.OpenInvoices(s.ctx, s.tx, homes[0].UnitID)
	if err != nil || len(open) == 0 {
		return fmt.Errorf("demo: card refund: Amara has no open invoice: %v", err)
	}
	inv := open[0]
	amount := inv.Outstanding() / 200 * 100 // half, in whole pounds
	if amount < 300 {
		return fmt.Errorf("demo: card refund: invoice %d owes too little", inv.Number)
	}
	paidAt, refundedAt := s.now.AddDate(0, 0, -3), s.now.AddDate(0, 0, -1)
	p, err := payments.Create(s.ctx, s.tx, paidAt, payments.NewPayment{Provider: payments.Stripe, UnitID: inv.UnitID,
		InvoiceID: inv.ID, PersonID: amara.ID, Amount: amount})
	if err != nil {
		return fmt.Errorf("demo: card payment: %w", err)
	}
	const session, intent = "cs_demo_amara_card", "pi_demo_amara_card"
	if err := payments.Started(s.ctx, s.tx, paidAt, p.ID, session, payments.StatusOpen, ""); err != nil {
		return err
	}
	if _, err := payments.Apply(s.ctx, s.tx, paidAt, payments.Event{Provider: payments.Stripe, ID: "evt_demo_amara_paid",
		Type: "checkout.session.completed", Created: paidAt, PaymentRef: session, PaymentPublic: p.PublicID,
		Status: payments.StatusPaid, Amount: amount, ProviderPayment: intent}); err != nil {
		return fmt.Errorf("demo: card payment paid: %w", err)
	}
	if p, err = payments.Get(s.ctx, s.tx, p.PublicID); err != nil {
		return err
	}
	mgr, err := estate.FindPersonByEmail(s.ctx, s.tx, StaffEmail)
	if err != nil {
		return err
	}
	refund := amount / 300 * 100
	_, err = payments.RequestRefund(s.ctx, s.tx, refundedAt, p, payments.RefundInput{Amount: refund, By: mgr.ID,
		Reason: "Paid twice: the same charge also came by bank transfer"})
	if err != nil {
		return fmt.Errorf("demo: card refund asked: %w", err)
	}
	_, err = payments.Apply(s.ctx, s.tx, refundedAt, payments.Event{Provider: payments.Stripe, ID: "evt_demo_amara_refunded",
		Type: "charge.refunded", Created: refundedAt, Kind: payments.KindRefund, ChargeRef: "ch_demo_amara_card",
		ProviderPayment: intent, Refunded: refund})
	if err != nil {
		return fmt.Errorf("demo: card refund landed: %w", err)
	}
	return nil
}
