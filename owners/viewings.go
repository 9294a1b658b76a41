package owners

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// A sale's viewings (sale_viewings): booked for a time, perhaps with a
// member of staff to show the viewer round, then done (with the viewer's
// feedback and interest), cancelled or missed.

// The statuses of a viewing.
const (
	ViewingBooked    = "booked"
	ViewingDone      = "done"
	ViewingCancelled = "cancelled"
	ViewingNoShow    = "no_show"
)

// ViewingStatuses lists the statuses with their words.
var ViewingStatuses = []Term{
	{ViewingBooked, "Booked"},
	{ViewingDone, "Done"},
	{ViewingCancelled, "Cancelled"},
	{ViewingNoShow, "Viewer did not come"},
}

// Outcomes are the statuses a viewing's outcome may record.
var Outcomes = ViewingStatuses[1:]

// How interested a viewer said they were after a viewing.
const (
	InterestHigh = "high"
	InterestSome = "some"
	InterestNone = "none"
)

// Interests lists the levels of interest with their words.
var Interests = []Term{
	{InterestHigh, "Very interested"},
	{InterestSome, "Some interest"},
	{InterestNone, "Not interested"},
}

// MaxViewingAhead is how far ahead a viewing may be booked.
const MaxViewingAhead = 366 * 24 * time.Hour

// Viewing is one viewing of a property for sale.
type Viewing struct {
	ID         int64
	PublicID   string
	UnitID     int64
	ViewerName string
	StartsAt   time.Time
	StaffID    int64  // the member of staff showing the viewer round; 0 for none
	StaffName  string // their name, "" for none
	Status     string
	Interest   string // after a done viewing: InterestHigh, InterestSome, InterestNone; else ""
	Feedback   string
	FeedbackAt time.Time // when the outcome was last recorded; zero before
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// StatusLabel names the viewing's status: "Booked".
func (v Viewing) StatusLabel() string { return termLabel(ViewingStatuses, v.Status) }

// InterestLabel names the viewer's interest, "" when none was recorded.
func (v Viewing) InterestLabel() string {
	if v.Interest == "" {
		return ""
	}
	return termLabel(Interests, v.Interest)
}

// HasFeedback reports whether the viewing was done and the viewer's
// interest or comments were recorded.
func (v Viewing) HasFeedback() bool {
	return v.Status == ViewingDone && (v.Interest != "" || v.Feedback != "")
}

// ViewingInput is a viewing to book. Field names in validation errors:
// unit, viewer_name, starts_at, staff.
type ViewingInput struct {
	UnitID     int64
	ViewerName string
	StartsAt   time.Time
	StaffID    int64 // optional: a member of staff
	CreatedBy  int64 // 0 for none
}

// BookViewing books a viewing of a property for sale. A viewing already
// held may be recorded too (a start in the past), up to a year ahead.
func BookViewing(ctx context.Context, tx *sql.Tx, now time.Time, in ViewingInput) (Viewing, error) {
	f := errs.Fields{}
	in.ViewerName = oneLine(in.ViewerName)
	if err := saleUnit(ctx, tx, f, in.UnitID); err != nil {
		return Viewing{}, err
	}
	f.Text("viewer_name", in.ViewerName, 120, "viewer's name", "Enter the viewer's name.")
	switch {
	case in.StartsAt.IsZero():
		f.Add("starts_at", "Enter the day and time of the viewing.")
	case in.StartsAt.Before(firstSaleDay):
		f.Add("starts_at", "Enter a date from 2000 onwards.")
	case in.StartsAt.After(now.Add(MaxViewingAhead)):
		f.Add("starts_at", "Book viewings up to a year ahead.")
	}
	v := Viewing{UnitID: in.UnitID, ViewerName: in.ViewerName, StartsAt: in.StartsAt.UTC(), StaffID: in.StaffID}
	if in.StaffID != 0 {
		err := tx.QueryRowContext(ctx, `SELECT p.full_name FROM staff s JOIN people p ON p.id = s.person_id
			WHERE s.person_id = ?`, in.StaffID).Scan(&v.StaffName)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			f.Add("staff", "Choose a member of staff, or nobody.")
		case err != nil:
			return Viewing{}, fmt.Errorf("book viewing: %w", err)
		}
	}
	if err := f.Err(); err != nil {
		return Viewing{}, err
	}
	v.PublicID, v.Status, v.CreatedBy, v.CreatedAt, v.UpdatedAt = sqldb.NewPublicID(), ViewingBooked, in.CreatedBy, now, now
	res, err := tx.ExecContext(ctx, `INSERT INTO sale_viewings (public_id, unit_id, viewer_name, starts_at, staff_id,
		status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.PublicID, v.UnitID, v.ViewerName, sqldb.At(v.StartsAt), nullPerson(v.StaffID), v.Status, nullPerson(v.CreatedBy),
		sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Viewing{}, fmt.Errorf("book viewing: %w", err)
	}
	v.ID, err = res.LastInsertId()
	return v, err
}

// Outcome is what became of a viewing. Field names in validation errors:
// status, interest, feedback.
type Outcome struct {
	ViewingID int64
	Status    string // ViewingDone, ViewingCancelled or ViewingNoShow
	Interest  string // for a done viewing: required
	Feedback  string // for a done viewing: optional, the viewer's words
}

// RecordOutcome records a viewing's outcome, or corrects it, and returns
// the viewing as it now is. Only a viewing whose time has come can be
// done or missed; a cancelled or missed one keeps no feedback.
func RecordOutcome(ctx context.Context, tx *sql.Tx, now time.Time, in Outcome) (Viewing, error) {
	v, err := getViewing(ctx, tx, `v.id = ?`, in.ViewingID)
	if err != nil {
		return v, err
	}
	f := errs.Fields{}
	in.Feedback = strings.TrimSpace(in.Feedback)
	if !isTerm(Outcomes, in.Status) {
		f.Add("status", "Choose done, cancelled or did not come.")
	}
	if (in.Status == ViewingDone || in.Status == ViewingNoShow) && v.StartsAt.After(now) {
		f.Add("status", "This viewing is on "+v.StartsAt.In(estate.UK).Format("2 January at 15:04")+
			": record how it went once it has happened, or cancel it.")
	}
	if in.Status == ViewingDone {
		if !isTerm(Interests, in.Interest) {
			f.Add("interest", "Choose how interested the viewer is.")
		}
		f.Text("feedback", in.Feedback, 2000, "feedback", "")
	} else {
		in.Interest, in.Feedback = "", ""
	}
	if err := f.Err(); err != nil {
		return v, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sale_viewings SET status = ?, interest = ?, feedback = ?, feedback_at = ?,
		updated_at = ? WHERE id = ?`, in.Status, in.Interest, in.Feedback, sqldb.At(now), sqldb.At(now), v.ID); err != nil {
		return v, fmt.Errorf("viewing outcome: %w", err)
	}
	v.Status, v.Interest, v.Feedback, v.FeedbackAt, v.UpdatedAt = in.Status, in.Interest, in.Feedback, now, now
	return v, nil
}

const viewingColumns = `v.id, v.public_id, v.unit_id, v.viewer_name, v.starts_at, coalesce(v.staff_id, 0),
	coalesce(p.full_name, ''), v.status, v.interest, v.feedback, v.feedback_at, coalesce(v.created_by, 0),
	v.created_at, v.updated_at FROM sale_viewings v LEFT JOIN people p ON p.id = v.staff_id`

func scanViewing(r sqldb.Scanner) (Viewing, error) {
	var v Viewing
	err := r.Scan(&v.ID, &v.PublicID, &v.UnitID, &v.ViewerName, sqldb.Into(&v.StartsAt), &v.StaffID, &v.StaffName,
		&v.Status, &v.Interest, &v.Feedback, sqldb.Into(&v.FeedbackAt), &v.CreatedBy, sqldb.Into(&v.CreatedAt),
		sqldb.Into(&v.UpdatedAt))
	return v, err
}

func getViewing(ctx context.Context, q sqldb.Querier, where string, args ...any) (Viewing, error) {
	v, err := scanViewing(q.QueryRowContext(ctx, `SELECT `+viewingColumns+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, errs.E(errs.NotFound, "There is no such viewing.")
	}
	if err != nil {
		return v, fmt.Errorf("get viewing: %w", err)
	}
	return v, nil
}

// GetViewing returns the viewing with the public id, or NotFound.
func GetViewing(ctx context.Context, q sqldb.Querier, publicID string) (Viewing, error) {
	return getViewing(ctx, q, `v.public_id = ?`, publicID)
}

// Viewings lists every viewing of the unit, earliest first.
func Viewings(ctx context.Context, q sqldb.Querier, unitID int64) ([]Viewing, error) {
	out, err := sqldb.QueryAll(ctx, q, scanViewing, `SELECT `+viewingColumns+` WHERE v.unit_id = ?
		ORDER BY v.starts_at, v.id`, unitID)
	if err != nil {
		return nil, fmt.Errorf("viewings: %w", err)
	}
	return out, nil
}

// ViewingsSplit is a property's viewings either side of a moment: those to
// come, soonest first, and those already started, latest first.
type ViewingsSplit struct {
	Past, Future []Viewing
}

// SplitViewings divides viewings (in any order) at now: a viewing starting
// at now or later is to come, whatever its status.
func SplitViewings(vs []Viewing, now time.Time) ViewingsSplit {
	var s ViewingsSplit
	for _, v := range vs {
		if v.StartsAt.Before(now) {
			s.Past = append(s.Past, v)
		} else {
			s.Future = append(s.Future, v)
		}
	}
	slices.SortStableFunc(s.Future, func(a, b Viewing) int { return a.StartsAt.Compare(b.StartsAt) })
	slices.SortStableFunc(s.Past, func(a, b Viewing) int { return b.StartsAt.Compare(a.StartsAt) })
	return s
}

// WithFeedback keeps the done viewings with feedback, latest first.
func WithFeedback(vs []Viewing) []Viewing {
	var out []Viewing
	for _, v := range vs {
		if v.HasFeedback() {
			out = append(out, v)
		}
	}
	slices.SortStableFunc(out, func(a, b Viewing) int { return b.StartsAt.Compare(a.StartsAt) })
	return out
}
