package documents

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"porch/estate"
	"porch/sqldb"
)

// Holding is one of a person's current links to a home: the unit, its
// site and the role they hold there. Portal marks an owner's link to a
// property their owner portal shows (see WithOwnerPortal).
type Holding struct {
	UnitID int64  `json:"u"`
	SiteID int64  `json:"s"`
	Role   string `json:"r"`
	Portal bool   `json:"p,omitempty"`
}

// HoldingsOf turns a person's current links into holdings.
func HoldingsOf(links []estate.PersonUnit) []Holding {
	out := make([]Holding, len(links))
	for i, l := range links {
		out[i] = Holding{UnitID: l.UnitID, SiteID: l.SiteID, Role: l.Role}
	}
	return out
}

// WithOwnerPortal marks the owner's holdings of the properties (unit ids)
// their owner portal shows, so they may also read the certificates,
// inspections and tenancy agreements of those properties and what the
// agency copied to their portals.
func WithOwnerPortal(hs []Holding, unitIDs []int64) []Holding {
	out := slices.Clone(hs)
	for i, h := range out {
		out[i].Portal = h.Role == estate.RoleOwner && slices.Contains(unitIDs, h.UnitID)
	}
	return out
}

// seenBy is the condition for a document the holder of the holdings (a
// JSON array, the first argument) may see: on the portal and released; in
// an active folder of one of their sites opened to owners when they own a
// home there, to residents when they live in or lease one; or for one of
// their homes in a role the document names; or, for the owner of a
// property in their portal, that property's categorised documents and the
// documents copied to its owner portal.
const seenBy = `d.removed_at IS NULL AND d.released_at IS NOT NULL AND (
	(d.folder_id IS NOT NULL AND f.archived_at IS NULL AND EXISTS (SELECT 1 FROM json_each(?1) h
		WHERE h.value ->> 's' = f.site_id
		AND CASE WHEN h.value ->> 'r' = 'owner' THEN f.owners_see ELSE f.residents_see END = 1))
	OR (d.unit_id IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(?1) h JOIN json_each(d.roles) r ON r.value = h.value ->> 'r'
		WHERE h.value ->> 'u' = d.unit_id))
	OR ((d.folder_id IS NULL OR f.archived_at IS NULL) AND EXISTS (SELECT 1 FROM json_each(?1) h
		WHERE h.value ->> 'p' AND h.value ->> 'r' = 'owner'
		AND ((d.category != '' AND h.value ->> 'u' = d.unit_id)
			OR EXISTS (SELECT 1 FROM owner_copies c WHERE c.document_id = d.id AND c.unit_id = h.value ->> 'u')))))`

func holdingsJSON(hs []Holding) string {
	b, _ := json.Marshal(hs)
	return string(b)
}

// ForPerson returns the documents a person with these current holdings
// may see: the folders' by site, folder order and newest first, then their
// homes' by home and newest first.
func ForPerson(ctx context.Context, q sqldb.Querier, hs []Holding) ([]Document, error) {
	if len(hs) == 0 {
		return nil, nil
	}
	out, err := sqldb.QueryAll(ctx, q, scanDoc, `SELECT `+docCols+docFrom+` WHERE `+seenBy+`
		ORDER BY d.unit_id IS NOT NULL, s.name COLLATE NOCASE, s.id, f.sort_order, f.id, u.name COLLATE NOCASE, u.id,
		d.released_at DESC, d.id DESC`, holdingsJSON(hs))
	if err != nil {
		return nil, fmt.Errorf("documents for person: %w", err)
	}
	return out, nil
}

// GetFor finds a document a person with these holdings may see; any other
// is NotFound, as a missing one is.
func GetFor(ctx context.Context, q sqldb.Querier, hs []Holding, publicID string) (Document, error) {
	if !sqldb.ValidPublicID(publicID) || len(hs) == 0 {
		return Document{}, noDocument
	}
	d, err := scanDoc(q.QueryRowContext(ctx, `SELECT `+docCols+docFrom+` WHERE d.public_id = ?2 AND `+seenBy, holdingsJSON(hs), publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, noDocument
	}
	if err != nil {
		return Document{}, fmt.Errorf("get document: %w", err)
	}
	return d, nil
}

// Recipients returns each person, once, who may see the document on the
// date today (linked to its site or home then, in a role it is open to, or
// owning a let or for-sale home it is filed or copied for),
// has an email address, may use the portal and has not had its alert.
// A document removed or waiting for release has none.
func Recipients(ctx context.Context, q sqldb.Querier, documentID int64, today time.Time) ([]estate.Recipient, error) {
	day := sqldb.FormatDate(today)
	out, err := estate.Recipients(ctx, q, estate.MailDocuments, `SELECT DISTINCT p.id, p.full_name, p.email FROM documents d
		LEFT JOIN document_folders f ON f.id = d.folder_id
		JOIN units u ON (d.unit_id IS NOT NULL AND u.id = d.unit_id) OR (d.folder_id IS NOT NULL AND u.site_id = f.site_id)
		JOIN unit_people l ON l.unit_id = u.id AND l.start_date <= ?1 AND (l.end_date IS NULL OR l.end_date >= ?1)
		JOIN people p ON p.id = l.person_id
		WHERE d.id = ?2 AND d.removed_at IS NULL AND d.released_at IS NOT NULL
		AND ((d.folder_id IS NOT NULL AND f.archived_at IS NULL
			AND CASE WHEN l.role = 'owner' THEN f.owners_see ELSE f.residents_see END = 1)
		  OR (d.unit_id IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(d.roles) r WHERE r.value = l.role))
		  OR (l.role = 'owner' AND u.market != '' AND (d.folder_id IS NULL OR f.archived_at IS NULL)
			AND ((d.unit_id = u.id AND d.category != '')
			  OR EXISTS (SELECT 1 FROM owner_copies c WHERE c.document_id = d.id AND c.unit_id = u.id))))
		AND `+estate.Emailable+`
		AND NOT EXISTS (SELECT 1 FROM document_alerts a WHERE a.document_id = d.id AND a.person_id = p.id)
		ORDER BY p.full_name, p.id`, day, documentID)
	if err != nil {
		return nil, fmt.Errorf("document recipients: %w", err)
	}
	return out, nil
}

// MarkAlerted records that the person's alert for the document was
// queued. It reports false when it had been already, so an alert goes once.
func MarkAlerted(ctx context.Context, tx *sql.Tx, documentID, personID int64, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO document_alerts (document_id, person_id, sent_at) VALUES (?, ?, ?)`,
		documentID, personID, sqldb.At(now))
	if err != nil {
		return false, fmt.Errorf("mark document alert: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
