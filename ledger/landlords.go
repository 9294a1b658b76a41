package ledger

import (
	"context"
	"fmt"
	"strings"
	"time"

	"porch/sqldb"
)

// Landlord is someone whose client money the organisation holds or may
// hold: the owner, now or before, of a let property, or anyone with
// postings on 2100 or 2200.
type Landlord struct {
	ID       int64
	PublicID string
	Name     string
	Email    string
	Units    []string // names of the let properties they own today
}

// Landlords lists the landlords by name, each with the let properties they
// own on the date on.
func Landlords(ctx context.Context, q sqldb.Querier, on time.Time) ([]Landlord, error) {
	rows, err := q.QueryContext(ctx, `WITH ids AS (
			SELECT l.person_id AS id FROM unit_people l JOIN units u ON u.id = l.unit_id JOIN sites s ON s.id = u.site_id
			WHERE l.role = 'owner' AND s.kind = 'lettings'
			UNION
			SELECT p.owner_id FROM postings p WHERE p.owner_id IS NOT NULL)
		SELECT p.id, p.public_id, p.full_name, coalesce(p.email, ''),
			coalesce((SELECT group_concat(name, char(31)) FROM (SELECT u.name AS name FROM unit_people l
				JOIN units u ON u.id = l.unit_id JOIN sites s ON s.id = u.site_id
				WHERE l.person_id = p.id AND l.role = 'owner' AND s.kind = 'lettings'
				AND l.start_date <= ? AND (l.end_date IS NULL OR l.end_date >= ?)
				ORDER BY u.name COLLATE NOCASE)), '')
		FROM people p JOIN ids ON ids.id = p.id
		ORDER BY p.full_name COLLATE NOCASE, p.id`, sqldb.FormatDate(on), sqldb.FormatDate(on))
	if err != nil {
		return nil, fmt.Errorf("landlords: %w", err)
	}
	defer rows.Close()
	var out []Landlord
	for rows.Next() {
		var l Landlord
		var units string
		if err := rows.Scan(&l.ID, &l.PublicID, &l.Name, &l.Email, &units); err != nil {
			return nil, fmt.Errorf("landlords: %w", err)
		}
		if units != "" {
			l.Units = strings.Split(units, "\x1f")
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// LandlordUnit is one property's part of a landlord's money, everything
// posted to date. Payouts are made to the landlord, not per property, so
// they are not in it.
type LandlordUnit struct {
	UnitID       int64
	UnitPublicID string
	UnitName     string
	SiteID       int64
	SiteName     string
	Owner        bool  // the landlord owns it on the date asked about
	Income       int64 // rent credited, less rent credited back
	Fees         int64
	Expenses     int64
	Float        int64 // float held for it
	Net          int64 // client money from it after fees, expenses and float: Income - Fees - Expenses - Float + other
}

// LandlordUnits lists the let properties a landlord owns or has owned, and
// any other property with postings for them, by name.
func LandlordUnits(ctx context.Context, q sqldb.Querier, ownerID int64, on time.Time) ([]LandlordUnit, error) {
	rows, err := q.QueryContext(ctx, `WITH units_of AS (
			SELECT l.unit_id AS id FROM unit_people l JOIN units u ON u.id = l.unit_id JOIN sites s ON s.id = u.site_id
			WHERE l.person_id = ? AND l.role = 'owner' AND s.kind = 'lettings'
			UNION
			SELECT p.unit_id FROM postings p WHERE p.owner_id = ? AND p.unit_id IS NOT NULL),
		money AS (
			SELECT p.unit_id AS unit_id,
				-coalesce(sum(CASE WHEN a.purpose = 'client_money' AND coalesce(r.kind, j.kind) IN ('demand', 'credit') THEN p.amount END), 0) AS income,
				coalesce(sum(CASE WHEN a.purpose = 'client_money' AND coalesce(r.kind, j.kind) = 'fee' THEN p.amount END), 0) AS fees,
				coalesce(sum(CASE WHEN a.purpose = 'client_money' AND coalesce(r.kind, j.kind) = 'expense' THEN p.amount END), 0) AS expenses,
				-coalesce(sum(CASE WHEN a.purpose = 'float' THEN p.amount END), 0) AS float,
				-coalesce(sum(CASE WHEN a.purpose = 'client_money' THEN p.amount END), 0) AS net
			FROM postings p JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
			LEFT JOIN journals r ON r.id = j.reverses_id
			WHERE p.owner_id = ? AND p.unit_id IS NOT NULL AND a.purpose IN ('client_money', 'float')
			GROUP BY p.unit_id)
		SELECT u.id, u.public_id, u.name, s.id, s.name,
			EXISTS (SELECT 1 FROM unit_people l WHERE l.unit_id = u.id AND l.person_id = ? AND l.role = 'owner'
				AND l.start_date <= ? AND (l.end_date IS NULL OR l.end_date >= ?)),
			coalesce(m.income, 0), coalesce(m.fees, 0), coalesce(m.expenses, 0), coalesce(m.float, 0), coalesce(m.net, 0)
		FROM units_of JOIN units u ON u.id = units_of.id JOIN sites s ON s.id = u.site_id
		LEFT JOIN money m ON m.unit_id = u.id
		ORDER BY s.name COLLATE NOCASE, u.name COLLATE NOCASE, u.id`, ownerID, ownerID, ownerID, ownerID, sqldb.FormatDate(on), sqldb.FormatDate(on))
	if err != nil {
		return nil, fmt.Errorf("landlord units: %w", err)
	}
	defer rows.Close()
	var out []LandlordUnit
	for rows.Next() {
		var u LandlordUnit
		if err := rows.Scan(&u.UnitID, &u.UnitPublicID, &u.UnitName, &u.SiteID, &u.SiteName, &u.Owner,
			&u.Income, &u.Fees, &u.Expenses, &u.Float, &u.Net); err != nil {
			return nil, fmt.Errorf("landlord units: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
