package owners

import (
	"context"
	"fmt"
	"time"

	"porch/sqldb"
)

// SaleProperty is a property marked for sale with where its sale stands.
type SaleProperty struct {
	UnitID       int64
	UnitPublicID string
	Name         string
	SiteName     string
	Postcode     string
	Bedrooms     int
	Offers       int       // every offer made
	Open         int       // offers under consideration
	Accepted     int64     // the accepted offer's amount, 0 for none
	Highest      int64     // the highest offer under consideration, 0 for none
	NextViewing  time.Time // the next booked viewing, zero for none
	Viewings     int       // viewings done
}

// SaleProperties lists the properties in use that are marked for sale,
// by site and name, with their offers and the next viewing booked after
// now.
func SaleProperties(ctx context.Context, q sqldb.Querier, now time.Time) ([]SaleProperty, error) {
	out, err := sqldb.QueryAll(ctx, q, func(r sqldb.Scanner) (SaleProperty, error) {
		var p SaleProperty
		err := r.Scan(&p.UnitID, &p.UnitPublicID, &p.Name, &p.SiteName, &p.Postcode, &p.Bedrooms, &p.Offers, &p.Open,
			&p.Accepted, &p.Highest, sqldb.Into(&p.NextViewing), &p.Viewings)
		return p, err
	}, `SELECT u.id, u.public_id, u.name, s.name, u.postcode, u.bedrooms,
			(SELECT count(*) FROM sale_offers o WHERE o.unit_id = u.id),
			(SELECT count(*) FROM sale_offers o WHERE o.unit_id = u.id AND o.status = 'received'),
			coalesce((SELECT max(amount) FROM sale_offers o WHERE o.unit_id = u.id AND o.status = 'accepted'), 0),
			coalesce((SELECT max(amount) FROM sale_offers o WHERE o.unit_id = u.id AND o.status = 'received'), 0),
			(SELECT min(starts_at) FROM sale_viewings v WHERE v.unit_id = u.id AND v.status = 'booked' AND v.starts_at >= ?),
			(SELECT count(*) FROM sale_viewings v WHERE v.unit_id = u.id AND v.status = 'done')
		FROM units u JOIN sites s ON s.id = u.site_id
		WHERE u.market = 'sale' AND u.archived_at IS NULL
		ORDER BY s.name COLLATE NOCASE, u.name COLLATE NOCASE`, sqldb.At(now))
	if err != nil {
		return nil, fmt.Errorf("sale properties: %w", err)
	}
	return out, nil
}
