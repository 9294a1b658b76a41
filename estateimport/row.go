package estateimport

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// importRow imports one row into r: its unit, then its person, then the
// link between them. A problem stops the row; an unexpected error stops
// the import.
func importRow(ctx context.Context, tx *sql.Tx, idx *index, m Mapping, row []string, r *RowPlan, now time.Time) error {
	if m.PeopleOnly() {
		p, err := importPerson(ctx, tx, estate.Unit{}, m, row, r, now)
		if err == nil && p.ID == 0 && !r.Refused() {
			r.Problems = append(r.Problems, "Person: the row gives neither a name nor an email.")
		}
		return err
	}
	if r.Site == "" {
		r.Problems = append(r.Problems, "Site: the row names no site.")
	}
	if r.Unit == "" {
		r.Problems = append(r.Problems, "Unit: the row names no unit.")
	}
	site, ok := idx.sites[strings.ToLower(r.Site)]
	if r.Site != "" && !ok {
		r.Problems = append(r.Problems, "Site: there is no site called “"+r.Site+"”. Add it on the Sites page first.")
	}
	if r.Refused() {
		return nil
	}
	unit, err := importUnit(ctx, tx, idx, site, m, row, r, now)
	if err != nil || r.Refused() {
		return err
	}
	person, err := importPerson(ctx, tx, unit, m, row, r, now)
	if err != nil || r.Refused() || person.ID == 0 {
		if err == nil && person.ID == 0 && m.value(row, "role") != "" {
			r.Problems = append(r.Problems, "Role: the row gives a role but no person.")
		}
		return err
	}
	return importLink(ctx, tx, unit, person, m, row, r, now)
}

// importUnit adds the row's unit, or brings an existing one's floor, kind
// and share in line with the file; a blank cell leaves a value as it is.
func importUnit(ctx context.Context, tx *sql.Tx, idx *index, site estate.Site, m Mapping, row []string, r *RowPlan, now time.Time) (estate.Unit, error) {
	floor, kind, share := m.value(row, "floor"), strings.ToLower(m.value(row, "kind")), strings.TrimSuffix(m.value(row, "share"), "%")
	u, found, err := idx.unit(ctx, tx, site.ID, r.Unit)
	if err != nil {
		return u, rowError(r, err)
	}
	if !found {
		u, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: r.Unit, Floor: floor, Kind: kind, Share: share}, now)
		if err != nil {
			return u, problems(r, "Unit", err)
		}
		r.Unit, r.UnitDoes = u.Name, Create
		idx.keep(u)
		return u, nil
	}
	in := u.InputOf()
	before := in
	if floor != "" {
		in.Floor = floor
	}
	if kind != "" {
		in.Kind = kind
	}
	if share != "" {
		in.Share = share
	}
	r.Unit, r.UnitDoes = u.Name, Unchanged
	if in == before {
		return u, nil // nothing to compare: the file leaves every field as it is
	}
	after, changes, err := estate.UpdateUnit(ctx, tx, u.ID, in)
	if err != nil {
		return u, problems(r, "Unit", err)
	}
	if len(changes) > 0 {
		r.UnitDoes = Update
		idx.keep(after)
	}
	return after, nil
}

// importPerson finds the row's person (by email; without one, by name
// among the people linked to the unit before, or in a file of people
// only, the one person of that name without an email) or adds them. A known
// person's phone and title follow the file when it gives them; their name
// does not change, since the file may write it differently.
func importPerson(ctx context.Context, tx *sql.Tx, unit estate.Unit, m Mapping, row []string, r *RowPlan, now time.Time) (estate.Person, error) {
	name, email := strings.Join(strings.Fields(m.value(row, "name")), " "), m.value(row, "email")
	title, phone := m.value(row, "title"), m.value(row, "phone")
	if name == "" && email == "" {
		return estate.Person{}, nil
	}
	p, err := knownPerson(ctx, tx, unit, name, email)
	if err != nil {
		return p, rowError(r, err)
	}
	if p.ID == 0 {
		p, err = estate.CreatePerson(ctx, tx, estate.PersonInput{Title: title, FullName: name, Email: email, Phone: phone, PortalEnabled: true}, now)
		if err != nil {
			return p, problems(r, "Person", err)
		}
		r.Person, r.PersonDo = p.FullName, Create
		return p, nil
	}
	r.Person = p.FullName
	if p.Archived() {
		r.Problems = append(r.Problems, "Person: "+p.FullName+" is archived. Restore them on their page first.")
		return p, nil
	}
	in := estate.PersonInput{Kind: p.Kind, Title: p.Title, FullName: p.FullName, Email: p.Email, Phone: p.Phone,
		OtherPhone: p.OtherPhone, CorrespondenceAddress: p.CorrespondenceAddress}
	if title != "" {
		in.Title = title
	}
	if phone != "" && digits(phone) != digits(p.Phone) {
		in.Phone = phone
	}
	after, changes, err := estate.UpdatePerson(ctx, tx, p.ID, in)
	if err != nil {
		return p, problems(r, "Person", err)
	}
	r.PersonDo = Unchanged
	if len(changes) > 0 {
		r.PersonDo = Update
	}
	return after, nil
}

// knownPerson finds the person a row means; zero when there is none yet.
func knownPerson(ctx context.Context, q sqldb.Querier, unit estate.Unit, name, email string) (estate.Person, error) {
	if email != "" {
		p, err := estate.FindPersonByEmail(ctx, q, email)
		if errs.Is(err, errs.NotFound) {
			return estate.Person{}, nil
		}
		return p, err
	}
	var id int64
	query, args := `SELECT p.id FROM people p JOIN unit_people l ON l.person_id = p.id
		WHERE l.unit_id = ? AND lower(p.full_name) = lower(?) ORDER BY p.id LIMIT 1`, []any{unit.ID, name}
	if unit.ID == 0 {
		// A file of people only: the one person of that name without an
		// email address, if there is exactly one.
		query, args = `SELECT min(p.id) FROM people p WHERE p.email IS NULL AND lower(p.full_name) = lower(?)
			HAVING count(*) = 1`, []any{name}
	}
	err := q.QueryRowContext(ctx, query, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return estate.Person{}, nil
	}
	if err != nil {
		return estate.Person{}, err
	}
	return estate.GetPersonByID(ctx, q, id)
}

// importLink links the person to the unit as the row says, unless the same
// link (person, unit, role and start) is there already; an open-ended one
// the file now ends is ended.
func importLink(ctx context.Context, tx *sql.Tx, unit estate.Unit, p estate.Person, m Mapping, row []string, r *RowPlan, now time.Time) error {
	role := strings.ToLower(m.value(row, "role"))
	r.Role = role
	if role == "" {
		r.Problems = append(r.Problems, "Role: say whether "+p.FullName+" is leaseholder, tenant, owner or occupier.")
		return nil
	}
	start, ok := parseDate(m.value(row, "start"))
	if !ok {
		r.Problems = append(r.Problems, "From: enter the date "+p.FullName+" started, for example 2019-06-01 or 01/06/2019.")
		return nil
	}
	var end *time.Time
	if s := m.value(row, "end"); s != "" {
		e, ok := parseDate(s)
		if !ok {
			r.Problems = append(r.Problems, "Until: enter a date, for example 2025-08-31 or 31/08/2025, or leave it blank.")
			return nil
		}
		end = &e
	}
	var linkID int64
	var oldEnd sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id, end_date FROM unit_people WHERE unit_id = ? AND person_id = ? AND role = ? AND start_date = ?`,
		unit.ID, p.ID, role, sqldb.FormatDate(start)).Scan(&linkID, &oldEnd)
	switch {
	case err == nil:
		r.LinkDoes = Unchanged
		if end != nil && (!oldEnd.Valid || oldEnd.String != sqldb.FormatDate(*end)) {
			if oldEnd.Valid {
				r.Problems = append(r.Problems, "Until: this link already ended on "+oldEnd.String+"; change it on the unit's page.")
				return nil
			}
			if err := estate.EndLink(ctx, tx, linkID, *end); err != nil {
				return problems(r, "Until", err)
			}
			r.LinkDoes = Update
		}
		return importTerms(ctx, tx, linkID, role, m, row, r)
	case !errors.Is(err, sql.ErrNoRows):
		return rowError(r, err)
	}
	l, err := estate.LinkPerson(ctx, tx, now, unit.ID, p.ID, role, start, end)
	if err != nil {
		return problems(r, "Link", err)
	}
	r.LinkDoes = Create
	return importTerms(ctx, tx, l.ID, role, m, row, r)
}

// dateLayouts are the ways spreadsheets write a date, the UK way first.
var dateLayouts = []string{time.DateOnly, "02/01/2006", "2/1/2006", "02/01/06", "2 January 2006", "2 Jan 2006", "02-01-2006", "2006/01/02"}

// parseDate reads a date as a UK spreadsheet writes it, between 1900 and
// 2099.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil && t.Year() >= 1900 && t.Year() < 2100 {
			return t, true
		}
	}
	return time.Time{}, false
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
