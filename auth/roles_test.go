package auth

import (
	"os"
	"slices"
	"strings"
	"testing"

	"porch/estate"
)

// The matrix covers exactly the roles the staff table accepts, and every
// permission can be named, explained and refused.
func TestMatrixIsComplete(t *testing.T) {
	var names []string
	for _, r := range Matrix() {
		names = append(names, r.Name)
		if r.Label == "" || r.Summary == "" {
			t.Errorf("role %s is not described", r.Name)
		}
	}
	if !slices.Equal(names, estate.StaffRoles) {
		t.Errorf("matrix roles %v, staff roles %v", names, estate.StaffRoles)
	}
	keys := map[string]bool{}
	for _, p := range Permissions() {
		if p.Key() == "" || p.Label() == "" || p.Refusal() == "" || keys[p.Key()] {
			t.Errorf("permission %d: key %q label %q refusal %q", p, p.Key(), p.Label(), p.Refusal())
		}
		keys[p.Key()] = true
		if back, ok := PermissionByKey(p.Key()); !ok || back != p {
			t.Errorf("PermissionByKey(%q) = %v", p.Key(), back)
		}
	}
	if len(Permissions()) != len(permissions) {
		t.Error("Permissions skips one: keep the constants contiguous")
	}
}

func TestAllows(t *testing.T) {
	tests := []struct {
		role string
		p    Permission
		want bool
	}{
		{estate.StaffRoleAdmin, ChangeSettings, true},
		{estate.StaffRoleManager, MoveClientMoney, true},
		{estate.StaffRoleManager, ChangeSettings, true},
		{estate.StaffRoleAdmin, ChangePaymentKeys, true},
		{estate.StaffRoleManager, ChangePaymentKeys, false},
		{estate.StaffRoleStaff, ChangePaymentKeys, false},
		{estate.StaffRoleReadOnly, ChangePaymentKeys, false},
		{estate.StaffRoleStaff, RaiseDemands, true},
		{estate.StaffRoleStaff, PostMoney, false},
		{estate.StaffRoleStaff, SeeClientMoney, false},
		{estate.StaffRoleStaff, ChangeSettings, false},
		{estate.StaffRoleReadOnly, SeeAccounts, true},
		{estate.StaffRoleReadOnly, ManageResidents, false},
		{estate.StaffRoleReadOnly, RaiseDemands, false},
		{estate.StaffRoleStaff, WorkTickets, true},
		{estate.StaffRoleReadOnly, WorkTickets, false},
		{"", SeePeople, false},
		{"owner", SeePeople, false},
		{estate.StaffRoleAdmin, Permission(0), false},
	}
	for _, tt := range tests {
		if got := Allows(tt.role, tt.p); got != tt.want {
			t.Errorf("Allows(%q, %v) = %v", tt.role, tt.p, got)
		}
	}
}

func TestMayManage(t *testing.T) {
	const admin, manager, staff, reader = estate.StaffRoleAdmin, estate.StaffRoleManager, estate.StaffRoleStaff, estate.StaffRoleReadOnly
	tests := []struct {
		actor, target string
		want          bool
	}{
		{admin, admin, true}, {admin, reader, true}, {admin, "", true},
		{manager, admin, false}, {manager, manager, true}, {manager, staff, true}, {manager, "", true},
		{staff, admin, false}, {staff, manager, false}, {staff, staff, false}, {staff, reader, false}, {staff, "", true},
		{reader, "", false}, {reader, reader, false},
		{"", "", false}, {admin, "unknown", false},
	}
	for _, tt := range tests {
		if got := MayManage(tt.actor, tt.target); got != tt.want {
			t.Errorf("MayManage(%q, %q) = %v", tt.actor, tt.target, got)
		}
	}
}

// matrixMarkdown is the matrix as the README's table: a row a
// permission, a column a role.
func matrixMarkdown() string {
	roles := Matrix()
	head, rule := "| A member of staff may … |", "|---|"
	for _, r := range roles {
		head += " " + r.Label + " |"
		rule += ":-:|"
	}
	out := head + "\n" + rule + "\n"
	for _, p := range Permissions() {
		out += "| " + p.Label() + " |"
		for _, r := range roles {
			if r.Holds(p) {
				out += " yes |"
			} else {
				out += " no |"
			}
		}
		out += "\n"
	}
	for _, r := range roles {
		out += "\n- **" + r.Label + "** (`" + r.Name + "`): " + r.Summary
	}
	return out + "\n"
}

// The README's Roles table is the matrix in code, so the two never drift
// apart. When the matrix changes, paste the wanted text into the README.
func TestREADMEShowsTheMatrix(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := matrixMarkdown()
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md's Roles section is not the matrix; want:\n%s", want)
	}
}
