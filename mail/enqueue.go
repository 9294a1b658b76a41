// Package mail is Porch's transactional mail: messages are written to an
// outbox in the organisation's database in the same transaction as the
// change that causes them, and a Sender delivers them afterwards over SMTP
// (or, in development, into .eml files that the /_dev/mail page lists).
//
// The catalog's mail_due table is a hint of which organisations have mail
// waiting, so the sender need not open every database to find out.
package mail

import (
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"porch/errs"
	"porch/sqldb"
)

// Message is one email to one recipient. Text is required so that every
// message has a plain-text part; HTML, when set, is offered as the richer
// alternative. Attachments, when any, are sent after the body as files.
type Message struct {
	To          string // bare address, e.g. jo@example.com
	ToName      string // display name, may be empty
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment
}

// Limits on what is accepted into the outbox. SMTP caps a header line at
// 998 characters; a subject far shorter than that is already unreadable.
const (
	maxSubject = 300
	maxName    = 200
	maxBody    = 1 << 20
)

// Validate checks m and trims surrounding space from its fields in place.
// The errors are Invalid with a message that names the problem.
func (m *Message) Validate() error {
	m.To = strings.TrimSpace(m.To)
	m.ToName = strings.TrimSpace(m.ToName)
	m.Subject = strings.TrimSpace(m.Subject)
	bad := func(field, msg string) error {
		return &errs.Error{Code: errs.Invalid, Message: msg, Fields: map[string]string{field: msg}}
	}
	// Headers are built from these fields; a line break in one would let
	// it smuggle in headers of its own.
	if strings.ContainsAny(m.To, "\r\n") || strings.ContainsAny(m.ToName, "\r\n") {
		return bad("to", "The recipient must not contain line breaks.")
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return bad("subject", "The subject must not contain line breaks.")
	}
	if m.To == "" {
		return bad("to", "The message has no recipient.")
	}
	// Only a bare address is stored: a display name belongs in ToName, and
	// "Name <addr>" here would be quoted twice when the header is built.
	if a, err := mail.ParseAddress(m.To); err != nil || a.Address != m.To {
		return bad("to", fmt.Sprintf("%q is not an email address like jo@example.com.", m.To))
	}
	if utf8.RuneCountInString(m.ToName) > maxName {
		return bad("to", "The recipient's name is too long.")
	}
	switch {
	case m.Subject == "":
		return bad("subject", "The message has no subject.")
	case utf8.RuneCountInString(m.Subject) > maxSubject:
		return bad("subject", fmt.Sprintf("The subject is too long: keep it to %d characters.", maxSubject))
	}
	if strings.TrimSpace(m.Text) == "" {
		return bad("text", "The message has no plain-text body.")
	}
	if len(m.Text) > maxBody || len(m.HTML) > maxBody {
		return bad("text", "The message body is too large.")
	}
	return validateAttachments(m.Attachments)
}

// Enqueue validates m and adds it to the outbox of the organisation slug
// inside tx, the caller's write transaction on that organisation's
// database, returning the message's public id. The message is sent only if
// tx commits; its attachments are stored with it in the same transaction.
//
// The catalog hint is written first, outside tx and before it commits: if
// the transaction then rolls back the hint is merely spurious (the sender
// finds nothing due and clears it), whereas writing it after the commit
// could leave a committed message with no hint if the process died in
// between.
func Enqueue(ctx context.Context, catalog *sql.DB, slug string, tx *sql.Tx, now time.Time, m Message) (string, error) {
	// Validate tidies the attachments in place; the caller's stay as given.
	m.Attachments = slices.Clone(m.Attachments)
	if err := m.Validate(); err != nil {
		return "", err
	}
	if !validSlug(slug) {
		return "", fmt.Errorf("mail: enqueue: invalid organisation %q", slug)
	}
	// Stored instants compare as text (next_attempt_at <= ?, min(due_at,
	// ...)), which the due queries rely on; sqldb.Time keeps them comparable.
	at := sqldb.At(now)
	if err := markDue(ctx, catalog, slug, now); err != nil {
		return "", err
	}
	id := sqldb.NewPublicID()
	res, err := tx.ExecContext(ctx, `INSERT INTO mail_outbox
		(public_id, to_addr, to_name, subject, text_body, html_body, status, attempts, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
		id, m.To, m.ToName, m.Subject, m.Text, m.HTML, at, at)
	if err != nil {
		return "", fmt.Errorf("mail: enqueue: %w", err)
	}
	if len(m.Attachments) > 0 {
		row, err := res.LastInsertId()
		if err != nil {
			return "", fmt.Errorf("mail: enqueue: %w", err)
		}
		if err := storeAttachments(ctx, tx, row, m.Attachments); err != nil {
			return "", fmt.Errorf("mail: enqueue attachments: %w", err)
		}
	}
	return id, nil
}

// markDue records that slug has mail due at (or before) at, keeping an
// earlier time already recorded so that a later message never delays an
// earlier one.
func markDue(ctx context.Context, catalog *sql.DB, slug string, at time.Time) error {
	_, err := catalog.ExecContext(ctx, `INSERT INTO mail_due (slug, due_at) VALUES (?, ?)
		ON CONFLICT (slug) DO UPDATE SET due_at = min(due_at, excluded.due_at)`, slug, sqldb.At(at))
	if err != nil {
		return fmt.Errorf("mail: mark %s due: %w", slug, err)
	}
	return nil
}

// validSlug accepts a plain name that is safe as one path element: letters,
// digits, hyphens and underscores only, so never "." or ".." or a
// separator.
func validSlug(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
		default:
			return false
		}
	}
	return true
}
