package auth

import "fmt"

// Permission is one thing a member of staff may see or do on the staff
// screens. Every /admin route declares exactly one; the role matrix below
// says which roles hold it. Keeping the list short keeps the matrix
// readable on the team screen and in the README.
type Permission int

// The permissions, in the order the matrix lists them.
const (
	SeePeople         Permission = iota + 1 // the dashboard, people and their homes
	ManageResidents                         // residents' and owners' portal access
	ManageStaff                             // staff's portal access, at or below the actor's rank
	ManageEstate                            // sites, units, their shares and who lives in or owns each home
	SeeAccounts                             // unit accounts: statements, invoices, charges, schedules
	RaiseDemands                            // demands, bulk demands, schedules, charge types
	WorkTickets                             // residents' requests: reply, assign, book visits, raise on behalf
	PostNotices                             // notices to residents and the building calendar
	ShareDocuments                          // documents shared with residents and owners: folders, uploads, releases
	PostMoney                               // receipts, credits and reversals on unit accounts
	SeeClientMoney                          // journals, trial balance, landlords, suppliers, banks
	MoveClientMoney                         // payouts, refunds, fees, expenses, floats, bank accounts, reconciliation
	ChangeSettings                          // the welcome email
	ChangePaymentKeys                       // payment providers, their keys and where they pay out
	ConfigurePortal                         // branding, addresses, emails, contact-detail rules, the audit log
)

// permissionInfo describes a permission for people: its key (used by
// templates), what it allows, and what someone without it is told.
type permissionInfo struct {
	key, label, refusal string
}

var permissions = map[Permission]permissionInfo{
	SeePeople: {"see_people", "See the dashboard, people and their homes",
		"This part of the portal is for our staff. If you think you should have access, contact us."},
	ManageResidents: {"manage_residents", "Invite residents and owners, sign them out, turn their access on or off",
		"Your role cannot change people's portal access. Ask a manager."},
	ManageStaff: {"manage_staff", "Do the same for staff whose role is the same as theirs or below",
		"Your role cannot change the portal access of this member of staff. Ask an administrator."},
	ManageEstate: {"manage_estate", "Add and change sites and units, their shares, and who lives in or owns each home",
		"Only administrators and managers can change sites, units and who lives in them."},
	SeeAccounts: {"see_accounts", "See unit accounts, statements, charge types and recurring demands",
		"Your role cannot see the accounts. Ask a manager."},
	RaiseDemands: {"raise_demands", "Raise demands, bulk demands and recurring demands; add charge types",
		"Your role cannot raise demands. Ask a manager."},
	WorkTickets: {"work_tickets", "Work residents' requests: reply, assign, book visits, raise requests on residents' behalf",
		"Your role can see residents' requests but not change them. Ask a manager."},
	PostNotices: {"post_notices", "Post notices to residents and plan the building calendar",
		"Your role cannot post notices or plan events. Ask a manager."},
	ShareDocuments: {"share_documents", "Share documents with residents and owners",
		"Your role can see the shared documents but not change them. Ask a manager."},
	PostMoney: {"post_money", "Record receipts, give credits and reverse entries on unit accounts",
		"Only managers can record receipts, give credits or reverse entries."},
	SeeClientMoney: {"see_client_money", "See journals, the trial balance, landlords, suppliers and bank accounts",
		"Only managers can see client money: journals, the trial balance, landlords, suppliers and bank accounts."},
	MoveClientMoney: {"move_client_money", "Pay landlords and suppliers, refund card payments, charge fees, add and reconcile bank accounts",
		"Only managers can move client money, refund payments or change bank accounts."},
	ChangeSettings: {"change_settings", "Change the welcome email and the demand summaries",
		"Only administrators and managers can see and change the organisation's settings."},
	// Whoever can replace the Stripe secret key can send residents' card
	// payments to an account of their own, so this is administrators'
	// alone: managers run the money, not where it goes.
	ChangePaymentKeys: {"change_payment_keys", "Change payment providers, their keys and where they pay out",
		"Only administrators can change payment providers and their keys."},
	// The portal's face and rules are the organisation's, not one
	// manager's: the administrators answer for them.
	ConfigurePortal: {"configure_portal", "Brand the portal, its addresses and emails; set the rules for residents' contact details; read the audit log",
		"Only administrators can change the portal's branding, addresses, emails and rules, or read the audit log."},
}

// Key is the permission's name in templates, route names and logs.
func (p Permission) Key() string { return permissions[p].key }

// Label says in plain words what the permission allows.
func (p Permission) Label() string { return permissions[p].label }

// Refusal is what someone without the permission is told on the 403 page.
func (p Permission) Refusal() string { return permissions[p].refusal }

// Valid reports whether p is one of the permissions above.
func (p Permission) Valid() bool { _, ok := permissions[p]; return ok }

// String is the key, for logs and test names.
func (p Permission) String() string {
	if !p.Valid() {
		return fmt.Sprintf("Permission(%d)", int(p))
	}
	return p.Key()
}

// PermissionByKey finds a permission by its key.
func PermissionByKey(key string) (Permission, bool) {
	for p, info := range permissions {
		if info.key == key {
			return p, true
		}
	}
	return 0, false
}

// Permissions lists every permission in matrix order.
func Permissions() []Permission {
	out := make([]Permission, 0, len(permissions))
	for p := SeePeople; p.Valid(); p++ {
		out = append(out, p)
	}
	return out
}
