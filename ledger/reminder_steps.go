package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Limits of a site's reminder steps: a handful of reminders within a year
// of the due date; beyond that a debt is for a letter or the courts.
const (
	MaxReminderSteps = 5
	MaxReminderDays  = 365
)

// ReminderSteps are the days after an invoice's due date on which a
// reminder goes, ascending; none: no reminders.
type ReminderSteps []int

// String writes the steps as a manager types them, "7, 21".
func (s ReminderSteps) String() string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ", ")
}

// ParseReminderSteps reads steps as typed: whole days separated by commas
// or spaces ("7, 21"). A blank text is no reminders. The message says
// what is wrong, for the field.
func ParseReminderSteps(text string) (ReminderSteps, string) {
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\t' })
	if len(fields) > MaxReminderSteps {
		return nil, fmt.Sprintf("Enter at most %d reminders.", MaxReminderSteps)
	}
	var out ReminderSteps
	for _, f := range fields {
		d, err := strconv.Atoi(f)
		switch {
		case err != nil || d <= 0:
			return nil, fmt.Sprintf("Enter each reminder as a whole number of days after the due date, such as 7; %q is not.", f)
		case d > MaxReminderDays:
			return nil, fmt.Sprintf("Send reminders within %d days of the due date.", MaxReminderDays)
		case len(out) > 0 && d <= out[len(out)-1]:
			return nil, "Put the days in order, each later than the one before, such as 7, 21."
		}
		out = append(out, d)
	}
	return out, ""
}

// storedSteps reads the stored form, which SetReminderSteps checked.
func storedSteps(text string) ReminderSteps {
	s, _ := ParseReminderSteps(text)
	return s
}

// SiteReminderSteps returns the site's reminder steps; none when it sends
// no reminders.
func SiteReminderSteps(ctx context.Context, q sqldb.Querier, siteID int64) (ReminderSteps, error) {
	var days string
	err := q.QueryRowContext(ctx, `SELECT days FROM reminder_steps WHERE site_id = ?`, siteID).Scan(&days)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reminder steps: %w", err)
	}
	return storedSteps(days), nil
}

// SetReminderSteps checks the steps as typed and stores them as the
// site's, or clears them when blank. It returns the steps as they were
// and are now; a refusal names the field "reminder_days".
func SetReminderSteps(ctx context.Context, tx *sql.Tx, now time.Time, siteID int64, text string) (old, steps ReminderSteps, err error) {
	steps, msg := ParseReminderSteps(text)
	if msg != "" {
		return nil, nil, errs.Fields{"reminder_days": msg}.Err()
	}
	if old, err = SiteReminderSteps(ctx, tx, siteID); err != nil {
		return nil, nil, err
	}
	if len(steps) == 0 {
		_, err = tx.ExecContext(ctx, `DELETE FROM reminder_steps WHERE site_id = ?`, siteID)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO reminder_steps (site_id, days, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (site_id) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at`,
			siteID, steps.String(), sqldb.At(now))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("save reminder steps: %w", err)
	}
	return old, steps, nil
}
