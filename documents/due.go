package documents

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"porch/sqldb"
)

// States of a certificate on a given day.
const (
	CertValid    = "valid"
	CertDueSoon  = "due_soon" // expires within DueSoonDays
	CertExpired  = "expired"
	CertReplaced = "replaced" // a newer certificate of the same type is on file
)

// Certificate is a home's certificate with its state on the day its list
// was read, for the owner's portal and the manager's list of renewals.
type Certificate struct {
	Document
	State string // CertValid, CertDueSoon, CertExpired or CertReplaced
	Days  int    // days from that day to the expiry: negative once expired
}

// certificateOf is the document's certificate state on today.
func certificateOf(d Document, today time.Time) Certificate {
	c := Certificate{Document: d, State: CertValid, Days: int(day(d.ExpiresOn).Sub(day(today)).Hours() / 24)}
	switch {
	case d.Expired(today):
		c.State = CertExpired
	case d.DueSoon(today):
		c.State = CertDueSoon
	}
	return c
}

// Flagged reports whether the certificate needs renewing: expired, or due
// soon, and not replaced by a newer one.
func (c Certificate) Flagged() bool { return c.State == CertExpired || c.State == CertDueSoon }

// StateLabel is the certificate's state in words, never by colour alone.
func (c Certificate) StateLabel() string {
	return map[string]string{CertValid: "Valid", CertDueSoon: "Due soon", CertExpired: "Expired", CertReplaced: "Replaced"}[c.State]
}

// Countdown says how far the expiry is from the day the list was read,
// to follow the date: "in 12 days", "3 days ago", "today".
func (c Certificate) Countdown() string {
	switch {
	case c.Days == 0:
		return "today"
	case c.Days == 1:
		return "tomorrow"
	case c.Days == -1:
		return "yesterday"
	case c.Days < 0:
		return fmt.Sprintf("%d days ago", -c.Days)
	}
	return fmt.Sprintf("in %d days", c.Days)
}

// kindOrder is where a certificate's type comes in CertificateKinds; one
// not listed (typed before the list existed) comes last.
func kindOrder(kind string) int {
	if i := slices.Index(CertificateKinds, kind); i >= 0 {
		return i
	}
	return len(CertificateKinds)
}

// Certificates orders a home's certificates by type, in CertificateKinds
// order, the newest of each type first (by expiry, then issue), with their
// states on today: each older certificate of a type is replaced by the
// newest, except those of type Other, which stand alone.
func Certificates(ds []Document, today time.Time) []Certificate {
	var out []Certificate
	for _, d := range ds {
		if d.IsCertificate() {
			out = append(out, certificateOf(d, today))
		}
	}
	slices.SortStableFunc(out, func(a, b Certificate) int {
		return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), cmp.Compare(a.Kind, b.Kind),
			b.ExpiresOn.Compare(a.ExpiresOn), b.DatedOn.Compare(a.DatedOn), cmp.Compare(b.ID, a.ID))
	})
	for i := 1; i < len(out); i++ {
		if out[i].Kind == out[i-1].Kind && out[i].Kind != CertificateOther && out[i].UnitID == out[i-1].UnitID {
			out[i].State = CertReplaced
		}
	}
	return out
}

// newestCertificate is the condition for a certificate on the portal that
// no newer certificate of the same type (but Other) for its home replaces.
const newestCertificate = `d.category = 'certificate' AND d.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM documents n
	WHERE n.unit_id = d.unit_id AND n.category = 'certificate' AND n.kind = d.kind AND n.kind != 'Other' AND n.removed_at IS NULL
	AND (n.expires_on > d.expires_on OR (n.expires_on = d.expires_on AND n.id > d.id)))`

// CertificatesDue lists, across every home in use, the certificates that
// expired or expire within DueSoonDays of today and were not replaced by a
// newer one of their type: the soonest expiry first.
func CertificatesDue(ctx context.Context, q sqldb.Querier, today time.Time) ([]Certificate, error) {
	ds, err := sqldb.QueryAll(ctx, q, scanDoc, `SELECT `+docCols+docFrom+` WHERE `+newestCertificate+`
		AND u.archived_at IS NULL AND s.archived_at IS NULL AND d.expires_on <= ?
		ORDER BY d.expires_on, s.name COLLATE NOCASE, u.name COLLATE NOCASE, d.id`, sqldb.FormatDate(day(today).AddDate(0, 0, DueSoonDays)))
	if err != nil {
		return nil, fmt.Errorf("certificates due: %w", err)
	}
	out := make([]Certificate, len(ds))
	for i, d := range ds {
		out[i] = certificateOf(d, today)
	}
	return out, nil
}
