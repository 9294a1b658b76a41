package auth

import (
	"slices"

	"porch/estate"
)

// Role is a staff role as the matrix describes it.
type Role struct {
	Name    string // the estate.StaffRole* value stored on the staff row
	Label   string
	Summary string
	Grants  []Permission
}

// matrix is the one statement of who may do what on the staff screens,
// most trusted role first. Routes declare a permission and the kit checks
// it against this table; the team screen, the README and the test that
// walks every /admin route read the same table.
//
// Administrators hold every permission. Managers hold all but one: the
// payment providers and their keys, since whoever holds those decides
// whose account residents' payments reach. Rank sets them apart too (see
// MayManage): a manager cannot change an administrator's access. Staff are the front desk: they look after
// residents, raise demands and work their requests, but post no money, see no client money and
// change no settings. Read-only members look and change nothing.
var matrix = []Role{
	{estate.StaffRoleAdmin, "Administrator", "Everything, including the access of every member of staff.",
		[]Permission{SeePeople, ManageResidents, ManageStaff, ManageEstate, SeeAccounts, RaiseDemands, WorkTickets, PostNotices, ShareDocuments, PostMoney,
			SeeClientMoney, MoveClientMoney, ChangeSettings, ChangePaymentKeys, ConfigurePortal}},
	{estate.StaffRoleManager, "Manager", "Everything about the estate and the money, but not payment keys or administrators' access.",
		[]Permission{SeePeople, ManageResidents, ManageStaff, ManageEstate, SeeAccounts, RaiseDemands, WorkTickets, PostNotices, ShareDocuments, PostMoney,
			SeeClientMoney, MoveClientMoney, ChangeSettings}},
	{estate.StaffRoleStaff, "Staff", "Day-to-day work: residents' access, unit accounts, demands, requests, notices and documents; no money posted, no client money, no settings.",
		[]Permission{SeePeople, ManageResidents, SeeAccounts, RaiseDemands, WorkTickets, PostNotices, ShareDocuments}},
	{estate.StaffRoleReadOnly, "Read-only", "Sees people, unit accounts and requests; changes nothing.",
		[]Permission{SeePeople, SeeAccounts}},
}

// Matrix lists the staff roles, most trusted first, with what each may
// do: for the team screen and the documentation.
func Matrix() []Role { return slices.Clone(matrix) }

// Holds reports whether the role holds p.
func (r Role) Holds(p Permission) bool { return slices.Contains(r.Grants, p) }

// rank is the role's place in the matrix, 0 for the most trusted; -1
// for anyone who is not staff.
func rank(role string) int {
	return slices.IndexFunc(matrix, func(r Role) bool { return r.Name == role })
}

// Allows reports whether a member of staff with role may use p. Anyone
// who is not staff (role "") holds no permission.
func Allows(role string, p Permission) bool {
	i := rank(role)
	return i >= 0 && matrix[i].Holds(p)
}

// RoleLabel is the role's name for people, or the stored value when the
// role is unknown.
func RoleLabel(role string) string {
	if i := rank(role); i >= 0 {
		return matrix[i].Label
	}
	return role
}

// MayManage reports whether someone with the role actor may change the
// portal access of a person whose staff role is target ("" for residents
// and owners): residents need ManageResidents; staff need ManageStaff and
// a rank no higher than the actor's, so nobody can lock out, sign out or
// void the invitation of someone more trusted than themselves.
func MayManage(actor, target string) bool {
	if target == "" {
		return Allows(actor, ManageResidents)
	}
	t := rank(target)
	return Allows(actor, ManageStaff) && t >= 0 && t >= rank(actor)
}
