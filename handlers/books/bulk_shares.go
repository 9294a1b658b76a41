package books

import (
	"context"

	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
)

// loadShares reads the site's schedules in use and the units of the one
// chosen by public id, the default when chosen is blank. A schedule that is
// not the site's, or is archived, is refused under "apportionment" with
// the default shown in its place.
func (p *bulkPage) loadShares(ctx context.Context, q sqldb.Querier, chosen string) error {
	all, err := estate.ListApportionments(ctx, q, p.Site.ID)
	if err != nil {
		return err
	}
	for _, a := range all {
		switch {
		case a.Archived():
			continue
		case a.PublicID == chosen, chosen == "" && a.Default:
			p.Ap = a
		}
		label := a.Name
		if a.Default {
			label += " (default)"
		}
		p.Aps = append(p.Aps, handlers.Choice{Value: a.PublicID, Label: label})
	}
	if p.Ap.ID == 0 && len(all) > 0 {
		if chosen != "" {
			p.Errors.Add("apportionment", "Choose one of "+p.Site.Name+"'s apportionment schedules in use.")
		}
		p.Ap = all[0] // the default, listed first
	}
	if p.Ap.ID == 0 {
		return nil // a site without units has no schedule yet
	}
	rows, err := estate.ApportionmentShares(ctx, q, p.Ap)
	if err != nil {
		return err
	}
	p.Units = estate.Members(rows)
	for _, u := range p.Units {
		p.ShareSum += u.SharePPM
	}
	return nil
}
