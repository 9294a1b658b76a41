package demo

import (
	"fmt"

	"porch/estate"
)

// emailPrefs has Amara, the Harbour View leaseholder, turn off the
// building calendar's emails on her Emails we send you page (she reads
// the calendar in the portal), keeping the rest.
func (s *seeder) emailPrefs() error {
	amara, err := estate.FindPersonByEmail(s.ctx, s.tx, ResidentEmail)
	if err != nil {
		return fmt.Errorf("demo: email preferences: %w", err)
	}
	keep := []string{string(estate.MailNotices), string(estate.MailDocuments), string(estate.MailRequests)}
	if _, err := estate.SetMailPrefs(s.ctx, s.tx, amara.ID, keep, s.now); err != nil {
		return fmt.Errorf("demo: email preferences: %w", err)
	}
	return nil
}
