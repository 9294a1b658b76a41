package demo

import (
	"fmt"

	"porch/tickets"
)

// ticketCategories narrows the lettings portfolio's request categories:
// every site starts with all of them (the migration seeds the defaults),
// but its houses and flats have no lifts, so residents there are not
// offered Lift. It goes through the function the site's page uses.
func (s *seeder) ticketCategories() error {
	var siteID int64
	if err := s.tx.QueryRowContext(s.ctx, `SELECT id FROM sites WHERE name = ?`, letsName).Scan(&siteID); err != nil {
		return fmt.Errorf("demo: lettings site: %w", err)
	}
	allowed, err := tickets.AllowedForSite(s.ctx, s.tx, siteID)
	if err != nil {
		return fmt.Errorf("demo: request categories: %w", err)
	}
	var keep []string
	for _, c := range allowed {
		if c.Name != "Lift" {
			keep = append(keep, c.PublicID)
		}
	}
	// The seed's one audit entry (demo.seed) stands for all it sets up.
	if _, err := tickets.SetSiteCategories(s.ctx, s.tx, siteID, keep); err != nil {
		return fmt.Errorf("demo: request categories: %w", err)
	}
	return nil
}
