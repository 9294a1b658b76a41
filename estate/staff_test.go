package estate_test

import (
	"context"
	"database/sql"
	"testing"

	"porch/estate"
)

func TestStaff(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	priya := newPerson(t, db, "Priya Shah", "priya@example.com")
	dan := newPerson(t, db, "Dan Evans", "dan@example.com")
	noEmail := newPerson(t, db, "Ola Bello", "")

	_, err := estate.StaffRole(ctx, db.Read(), priya.ID)
	wantNotFound(t, err)

	add := func(id int64, role string) error {
		return write(t, db, func(ctx context.Context, tx *sql.Tx) error { return estate.AddStaff(ctx, tx, id, role, testNow) })
	}
	if err := add(priya.ID, "admin"); err != nil {
		t.Fatal(err)
	}
	if err := add(dan.ID, "manager"); err != nil {
		t.Fatal(err)
	}
	if msg := fieldErrors(t, add(priya.ID, "staff"))["person"]; msg != "This person is already a member of staff." {
		t.Errorf("twice: %q", msg)
	}
	if msg := fieldErrors(t, add(noEmail.ID, "staff"))["person"]; msg == "" {
		t.Error("staff without an email allowed")
	}
	if msg := fieldErrors(t, add(noEmail.ID, "boss"))["role"]; msg == "" {
		t.Error("bad role allowed")
	}
	wantNotFound(t, add(999, "staff"))

	role, err := estate.StaffRole(ctx, db.Read(), priya.ID)
	if err != nil || role != "admin" {
		t.Errorf("StaffRole = %q, %v", role, err)
	}
	staff, err := estate.ListStaff(ctx, db.Read())
	if err != nil {
		t.Fatal(err)
	}
	if len(staff) != 2 || staff[0].FullName != "Dan Evans" || staff[0].Role != "manager" ||
		staff[1].Email != "priya@example.com" || !staff[1].CreatedAt.Equal(testNow) {
		t.Errorf("ListStaff = %+v", staff)
	}
	if n := count(t, db, "staff"); n != 2 {
		t.Errorf("%d staff rows", n)
	}
}
