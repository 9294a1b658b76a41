package estate

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"porch/errs"
)

// lastAdminRefusal is what an organisation is told when a change would
// leave it with no administrator: nobody could then change staff access
// or the payment keys, and only the operator could put that right.
func lastAdminRefusal(name string) error {
	return errs.E(errs.Conflict, name+" is the only administrator. Make someone else an administrator first: "+
		"the organisation needs at least one to manage its staff and payment keys.")
}

// roleMessage is the message on the field "role" for a role that is not
// one of StaffRoles.
const roleMessage = "Choose administrator, manager, staff or read-only."

// checkRole refuses a role that is not one of StaffRoles, on the field
// "role".
func checkRole(role string) error {
	if !slices.Contains(StaffRoles, role) {
		return errs.Fields{"role": roleMessage}.Err()
	}
	return nil
}

// keepsAnAdmin refuses a change that takes the administrator role from
// personID when they are the only administrator left.
func keepsAnAdmin(ctx context.Context, tx *sql.Tx, personID int64, oldRole string) error {
	if oldRole != StaffRoleAdmin {
		return nil
	}
	var admins int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM staff WHERE role = ?`, StaffRoleAdmin).Scan(&admins); err != nil {
		return fmt.Errorf("count administrators: %w", err)
	}
	if admins > 1 {
		return nil
	}
	p, err := GetPersonByID(ctx, tx, personID)
	if err != nil {
		return err
	}
	return lastAdminRefusal(p.FullName)
}

// ChangeStaffRole gives the member of staff personID the role and returns
// the role they had. It refuses (Conflict) to demote the last
// administrator, and an unknown role on the field "role"; someone who is
// not staff is NotFound. The caller checks the actor's rank.
func ChangeStaffRole(ctx context.Context, tx *sql.Tx, personID int64, role string) (string, error) {
	if err := checkRole(role); err != nil {
		return "", err
	}
	old, err := StaffRole(ctx, tx, personID)
	if err != nil || old == role {
		return old, err
	}
	if err := keepsAnAdmin(ctx, tx, personID, old); err != nil {
		return old, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE staff SET role = ? WHERE person_id = ?`, role, personID); err != nil {
		return old, fmt.Errorf("change staff role: %w", err)
	}
	return old, nil
}

// RemoveStaff takes personID off the staff and returns the role they had;
// their person record, homes and history stay. It refuses (Conflict) to
// remove the last administrator; someone who is not staff is NotFound.
// The caller signs them out.
func RemoveStaff(ctx context.Context, tx *sql.Tx, personID int64) (string, error) {
	old, err := StaffRole(ctx, tx, personID)
	if err != nil {
		return "", err
	}
	if err := keepsAnAdmin(ctx, tx, personID, old); err != nil {
		return old, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM staff WHERE person_id = ?`, personID); err != nil {
		return old, fmt.Errorf("remove staff: %w", err)
	}
	return old, nil
}
