package estate

import (
	"context"
	"fmt"
	"slices"

	"porch/sqldb"
)

// Recipient is a person an email about their building goes to: a notice's
// copy, an event planned, a document shared.
type Recipient struct {
	PersonID int64
	Name     string
	Email    string
}

// Emailable is the condition, on people aliased p, for someone such mail
// may go to: they have an email address, may use the portal and are not
// archived.
const Emailable = `p.email IS NOT NULL AND p.email != '' AND p.portal_enabled = 1 AND p.archived_at IS NULL`

// Recipients runs query, which selects p.id, p.full_name and p.email of
// the people to write to, each once, and returns them, leaving out anyone
// who has turned off this kind of optional email.
func Recipients(ctx context.Context, q sqldb.Querier, kind MailKind, query string, args ...any) ([]Recipient, error) {
	out, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Recipient, error) {
		var r Recipient
		err := sc.Scan(&r.PersonID, &r.Name, &r.Email)
		return r, err
	}, query, args...)
	if err != nil {
		return nil, fmt.Errorf("recipients: %w", err)
	}
	off, err := optedOut(ctx, q, kind, 0)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(out, func(r Recipient) bool { return off[r.PersonID] }), nil
}
