package sales

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
	"porch/owners"
)

// Recording an offer and the decision on it. Each change is written in one
// transaction with its audit entry. A refusal shows the form again with
// messages next to its fields and writes nothing (422: htmx gets the form
// or the row alone, a plain post the whole page); a change that worked
// sends htmx the whole screen with a notice and a plain post a redirect.

// offerFields are the record form's field names.
var offerFields = handlers.FormKeys("buyer_name", "amount", "position", "note", "made_on")

// recordOffer records an offer on the property, under consideration.
func (s *handler) recordOffer(c echo.Context) error {
	p, err := s.loadSale(c.Request().Context(), c)
	if err != nil {
		return err
	}
	f := &p.Offer
	*f = offerForm{BuyerName: c.FormValue("buyer_name"), Amount: strings.TrimSpace(c.FormValue("amount")),
		Position: c.FormValue("position"), Note: c.FormValue("note"), MadeOn: strings.TrimSpace(c.FormValue("made_on")),
		Errors: errs.Fields{}, Open: true}
	in := owners.OfferInput{UnitID: p.Unit.ID, BuyerName: f.BuyerName, Position: f.Position, Note: f.Note,
		CreatedBy: handlers.IdentityOf(c).Person.ID}
	if f.Amount != "" {
		in.Amount = handlers.AmountField(f.Errors, "amount", f.Amount)
	}
	if f.MadeOn != "" {
		in.MadeOn = handlers.DateField(f.Errors, "made_on", f.MadeOn)
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		// The domain checks every field, so all messages show at once;
		// what the form could not read is refused here, rolled back.
		o, err := owners.RecordOffer(ctx, tx, s.Now(), in)
		if err == nil {
			err = f.Errors.Err()
		}
		if err != nil {
			return "", "", "", err
		}
		return "sale.offer_recorded", p.Unit.PublicID, fmt.Sprintf("%s from %s (%s), made on %s",
			ledger.Pounds(o.Amount), o.BuyerName, o.PositionLabel(), o.MadeOn.Format("2 January 2006")), nil
	})
	if _, ok := handlers.FieldsOf(err); ok {
		return s.refusedForm(c, p, &f.Errors, err, offerFields, "sale-offer-form")
	}
	if err != nil {
		return err
	}
	return s.done(c, "offer")
}

// offerAction is the audit action of moving an offer to status.
func offerAction(status string) (action string) {
	switch status {
	case owners.OfferAccepted:
		action = "sale.offer_accepted"
	case owners.OfferRejected:
		action = "sale.offer_rejected"
	default:
		action = "sale.offer_withdrawn"
	}
	return action
}

// decideOffer records the seller's decision on an offer, or the buyer's
// withdrawal. Accepting a second offer is refused on the offer's row.
func (s *handler) decideOffer(c echo.Context) error {
	p, err := s.loadSale(c.Request().Context(), c)
	if err != nil {
		return err
	}
	row := p.offer(c.Param("offer"))
	if row == nil {
		return errs.E(errs.NotFound, "There is no such offer.")
	}
	row.Decision, row.DecideOn = c.FormValue("status"), strings.TrimSpace(c.FormValue("decided_on"))
	fe := errs.Fields{}
	d := owners.OfferDecision{OfferID: row.ID, Status: row.Decision}
	if row.DecideOn != "" {
		d.On = handlers.DateField(fe, "decided_on", row.DecideOn)
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		o, err := owners.DecideOffer(ctx, tx, s.Now(), d)
		if err == nil {
			err = fe.Err()
		}
		if err != nil {
			return "", "", "", err
		}
		return offerAction(o.Status), p.Unit.PublicID, fmt.Sprintf("%s from %s: %s on %s", ledger.Pounds(o.Amount),
			o.BuyerName, strings.ToLower(o.StatusLabel()), o.DecidedOn.Format("2 January 2006")), nil
	})
	if _, ok := handlers.FieldsOf(err); ok {
		handlers.AddChecks(fe, err)
		row.Error = rowError(fe, "status", "decided_on")
		return s.refusedRow(c, p, row.RowID(), *row, "sale-offer-row")
	}
	if err != nil {
		return err
	}
	return s.done(c, d.Status)
}

// refusedForm answers a form refused: its messages, those the form found
// and those of the domain's refusal err, next to its fields or, for
// fields it does not have, above them; htmx aimed at the form gets the
// form alone, anything else the whole page (422).
func (s *handler) refusedForm(c echo.Context, p *salePage, msgs *errs.Fields, err error, onForm func(string) bool, block string) error {
	handlers.AddChecks(*msgs, err)
	*msgs = handlers.MapFields(*msgs, onForm)
	return s.show(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, block))
}

// refusedRow answers a change refused on a row: htmx aimed at the row
// gets the row alone (block, from row's data), anything else the whole
// page (422).
func (s *handler) refusedRow(c echo.Context, p *salePage, rowID string, row any, block string) error {
	if handlers.HX(c).Swaps() == rowID {
		return s.Render(c, http.StatusUnprocessableEntity, handlers.View{Page: "admin_sale", Title: p.title(),
			Data: row, Wide: true, Block: block})
	}
	return s.show(c, http.StatusUnprocessableEntity, p, "")
}

// rowError is a row's refusal as one sentence: the messages of its fields
// in order, then any other.
func rowError(f errs.Fields, order ...string) string {
	var msgs []string
	for _, k := range order {
		if m := f[k]; m != "" {
			msgs = append(msgs, m)
			delete(f, k)
		}
	}
	for _, m := range f {
		msgs = append(msgs, m)
	}
	return strings.Join(msgs, " ")
}
