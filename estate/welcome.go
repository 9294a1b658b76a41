package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"porch/errs"
	"porch/sqldb"
)

// Limits of the welcome email, in characters.
const (
	MaxWelcomeSubject = 150
	MaxWelcomeText    = 4000
)

// WelcomeEmail is the subject and opening text of the invitation email a
// manager sends to a person, in the organisation's own words. Empty fields
// mean the defaults (see DefaultWelcomeEmail). Both may carry the
// placeholders of WelcomePlaceholders, replaced by Fill in each email.
type WelcomeEmail struct {
	Subject string
	Text    string // plain text; blank lines separate paragraphs
}

// DefaultWelcomeEmail is what an organisation that has not written its own
// welcome email sends.
func DefaultWelcomeEmail(orgName string) WelcomeEmail {
	return WelcomeEmail{
		Subject: "You're invited to the " + orgName + " portal",
		Text: orgName + " has set up an online portal for the homes we look after. " +
			"In it you can see the details we hold about your home and find how to contact us." +
			"\n\nYou do not need a password: accept the invitation below, and next time sign in " +
			"with your email address and we will send you a code.",
	}
}

// OrDefault fills blank fields from DefaultWelcomeEmail.
func (w WelcomeEmail) OrDefault(orgName string) WelcomeEmail {
	d := DefaultWelcomeEmail(orgName)
	if strings.TrimSpace(w.Subject) == "" {
		w.Subject = d.Subject
	}
	if strings.TrimSpace(w.Text) == "" {
		w.Text = d.Text
	}
	return w
}

// Validate normalises w in place and checks it. Field names in validation
// errors: subject, text.
func (w *WelcomeEmail) Validate() error {
	f := errs.Fields{}
	w.Subject = strings.TrimSpace(w.Subject)
	w.Text = strings.TrimSpace(strings.ReplaceAll(w.Text, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(w.Subject); {
	case n == 0:
		f.Add("subject", "Enter a subject for the email.")
	case strings.ContainsAny(w.Subject, "\r\n"):
		f.Add("subject", "Keep the subject to one line.")
	case n > MaxWelcomeSubject:
		f.Add("subject", fmt.Sprintf("Keep the subject to %d characters or fewer: it has %d.", MaxWelcomeSubject, n))
	}
	switch n := utf8.RuneCountInString(w.Text); {
	case n == 0:
		f.Add("text", "Enter the welcome text: it opens the invitation email.")
	case n > MaxWelcomeText:
		f.Add("text", fmt.Sprintf("Keep the welcome text to 4,000 characters or fewer: it has %d.", n))
	}
	checkPlaceholders(f, "subject", w.Subject)
	checkPlaceholders(f, "text", w.Text)
	if !utf8.ValidString(w.Subject) || !utf8.ValidString(w.Text) {
		f.Add("text", "The text contains characters that cannot be sent in an email.")
	}
	return f.Err()
}

// GetWelcomeEmail returns the welcome email as saved; fields are empty when
// the organisation has not written its own.
func GetWelcomeEmail(ctx context.Context, q sqldb.Querier) (WelcomeEmail, error) {
	var w WelcomeEmail
	err := q.QueryRowContext(ctx, `SELECT welcome_email_subject, welcome_email_text FROM settings WHERE id = 1`).
		Scan(&w.Subject, &w.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return w, errs.E(errs.Unavailable, "This organisation is not set up yet.")
	}
	if err != nil {
		return w, fmt.Errorf("read welcome email: %w", err)
	}
	return w, nil
}

// UpdateWelcomeEmail validates w and saves it.
func UpdateWelcomeEmail(ctx context.Context, tx *sql.Tx, w WelcomeEmail, now time.Time) error {
	if err := w.Validate(); err != nil {
		return err
	}
	// Settings carry updated_at, which this moves on.
	sqldb.Changed(tx, SettingsChange)
	_, err := tx.ExecContext(ctx, `UPDATE settings SET welcome_email_subject = ?, welcome_email_text = ?, updated_at = ?
		WHERE id = 1`, w.Subject, w.Text, sqldb.At(now))
	if err != nil {
		return fmt.Errorf("save welcome email: %w", err)
	}
	return nil
}
