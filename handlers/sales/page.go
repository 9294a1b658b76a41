package sales

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/owners"
)

// The forms of a sale's page, as typed.
type (
	offerForm struct {
		BuyerName, Amount, Position, Note, MadeOn string
		Errors                                    errs.Fields
		Open                                      bool
	}
	viewingForm struct {
		ViewerName, StartsAt, Staff string
		Errors                      errs.Fields
		Open                        bool
	}
)

// offerRow is an offer in the page's table with its decision form.
type offerRow struct {
	owners.Offer
	Base     string // the sale page's address
	CanEdit  bool
	Decision string // the decision form's status, as typed
	DecideOn string // and its date
	Error    string // why a decision was refused
}

// RowID is the id of the offer's row.
func (r offerRow) RowID() string { return "offer-" + r.PublicID }

// Choices are the statuses the offer may be moved to, with their words.
func (r offerRow) Choices() []handlers.Choice {
	var out []handlers.Choice
	for _, st := range r.NextStatuses() {
		out = append(out, handlers.Choice{Value: st, Label: decisionLabel[st]})
	}
	return out
}

// decisionLabel says what moving an offer to a status does.
var decisionLabel = map[string]string{
	owners.OfferAccepted:  "Accepted by the seller",
	owners.OfferRejected:  "Rejected by the seller",
	owners.OfferWithdrawn: "Withdrawn by the buyer",
}

// viewingRow is a viewing in the page's tables with its outcome form.
type viewingRow struct {
	owners.Viewing
	Base     string
	CanEdit  bool
	Started  bool   // its time has come: it can be done or missed
	Outcome  string // the outcome form's values, as typed
	Interest string
	Comments string
	Errors   errs.Fields
	Open     bool // the outcome form starts open
}

// RowID is the id of the viewing's row.
func (r viewingRow) RowID() string { return "viewing-" + r.PublicID }

// Outcomes are the outcomes the viewing may record now.
func (r viewingRow) Outcomes() []handlers.Choice {
	var out []handlers.Choice
	for _, o := range owners.Outcomes {
		if r.Started || o.Key == owners.ViewingCancelled {
			out = append(out, handlers.Choice{Value: o.Key, Label: o.Label})
		}
	}
	return out
}

// Interests are the levels of interest a viewer may show.
func (r viewingRow) Interests() []handlers.Choice { return choices(owners.Interests) }

// salePage is a property's sale: its offers, viewings and feedback with
// the forms that record them.
type salePage struct {
	Unit      estate.Unit
	Owners    []estate.UnitPerson
	Offers    []offerRow
	Future    []viewingRow // soonest first
	Past      []viewingRow // latest first
	Seller    sellerView   // the seller's blocks, previewed
	Offer     offerForm
	Viewing   viewingForm
	Staff     []handlers.Choice
	Positions []handlers.Choice
	CanEdit   bool
	Notice    string
	Today     string

	staffByPublic map[string]int64
}

// sellerView is what the seller's portal shows of the sale, the data of
// the owner-offers, owner-viewings and owner-feedback blocks.
type sellerView struct {
	Offers   []owners.Offer
	Viewings owners.ViewingsSplit
	Feedback []owners.Viewing
}

// URL is the sale page's address.
func (p *salePage) URL() string { return salesURL + "/" + p.Unit.PublicID }

// UnitURL is the address of the property's own page.
func (p *salePage) UnitURL() string {
	return "/admin/sites/" + p.Unit.SitePublicID + "/units/" + p.Unit.PublicID
}

// Accepted is the accepted offer, if any.
func (p *salePage) Accepted() *owners.Offer {
	for i := range p.Offers {
		if p.Offers[i].Status == owners.OfferAccepted {
			return &p.Offers[i].Offer
		}
	}
	return nil
}

// OpenOffers counts the offers under consideration.
func (p *salePage) OpenOffers() int {
	n := 0
	for _, o := range p.Offers {
		if o.Open() {
			n++
		}
	}
	return n
}

// Fragments of the sale page; each is also its element's id, but for the
// rows, which answer for the row they are asked about.
var saleBlocks = []string{"sale-screen", "sale-offer-form", "sale-viewing-form", "sale-offer-row", "sale-viewing-row"}

func choices(ls []owners.Term) []handlers.Choice {
	out := make([]handlers.Choice, len(ls))
	for i, l := range ls {
		out[i] = handlers.Choice{Value: l.Key, Label: l.Label}
	}
	return out
}

// loadSale reads the sale of the unit in the path: a property that is not
// marked for sale is not found here.
func (s *handler) loadSale(ctx context.Context, c echo.Context) (*salePage, error) {
	q := handlers.OrgOf(c).DB.Read()
	u, err := estate.GetUnit(ctx, q, c.Param("unit"))
	if err != nil {
		return nil, err
	}
	if u.Market != estate.MarketSale {
		return nil, errs.E(errs.NotFound, u.Name+" is not marked for sale.")
	}
	today := s.Today()
	p := &salePage{Unit: u, Positions: choices(owners.Positions), Today: today.Format(time.DateOnly),
		CanEdit: auth.Allows(handlers.IdentityOf(c).Scope.StaffRole, auth.ManageEstate), staffByPublic: map[string]int64{}}
	people, err := estate.PeopleOfUnit(ctx, q, u.ID, today)
	if err != nil {
		return nil, err
	}
	for _, pp := range people {
		if pp.Role == estate.RoleOwner {
			p.Owners = append(p.Owners, pp)
		}
	}
	offers, err := owners.Offers(ctx, q, u.ID)
	if err != nil {
		return nil, err
	}
	p.Seller.Offers = offers
	for _, o := range offers {
		p.Offers = append(p.Offers, offerRow{Offer: o, Base: p.URL(), CanEdit: p.CanEdit, DecideOn: p.Today})
	}
	viewings, err := owners.Viewings(ctx, q, u.ID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	split := owners.SplitViewings(viewings, now)
	p.Seller.Viewings = split
	row := func(v owners.Viewing) viewingRow {
		r := viewingRow{Viewing: v, Base: p.URL(), CanEdit: p.CanEdit, Started: !v.StartsAt.After(now),
			Outcome: v.Status, Interest: v.Interest, Comments: v.Feedback}
		if r.Outcome == owners.ViewingBooked && r.Started {
			r.Outcome = owners.ViewingDone
		}
		return r
	}
	for _, v := range split.Future {
		p.Future = append(p.Future, row(v))
	}
	for _, v := range split.Past {
		p.Past = append(p.Past, row(v))
	}
	p.Seller.Feedback = owners.WithFeedback(viewings)
	staff, err := estate.ListStaff(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, st := range staff {
		p.staffByPublic[st.PersonPublicID] = st.PersonID
		p.Staff = append(p.Staff, handlers.Choice{Value: st.PersonPublicID, Label: st.FullName})
	}
	p.Offer = offerForm{MadeOn: p.Today, Errors: errs.Fields{}}
	p.Viewing = viewingForm{Errors: errs.Fields{}}
	return p, nil
}

// offer finds the row of the offer with the public id, or nil.
func (p *salePage) offer(publicID string) *offerRow {
	i := slices.IndexFunc(p.Offers, func(r offerRow) bool { return r.PublicID == publicID })
	if i < 0 {
		return nil
	}
	return &p.Offers[i]
}

// viewing finds the row of the viewing with the public id, or nil.
func (p *salePage) viewing(publicID string) *viewingRow {
	for _, rows := range [][]viewingRow{p.Future, p.Past} {
		if i := slices.IndexFunc(rows, func(r viewingRow) bool { return r.PublicID == publicID }); i >= 0 {
			return &rows[i]
		}
	}
	return nil
}

// title is the page's title.
func (p *salePage) title() string { return p.Unit.Name + ": sale" }

// page shows a property's sale.
func (s *handler) page(c echo.Context) error {
	p, err := s.loadSale(c.Request().Context(), c)
	if err != nil {
		return err
	}
	p.Notice = saleNotice(c.QueryParam("done"))
	return s.show(c, http.StatusOK, p, "")
}

// show writes the sale page, or the block of it for htmx.
func (s *handler) show(c echo.Context, status int, p *salePage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_sale", Title: p.title(), Data: p, Wide: true, Block: block})
}

// saleNotice is the confirmation after a change, chosen by a key in the
// redirect so no free text travels in the URL.
func saleNotice(key string) string {
	switch key {
	case "offer":
		return "Offer recorded. It is under consideration until the seller decides."
	case owners.OfferAccepted:
		return "Offer accepted."
	case owners.OfferRejected:
		return "Offer rejected."
	case owners.OfferWithdrawn:
		return "Offer marked as withdrawn."
	case "viewing":
		return "Viewing booked."
	case "outcome":
		return "Viewing updated."
	}
	return ""
}

// done answers a change that worked: a plain post goes back to the page,
// htmx gets the whole screen again with the notice.
func (s *handler) done(c echo.Context, key string) error {
	return handlers.Done(c, salesURL+"/"+c.Param("unit")+"?done="+key, "sale-screen", func() error {
		p, err := s.loadSale(c.Request().Context(), c)
		if err != nil {
			return err
		}
		p.Notice = saleNotice(key)
		return s.show(c, http.StatusOK, p, "sale-screen")
	})
}
