package estate_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"porch/errs"
	"porch/estate"
)

// The organisation always keeps an administrator: the last one can be
// neither demoted nor removed, one of two can.
func TestTeamKeepsAnAdministrator(t *testing.T) {
	db := newDB(t)
	ann := newPerson(t, db, "Ann Admin", "ann@example.com")
	bea := newPerson(t, db, "Bea Admin", "bea@example.com")
	res := newPerson(t, db, "Rob Resident", "rob@example.com")
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		return estate.AddStaff(ctx, tx, ann.ID, estate.StaffRoleAdmin, testNow)
	})

	err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.ChangeStaffRole(ctx, tx, ann.ID, estate.StaffRoleManager)
		return err
	})
	if e, ok := errs.As(err); !ok || e.Code != errs.Conflict || !strings.HasPrefix(e.Message, "Ann Admin is the only administrator.") {
		t.Errorf("demote the last administrator: %v", err)
	}
	err = write(t, db, func(ctx context.Context, tx *sql.Tx) error { _, err := estate.RemoveStaff(ctx, tx, ann.ID); return err })
	if !errs.Is(err, errs.Conflict) {
		t.Errorf("remove the last administrator: %v", err)
	}
	err = write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.ChangeStaffRole(ctx, tx, ann.ID, "owner")
		return err
	})
	if e, ok := errs.As(err); !ok || e.Fields["role"] == "" {
		t.Errorf("unknown role: %v", err)
	}
	err = write(t, db, func(ctx context.Context, tx *sql.Tx) error { _, err := estate.RemoveStaff(ctx, tx, res.ID); return err })
	if !errs.Is(err, errs.NotFound) {
		t.Errorf("remove a resident: %v", err)
	}

	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		if err := estate.AddStaff(ctx, tx, bea.ID, estate.StaffRoleAdmin, testNow); err != nil {
			return err
		}
		old, err := estate.ChangeStaffRole(ctx, tx, ann.ID, estate.StaffRoleStaff)
		if old != estate.StaffRoleAdmin {
			t.Errorf("old role %q", old)
		}
		return err
	})
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		old, err := estate.RemoveStaff(ctx, tx, ann.ID)
		if old != estate.StaffRoleStaff {
			t.Errorf("old role %q", old)
		}
		return err
	})
	if _, err := estate.StaffRole(context.Background(), db.Read(), ann.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("Ann is still staff: %v", err)
	}
	if _, err := estate.GetPersonByID(context.Background(), db.Read(), ann.ID); err != nil {
		t.Errorf("Ann's record went: %v", err)
	}
	err = write(t, db, func(ctx context.Context, tx *sql.Tx) error { _, err := estate.RemoveStaff(ctx, tx, bea.ID); return err })
	if !errs.Is(err, errs.Conflict) {
		t.Errorf("remove Bea, now the last administrator: %v", err)
	}
}
