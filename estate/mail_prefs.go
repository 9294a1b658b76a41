package estate

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// MailKind is a kind of optional email a resident or owner may turn off.
// Mail the law or their money needs (sign-in codes, demands, receipts,
// payment problems, reminders of arrears, a quote a landlord must
// approve) has no kind: it always goes.
type MailKind string

// The optional emails.
const (
	MailNotices   MailKind = "notices"   // a notice's copy
	MailDocuments MailKind = "documents" // a document shared with them
	MailCalendar  MailKind = "calendar"  // a date on the building calendar: planned works, visits
	MailRequests  MailKind = "requests"  // replies, visits and the resolution of their own requests
)

// MailKindInfo says what an optional email is, for the page that turns it
// on and off.
type MailKindInfo struct {
	Kind  MailKind
	Label string
	Hint  string
}

// MailKinds lists the optional emails in the order people see them.
var MailKinds = []MailKindInfo{
	{MailNotices, "New notices", "A copy of each notice posted to your building."},
	{MailDocuments, "Documents shared with you", "Each new document in your building's folders or for your home, often with the file attached."},
	{MailCalendar, "Building calendar", "Planned works, inspections and other dates that affect your home."},
	{MailRequests, "Updates on your requests", "Replies from us, visits booked or changed, and when a request you raised is resolved."},
}

// Valid reports whether k is one of the optional emails.
func (k MailKind) Valid() bool {
	return slices.ContainsFunc(MailKinds, func(i MailKindInfo) bool { return i.Kind == k })
}

// optedOut is who has turned off the kind of email, the one place every
// sender of an optional email asks (through Recipients or Wants).
func optedOut(ctx context.Context, q sqldb.Querier, kind MailKind, personID int64) (map[int64]bool, error) {
	if !kind.Valid() {
		return nil, fmt.Errorf("optional email: unknown kind %q", kind)
	}
	query, args := `SELECT person_id FROM email_opt_outs WHERE kind = ?`, []any{string(kind)}
	if personID != 0 {
		query, args = query+` AND person_id = ?`, append(args, personID)
	}
	ids, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (int64, error) {
		var id int64
		err := sc.Scan(&id)
		return id, err
	}, query, args...)
	if err != nil {
		return nil, fmt.Errorf("email opt-outs: %w", err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// Wants reports whether the person wants the kind of optional email.
func Wants(ctx context.Context, q sqldb.Querier, personID int64, kind MailKind) (bool, error) {
	off, err := optedOut(ctx, q, kind, personID)
	return !off[personID], err
}

// MailPrefs is which optional emails a person has turned off.
type MailPrefs map[MailKind]bool

// Wants reports whether the kind of email is on.
func (p MailPrefs) Wants(kind MailKind) bool { return !p[kind] }

// MailPrefsOf reads which optional emails the person has turned off.
func MailPrefsOf(ctx context.Context, q sqldb.Querier, personID int64) (MailPrefs, error) {
	kinds, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (MailKind, error) {
		var k string
		err := sc.Scan(&k)
		return MailKind(k), err
	}, `SELECT kind FROM email_opt_outs WHERE person_id = ?`, personID)
	if err != nil {
		return nil, fmt.Errorf("email preferences: %w", err)
	}
	p := MailPrefs{}
	for _, k := range kinds {
		p[k] = true
	}
	return p, nil
}

// SetMailPrefs turns on the optional emails in wanted and off the rest,
// and returns what changed for the audit log ("no change" when nothing
// did). An unknown kind refuses the whole change.
func SetMailPrefs(ctx context.Context, tx *sql.Tx, personID int64, wanted []string, now time.Time) (string, error) {
	on := map[MailKind]bool{}
	for _, w := range wanted {
		k := MailKind(w)
		if !k.Valid() {
			return "", errs.Fields{"emails": "Choose only the emails listed."}.Err()
		}
		on[k] = true
	}
	before, err := MailPrefsOf(ctx, tx, personID)
	if err != nil {
		return "", err
	}
	var changes []string
	for _, i := range MailKinds {
		switch {
		case on[i.Kind] && !before.Wants(i.Kind):
			_, err = tx.ExecContext(ctx, `DELETE FROM email_opt_outs WHERE person_id = ? AND kind = ?`, personID, string(i.Kind))
			changes = append(changes, i.Label+" on")
		case !on[i.Kind] && before.Wants(i.Kind):
			_, err = tx.ExecContext(ctx, `INSERT INTO email_opt_outs (person_id, kind, since) VALUES (?, ?, ?)`,
				personID, string(i.Kind), sqldb.At(now))
			changes = append(changes, i.Label+" off")
		}
		if err != nil {
			return "", fmt.Errorf("set email preferences: %w", err)
		}
	}
	if len(changes) == 0 {
		return "no change", nil
	}
	return strings.Join(changes, "; "), nil
}
