package demo

import (
	"fmt"
	"time"

	"porch/contacts"
	"porch/estate"
)

// contactChanges puts two changes residents made on their profile before
// the office, through the profile's own function and the organisation's
// rules (the defaults, under which a name and a correspondence address
// wait for confirmation): Amara Okafor's new address for letters while
// she works abroad, and Jamal Robinson's double-barrelled name.
func (s *seeder) contactChanges() error {
	rules, err := contacts.LoadRules(s.ctx, s.tx)
	if err != nil {
		return err
	}
	for _, c := range []struct {
		email string
		req   contacts.Request
		ago   time.Duration
	}{
		{ResidentEmail, contacts.Request{"correspondence_address": "Flat 4, 22 Rue des Lilas\n75011 Paris\nFrance"}, 26 * time.Hour},
		{TenantEmail, contacts.Request{"full_name": "Jamal Robinson-Ayodele"}, 3 * time.Hour},
	} {
		p, err := estate.FindPersonByEmail(s.ctx, s.tx, c.email)
		if err != nil {
			return fmt.Errorf("demo: contact change for %s: %w", c.email, err)
		}
		out, err := contacts.Submit(s.ctx, s.tx, p.ID, c.req, rules, s.now.Add(-c.ago))
		if err != nil {
			return fmt.Errorf("demo: contact change for %s: %w", c.email, err)
		}
		if len(out.Asked) != 1 {
			return fmt.Errorf("demo: the change for %s did not wait for the office", c.email)
		}
	}
	return nil
}
