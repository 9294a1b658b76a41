package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Staff roles, from most to least trusted. Admins manage staff and
// settings; managers run the estate; staff handle day-to-day work;
// read-only members look without changing anything. What each may do is
// auth's role matrix.
const (
	StaffRoleAdmin    = "admin"
	StaffRoleManager  = "manager"
	StaffRoleStaff    = "staff"
	StaffRoleReadOnly = "read_only"
)

// StaffRoles lists the staff roles in the order forms offer them.
var StaffRoles = []string{StaffRoleAdmin, StaffRoleManager, StaffRoleStaff, StaffRoleReadOnly}

// Staff is a person who works for the organisation, with their role.
type Staff struct {
	PersonID       int64
	PersonPublicID string
	FullName       string
	Email          string
	Role           string
	CreatedAt      time.Time
}

// AddStaff makes the person a member of staff with role. Staff sign in by
// email, so the person needs an email address. Field names in validation
// errors: role, person.
func AddStaff(ctx context.Context, tx *sql.Tx, personID int64, role string, now time.Time) error {
	p, err := GetPersonByID(ctx, tx, personID)
	if err != nil {
		return err
	}
	f := errs.Fields{}
	if !slices.Contains(StaffRoles, role) {
		f.Add("role", roleMessage)
	}
	if p.Email == "" {
		f.Add("person", "Add an email address for this person first: staff sign in with it.")
	}
	if _, err := StaffRole(ctx, tx, personID); err == nil {
		f.Add("person", "This person is already a member of staff.")
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	if err := f.Err(); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO staff (person_id, role, created_at) VALUES (?, ?, ?)`,
		personID, role, sqldb.At(now))
	if err != nil {
		return fmt.Errorf("add staff: %w", err)
	}
	return nil
}

// StaffRole returns the person's staff role, or NotFound when they are not
// staff.
func StaffRole(ctx context.Context, q sqldb.Querier, personID int64) (string, error) {
	var role string
	err := q.QueryRowContext(ctx, `SELECT role FROM staff WHERE person_id = ?`, personID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.NotFound, "Not a member of staff.")
	}
	if err != nil {
		return "", fmt.Errorf("staff role: %w", err)
	}
	return role, nil
}

// ListStaff returns the staff by name.
func ListStaff(ctx context.Context, q sqldb.Querier) ([]Staff, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.public_id, p.full_name, coalesce(p.email, ''), s.role, s.created_at
		FROM staff s JOIN people p ON p.id = s.person_id
		ORDER BY p.full_name COLLATE NOCASE, p.id`)
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	defer rows.Close()
	var out []Staff
	for rows.Next() {
		var s Staff
		if err := rows.Scan(&s.PersonID, &s.PersonPublicID, &s.FullName, &s.Email, &s.Role, sqldb.Into(&s.CreatedAt)); err != nil {
			return nil, fmt.Errorf("list staff: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	return out, nil
}
