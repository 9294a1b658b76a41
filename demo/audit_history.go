package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/tenants"
)

// DemoHostname is the custom hostname the demo organisation has asked
// for and is waiting to have switched on.
const DemoHostname = "portal.northgate-pm.example"

// history writes the past three weeks of the demo's audit log, as the
// screens would have: staff signing in, inviting people, changing roles
// and details, working on requests and recording payments; residents
// asking for codes and signing in; a stranger's wrong code. Each entry is
// about a real person, site, home or request of the demo, so the audit
// log viewer names them.
func (s *seeder) history() error {
	who := map[string]estate.Person{}
	for _, email := range []string{ManagerEmail, StaffEmail, DeskEmail, ResidentEmail, TenantEmail, OwnerEmail} {
		p, err := estate.FindPersonByEmail(s.ctx, s.tx, email)
		if err != nil {
			return fmt.Errorf("demo: history: %s: %w", email, err)
		}
		who[email] = p
	}
	var site, unit, unitName string
	err := s.tx.QueryRowContext(s.ctx, `SELECT s.public_id, u.public_id, u.name || ', ' || s.name FROM units u JOIN sites s ON s.id = u.site_id
		WHERE s.name = ? ORDER BY u.id LIMIT 1`, blockName).Scan(&site, &unit, &unitName)
	if err != nil {
		return fmt.Errorf("demo: history: %w", err)
	}
	priya, daniel, rosa := who[ManagerEmail], who[StaffEmail], who[DeskEmail]
	amara, jamal, harjit := who[ResidentEmail], who[TenantEmail], who[OwnerEmail]
	office := "203.0.113.24"
	type entry struct {
		by     *estate.Person
		ip     string
		action string
		object string
		detail string
		days   int           // before today
		at     time.Duration // time of day, UK
	}
	const h, m = time.Hour, time.Minute
	entries := []entry{
		{&priya, office, "auth.sign_in", "person", "code", 20, 9*h + 2*m},
		{&priya, office, "staff.role_changed", rosa.PublicID, "Read-only → Staff", 20, 9*h + 14*m},
		{&priya, office, "auth.invited", jamal.PublicID, "invitation sent to " + jamal.Email, 19, 10*h + 31*m},
		{&jamal, "198.51.100.7", "auth.invite_accepted", jamal.PublicID, "", 18, 19*h + 47*m},
		{&daniel, office, "auth.sign_in", "person", "code", 14, 8*h + 51*m},
		{&daniel, office, "site.reminders", site, blockName + `: first reminder: "7 days" → "10 days"`, 14, 9*h + 5*m},
		{nil, "192.0.2.200", "auth.code_failed", "sign_in", "4 tries left", 12, 2*h + 13*m},
		{&amara, "198.51.100.23", "auth.code_requested", amara.PublicID, "", 9, 18*h + 22*m},
		{&amara, "198.51.100.23", "auth.sign_in", "person", "code", 9, 18*h + 24*m},
		{&rosa, office, "auth.sign_in", "person", "code", 7, 9*h + 12*m},
		{&rosa, office, "person.updated", harjit.PublicID, fmt.Sprintf("phone: %q → %q", "020 7946 0455", harjit.Phone), 7, 11*h + 40*m},
		{&daniel, office, "ledger.receipt_recorded", unit, "£1,250.00 by bank transfer into the client account for " + unitName, 5, 14*h + 3*m},
		{&priya, office, "auth.sign_in", "person", "code", 3, 8*h + 57*m},
		{&priya, office, "settings.welcome_email", "settings", "", 3, 9*h + 20*m},
		{&harjit, "198.51.100.61", "auth.code_requested", harjit.PublicID, "", 2, 21*h + 6*m},
		{&harjit, "198.51.100.61", "auth.sign_in", "person", "code", 2, 21*h + 9*m},
		{&jamal, "198.51.100.7", "auth.code_requested", jamal.PublicID, "", 1, 7*h + 43*m},
		{&jamal, "198.51.100.7", "auth.sign_in", "person", "code", 1, 7*h + 45*m},
	}
	tickets, err := s.ticketRefs(3)
	if err != nil {
		return err
	}
	for i, t := range tickets {
		entries = append(entries,
			entry{&rosa, office, "ticket.status", t, "Open → In progress", 11 - 3*i, 10 * h},
			entry{&rosa, office, "ticket.replied", t, "", 11 - 3*i, 10*h + 6*m})
	}
	for _, e := range entries {
		ae := estate.AuditEntry{IP: e.ip, Action: e.action, Object: e.object, Detail: e.detail}
		if e.by != nil {
			ae.PersonID = &e.by.ID
		}
		d := s.now.In(estate.UK)
		at := time.Date(d.Year(), d.Month(), d.Day()-e.days, 0, 0, 0, 0, estate.UK).Add(e.at)
		if err := estate.Audit(s.ctx, s.tx, ae, at); err != nil {
			return fmt.Errorf("demo: history: %w", err)
		}
	}
	return nil
}

// ticketRefs returns up to n of the demo's requests' public ids.
func (s *seeder) ticketRefs(n int) ([]string, error) {
	rows, err := s.tx.QueryContext(s.ctx, `SELECT public_id FROM tickets ORDER BY number LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("demo: history: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Addresses asks, as the demo's administrator would on the addresses
// screen, for the custom hostname DemoHostname, left waiting for the
// operator. Asking again (a restarted demo) changes nothing.
func Addresses(ctx context.Context, tm *tenants.Manager, db *tenants.DB, now time.Time) error {
	host, err := tm.RequestHostname(ctx, DemoSlug, DemoHostname, now)
	if errs.Is(err, errs.Conflict) {
		return nil
	}
	if err != nil {
		return err
	}
	return db.Write(ctx, func(tx *sql.Tx) error {
		p, err := estate.FindPersonByEmail(ctx, tx, ManagerEmail)
		if err != nil {
			return err
		}
		return estate.Audit(ctx, tx, estate.AuditEntry{PersonID: &p.ID, IP: "203.0.113.24", Action: "hostname.requested", Object: host}, now)
	})
}
