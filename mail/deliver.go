package mail

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"

	"porch/estate"
	"porch/sqldb"
	"porch/tenants"
)

// Delivery policy.
const (
	batchSize     = 25               // outbox rows read at a time
	maxAttempts   = 20               // after this many failures a message is given up
	baseBackoff   = 30 * time.Second // wait after the first failure, doubled after each further one
	maxBackoff    = time.Hour
	sendTimeout   = 2 * time.Minute  // one message, dial to QUIT
	recordTimeout = 10 * time.Second // writing one outcome
	maxErrorText  = 500              // bytes of last_error kept
)

// outboxRow is a pending message as read for delivery.
type outboxRow struct {
	id                   int64
	publicID, to, toName string
	subject, text, html  string
	attempts             int
}

// DeliverDue sends the due pending mail of one organisation now, oldest
// first, then sets its catalog hint to when mail is next due (or removes
// it). Failures of single messages are recorded on them, not returned; an
// error means the organisation could not be opened, read or written, and
// its hint is left in place.
func (s *Sender) DeliverDue(ctx context.Context, slug string) error {
	unlock := s.lockOrg(slug)
	defer unlock()
	db, release, err := s.orgs.Acquire(ctx, slug)
	if err != nil {
		return fmt.Errorf("mail: open %s: %w", slug, err)
	}
	defer release()
	set, err := estate.GetSettings(ctx, db.Read())
	if err != nil {
		return fmt.Errorf("mail: %s: %w", slug, err)
	}
	// The id cursor guarantees the loop ends even if an outcome could not
	// move a row out of the due set.
	var after int64
	for {
		batch, err := dueBatch(ctx, db.Read(), s.cfg.Now(), after)
		if err != nil {
			return fmt.Errorf("mail: %s: read outbox: %w", slug, err)
		}
		for _, r := range batch {
			after = r.id
			if err := s.deliver(ctx, db, slug, set, r); err != nil {
				return err
			}
		}
		if len(batch) < batchSize {
			break
		}
	}
	return s.updateHint(ctx, db, slug)
}

func dueBatch(ctx context.Context, q sqldb.Querier, now time.Time, after int64) ([]outboxRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, public_id, to_addr, to_name, subject, text_body, html_body, attempts
		FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= ? AND id > ?
		ORDER BY id LIMIT ?`, sqldb.At(now), after, batchSize)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []outboxRow
	for rows.Next() {
		var r outboxRow
		if err := rows.Scan(&r.id, &r.publicID, &r.to, &r.toName, &r.subject, &r.text, &r.html, &r.attempts); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// deliver sends one message and records the outcome. No transaction is
// open while the transport talks to the server; the outcome is written in a
// short transaction of its own afterwards.
func (s *Sender) deliver(ctx context.Context, db *tenants.DB, slug string, set estate.Settings, r outboxRow) error {
	// Attachments are read one message at a time, so a batch never holds
	// more than one message's files in memory.
	atts, err := loadAttachments(ctx, db.Read(), r.id)
	if err != nil {
		return fmt.Errorf("mail: %s: read attachments of %s: %w", slug, r.publicID, err)
	}
	msg, err := s.build(set, r, atts, s.cfg.Now())
	giveUp := err != nil // a row that cannot be built never will be
	if err == nil {
		sctx, cancel := context.WithTimeout(ctx, sendTimeout)
		err = s.t.Send(sctx, slug, msg)
		cancel()
		if err != nil && ctx.Err() != nil {
			// Shutting down: the failure is ours, not the message's.
			return ctx.Err()
		}
	}
	// Record even if ctx ends now: forgetting a success would send the
	// message again.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	now := sqldb.At(s.cfg.Now())
	if err == nil {
		werr := db.Write(rctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(rctx, `UPDATE mail_outbox SET status = 'sent', sent_at = ?,
				attempts = attempts + 1, last_error = '' WHERE id = ? AND status = 'pending'`, now, r.id)
			return err
		})
		if werr != nil {
			return fmt.Errorf("mail: %s: record sent %s: %w", slug, r.publicID, werr)
		}
		s.log.Info("mail sent", "org", slug, "id", r.publicID, "attempts", r.attempts+1)
		return nil
	}

	attempts := r.attempts + 1
	failed := giveUp || permanent(err) || attempts >= maxAttempts
	status := "pending"
	if failed {
		status = "failed"
	}
	next := s.cfg.Now().Add(backoff(attempts))
	text := errorText(err)
	werr := db.Write(rctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(rctx, `UPDATE mail_outbox SET status = ?, attempts = ?, last_error = ?,
			next_attempt_at = ? WHERE id = ? AND status = 'pending'`, status, attempts, text, sqldb.At(next), r.id)
		return err
	})
	if failed {
		s.log.Error("mail delivery failed, giving up", "org", slug, "id", r.publicID, "attempts", attempts, "err", text)
	} else {
		s.log.Warn("mail delivery failed, will retry", "org", slug, "id", r.publicID,
			"attempts", attempts, "retry_at", next.UTC().Format(time.RFC3339), "err", text)
	}
	if werr != nil {
		return fmt.Errorf("mail: %s: record failure of %s: %w", slug, r.publicID, werr)
	}
	return nil
}

// build makes the message as it goes on the wire: the text (with the HTML
// as its alternative) and then any attachments, which make it
// multipart/mixed.
func (s *Sender) build(set estate.Settings, r outboxRow, atts []Attachment, now time.Time) (*gomail.Msg, error) {
	// Checked again as stored: a row that would not pass now is given up
	// rather than sent with a name or type the recipient should not see.
	if err := validateAttachments(atts); err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := m.FromFormat(set.Name, s.cfg.From); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	// Replies go to the organisation, not to the unattended From address.
	// Settings validation keeps the contact address well formed; should one
	// slip through, the message is better sent without Reply-To than not.
	if set.ContactEmail != "" {
		_ = m.ReplyTo(set.ContactEmail)
	}
	if err := m.AddToFormat(r.toName, r.to); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	m.Subject(r.subject)
	// The Message-ID is derived from the outbox row, so a retry after an
	// ambiguous failure carries the same id and receivers can tell.
	m.SetMessageIDWithValue(r.publicID + "@" + s.domain)
	m.SetDateWithValue(now)
	// RFC 3834: tells auto-responders not to answer.
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, r.text)
	if r.html != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, r.html)
	}
	attach(m, atts)
	return m, nil
}

// updateHint sets the org's catalog hint to its earliest pending
// next_attempt_at, or deletes it when nothing is pending.
//
// It runs inside a write transaction on the org database so that it cannot
// lose a concurrent Enqueue: that runs in a write transaction too, and
// SQLite lets only one hold the write lock. Either the enqueue committed
// first, and its row is counted here, or it starts after this commits, and
// its own hint write lands after this one.
func (s *Sender) updateHint(ctx context.Context, db *tenants.DB, slug string) error {
	err := db.Write(ctx, func(tx *sql.Tx) error {
		var next sql.NullString
		err := tx.QueryRowContext(ctx,
			`SELECT min(next_attempt_at) FROM mail_outbox WHERE status = 'pending'`).Scan(&next)
		if err != nil {
			return err
		}
		cat := s.orgs.Catalog()
		if !next.Valid {
			_, err = cat.ExecContext(ctx, `DELETE FROM mail_due WHERE slug = ?`, slug)
			return err
		}
		_, err = cat.ExecContext(ctx, `INSERT INTO mail_due (slug, due_at) VALUES (?, ?)
			ON CONFLICT (slug) DO UPDATE SET due_at = excluded.due_at`, slug, next.String)
		return err
	})
	if err != nil {
		return fmt.Errorf("mail: %s: update due hint: %w", slug, err)
	}
	return nil
}

// backoff is the wait after the given number of failed attempts: 30s, 1m,
// 2m, ... capped at an hour.
func backoff(attempts int) time.Duration {
	d := baseBackoff
	for i := 1; i < attempts && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// errorText is err as stored in last_error: one line, bounded. Transports
// keep credentials out of their errors (see smtpTransport.scrub).
func errorText(err error) string {
	if err == nil {
		return ""
	}
	s := strings.Join(strings.Fields(err.Error()), " ")
	if s == "" {
		s = "unknown error"
	}
	if len(s) <= maxErrorText {
		return s
	}
	cut := maxErrorText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
