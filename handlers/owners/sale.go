package owners

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
	"porch/owners"
)

// saleWidgets are a property for sale's widgets: its offers, its viewings
// past and to come, and the viewers' feedback; nil when not shown.
type saleWidgets struct {
	Offers   []owners.Offer
	Viewings *owners.ViewingsSplit
	Feedback []owners.Viewing
	Shows    map[string]bool
}

// saleWidgets reads the sale's offers and viewings once.
func (s *handler) saleWidgets(c echo.Context, pr auth.Property) (*saleWidgets, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	w := &saleWidgets{Shows: pr.View.Widgets}
	var err error
	if pr.View.Shows(owners.WidgetOffers) {
		if w.Offers, err = owners.Offers(ctx, q, pr.UnitID); err != nil {
			return nil, err
		}
	}
	if pr.View.Shows(owners.WidgetViewings) || pr.View.Shows(owners.WidgetFeedback) {
		vs, err := owners.Viewings(ctx, q, pr.UnitID)
		if err != nil {
			return nil, err
		}
		split := owners.SplitViewings(vs, s.Now())
		w.Viewings = &split
		w.Feedback = owners.WithFeedback(vs)
	}
	return w, nil
}

// saleSummary is a property for sale's line of the portfolio.
type saleSummary struct {
	auth.Property
	Offers      int
	Latest      *owners.Offer   // the newest offer, nil for none
	NextViewing *owners.Viewing // the next booked viewing, nil for none
}

// saleSummaries reads each property for sale's offers and next viewing.
func (s *handler) saleSummaries(c echo.Context, sales []auth.Property) ([]saleSummary, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	out := make([]saleSummary, len(sales))
	for i, pr := range sales {
		out[i].Property = pr
		offers, err := owners.Offers(ctx, q, pr.UnitID)
		if err != nil {
			return nil, err
		}
		out[i].Offers = len(offers)
		if len(offers) > 0 {
			out[i].Latest = &offers[0]
		}
		vs, err := owners.Viewings(ctx, q, pr.UnitID)
		if err != nil {
			return nil, err
		}
		for _, v := range owners.SplitViewings(vs, s.Now()).Future {
			if v.Status == owners.ViewingBooked {
				out[i].NextViewing = &v
				break
			}
		}
	}
	return out, nil
}
