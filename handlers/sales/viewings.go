package sales

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/owners"
	"porch/views"
)

// Booking a viewing and recording how it went, answered as offers are
// (see offers.go).

// viewingFields are the booking form's field names.
var viewingFields = handlers.FormKeys("viewer_name", "starts_at", "staff")

// bookViewing books a viewing of the property, with the member of staff
// showing the viewer round when one is chosen.
func (s *handler) bookViewing(c echo.Context) error {
	p, err := s.loadSale(c.Request().Context(), c)
	if err != nil {
		return err
	}
	f := &p.Viewing
	*f = viewingForm{ViewerName: c.FormValue("viewer_name"), StartsAt: strings.TrimSpace(c.FormValue("starts_at")),
		Staff: c.FormValue("staff"), Errors: errs.Fields{}, Open: true}
	in := owners.ViewingInput{UnitID: p.Unit.ID, ViewerName: f.ViewerName, CreatedBy: handlers.IdentityOf(c).Person.ID}
	if at, msg := handlers.ParseFormDateTime(f.StartsAt); msg != "" {
		f.Errors.Add("starts_at", msg)
	} else {
		in.StartsAt = at
	}
	if f.Staff != "" {
		id, ok := p.staffByPublic[f.Staff]
		if !ok {
			f.Errors.Add("staff", "Choose a member of staff, or nobody.")
		}
		in.StaffID = id
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		v, err := owners.BookViewing(ctx, tx, s.Now(), in)
		if err == nil {
			err = f.Errors.Err()
		}
		if err != nil {
			return "", "", "", err
		}
		detail := v.ViewerName + " on " + views.DateTime(v.StartsAt)
		if v.StaffName != "" {
			detail += ", with " + v.StaffName
		}
		return "sale.viewing_booked", p.Unit.PublicID, detail, nil
	})
	if _, ok := handlers.FieldsOf(err); ok {
		return s.refusedForm(c, p, &f.Errors, err, viewingFields, "sale-viewing-form")
	}
	if err != nil {
		return err
	}
	return s.done(c, "viewing")
}

// recordOutcome records how a viewing went: done, with the viewer's
// interest and feedback, cancelled, or missed by the viewer.
func (s *handler) recordOutcome(c echo.Context) error {
	p, err := s.loadSale(c.Request().Context(), c)
	if err != nil {
		return err
	}
	row := p.viewing(c.Param("viewing"))
	if row == nil {
		return errs.E(errs.NotFound, "There is no such viewing.")
	}
	row.Outcome, row.Interest, row.Comments = c.FormValue("status"), c.FormValue("interest"), c.FormValue("feedback")
	row.Errors, row.Open = errs.Fields{}, true
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		v, err := owners.RecordOutcome(ctx, tx, s.Now(), owners.Outcome{ViewingID: row.ID, Status: row.Outcome,
			Interest: row.Interest, Feedback: row.Comments})
		if err != nil {
			return "", "", "", err
		}
		detail := fmt.Sprintf("%s on %s: %s", v.ViewerName, views.DateTime(v.StartsAt), strings.ToLower(v.StatusLabel()))
		if v.Interest != "" {
			detail += ", " + strings.ToLower(v.InterestLabel())
		}
		return "sale.viewing_outcome", p.Unit.PublicID, detail, nil
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		row.Errors = handlers.MapFields(fields, handlers.FormKeys("status", "interest", "feedback"))
		return s.refusedRow(c, p, row.RowID(), *row, "sale-viewing-row")
	}
	if err != nil {
		return err
	}
	return s.done(c, "outcome")
}
