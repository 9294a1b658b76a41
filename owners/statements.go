package owners

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/files"
	"porch/sqldb"
)

// Statements the agency issued to a landlord: each PDF kept in the
// organisation's file store and listed in the landlord's portal, filed
// when it is issued with no step of its own.

// Issued is one statement issued to a landlord.
type Issued struct {
	ID        int64
	PublicID  string
	OwnerID   int64
	UnitID    int64  // 0: all their properties
	UnitName  string // "" for all
	From, To  time.Time
	FileHash  string
	FileSize  int64
	CreatedAt time.Time
}

// Covers names what the statement covers: a property, or all of them.
func (s Issued) Covers() string {
	if s.UnitName == "" {
		return "All properties"
	}
	return s.UnitName
}

// FileStatement records a statement whose PDF is already in the file store
// (ref): the file is written before the row, so the row never names a
// missing file.
func FileStatement(ctx context.Context, tx *sql.Tx, now time.Time, by, ownerID, unitID int64, from, to time.Time, ref files.Ref) (Issued, error) {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return Issued{}, errs.E(errs.Invalid, "A statement to issue needs a period with a start and an end.")
	}
	pub := sqldb.NewPublicID()
	var unit any
	if unitID != 0 {
		unit = unitID
	}
	var creator any
	if by != 0 {
		creator = by
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO owner_statements (public_id, owner_id, unit_id, period_from, period_to,
		file_hash, file_size, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, pub, ownerID, unit,
		sqldb.FormatDate(from), sqldb.FormatDate(to), ref.Hash, ref.Size, creator, sqldb.At(now))
	if err != nil {
		return Issued{}, fmt.Errorf("file statement: %w", err)
	}
	id, _ := res.LastInsertId()
	list, err := issued(ctx, tx, `WHERE s.id = ?`, id)
	if err != nil || len(list) == 0 {
		return Issued{}, err
	}
	return list[0], nil
}

func issued(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]Issued, error) {
	return sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Issued, error) {
		var s Issued
		var from, to string
		err := sc.Scan(&s.ID, &s.PublicID, &s.OwnerID, &s.UnitID, &s.UnitName, &from, &to, &s.FileHash, &s.FileSize,
			sqldb.Into(&s.CreatedAt))
		s.From, s.To = sqldb.ParseDate(from), sqldb.ParseDate(to)
		return s, err
	}, `SELECT s.id, s.public_id, s.owner_id, coalesce(s.unit_id, 0), coalesce(u.name, ''), s.period_from, s.period_to,
		s.file_hash, s.file_size, s.created_at
		FROM owner_statements s LEFT JOIN units u ON u.id = s.unit_id `+where, args...)
}

// IssuedTo lists the statements issued to a landlord, newest period first:
// those for the property and those for all their properties; with unitID
// 0, every one.
func IssuedTo(ctx context.Context, q sqldb.Querier, ownerID, unitID int64) ([]Issued, error) {
	return issued(ctx, q, `WHERE s.owner_id = ? AND (? = 0 OR s.unit_id = ? OR s.unit_id IS NULL)
		ORDER BY s.period_to DESC, s.id DESC`, ownerID, unitID, unitID)
}

// IssuedStatement returns a statement issued to the landlord; NotFound for
// one that does not exist or is someone else's, alike.
func IssuedStatement(ctx context.Context, q sqldb.Querier, ownerID int64, publicID string) (Issued, error) {
	list, err := issued(ctx, q, `WHERE s.public_id = ? AND s.owner_id = ?`, publicID, ownerID)
	if err != nil {
		return Issued{}, err
	}
	if len(list) == 0 {
		return Issued{}, errs.E(errs.NotFound, "There is no page at this address.")
	}
	return list[0], nil
}
