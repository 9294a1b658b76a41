package demo

import (
	"fmt"
	"time"

	"porch/estate"
	"porch/owners"
)

// The house Grace Adeyemi, the seller persona, is selling through the
// agency, beside the flat she lets.
const (
	saleAddress  = "14 Mildmay Grove"
	salePostcode = "N16 8PN"
)

// saleOffer is one offer for the house: made days ago, decided (when it
// was) decided days ago.
type saleOffer struct {
	buyer    string
	amount   int64
	position string
	note     string
	made     int
	status   string
	decided  int
}

var saleOffers = []saleOffer{
	{"Mr and Mrs Hartley", 775_000_00, owners.PositionSoldSTC, "Their buyer is in a chain of three.", 24, owners.OfferRejected, 22},
	{"Dr Imogen Ward", 790_000_00, owners.PositionOnMarket, "Offer subject to selling her flat in Stoke Newington.", 15, owners.OfferWithdrawn, 9},
	{"Tomasz and Ania Nowak", 812_500_00, owners.PositionFirstTime, "Mortgage agreed in principle; want to complete before September.", 3, owners.OfferReceived, 0},
}

// saleViewing is one viewing of the house: days from today (negative:
// past) at a UK time, shown round by a member of staff (by email), and
// for one held, how it went.
type saleViewing struct {
	viewer    string
	days      int
	hour, min int
	staff     string
	status    string
	interest  string
	feedback  string
}

var saleViewings = []saleViewing{
	{"Mr and Mrs Hartley", -27, 11, 0, StaffEmail, owners.ViewingDone, owners.InterestSome,
		"Liked the garden and the loft room; felt the kitchen needs replacing and the price is ambitious for the road."},
	{"Priyanka Bose", -19, 17, 30, DeskEmail, owners.ViewingDone, owners.InterestNone,
		"Too far from the Overground for her commute. Not proceeding."},
	{"Tomasz and Ania Nowak", -6, 10, 0, StaffEmail, owners.ViewingDone, owners.InterestHigh,
		"Second viewing. Love the light in the front room and the schools nearby; asked about the boundary wall at the back."},
	{"Marcus Reid", -4, 12, 15, DeskEmail, owners.ViewingNoShow, "", ""},
	{"Dr Imogen Ward", 2, 12, 30, StaffEmail, "", "", ""},
	{"Chloe Barnes", 5, 18, 0, "", "", "", ""},
}

// sales puts Grace Adeyemi's house on the market on the lettings site and
// records its offers and viewings through the functions the sale page
// uses.
func (s *seeder) sales() error {
	var siteID int64
	if err := s.tx.QueryRowContext(s.ctx, `SELECT id FROM sites WHERE name = ?`, letsName).Scan(&siteID); err != nil {
		return fmt.Errorf("demo: lettings site: %w", err)
	}
	u, err := estate.CreateUnit(s.ctx, s.tx, siteID, estate.UnitInput{Name: saleAddress, AddressLine1: saleAddress,
		Town: "London", Postcode: salePostcode, Kind: estate.UnitKindHouse, Bedrooms: "3"}, s.now)
	if err != nil {
		return fmt.Errorf("demo: %s: %w", saleAddress, err)
	}
	if _, err := estate.SetUnitMarket(s.ctx, s.tx, u.ID, estate.MarketSale); err != nil {
		return fmt.Errorf("demo: %s: %w", saleAddress, err)
	}
	grace, err := estate.FindPersonByEmail(s.ctx, s.tx, SellerEmail)
	if err != nil {
		return fmt.Errorf("demo: seller: %w", err)
	}
	if err := s.link(u, grace, estate.RoleOwner, s.daysBefore(11*365), nil); err != nil {
		return err
	}
	staff := map[string]int64{}
	for _, email := range []string{StaffEmail, DeskEmail} {
		p, err := estate.FindPersonByEmail(s.ctx, s.tx, email)
		if err != nil {
			return fmt.Errorf("demo: staff %s: %w", email, err)
		}
		staff[email] = p.ID
	}
	for _, o := range saleOffers {
		rec, err := owners.RecordOffer(s.ctx, s.tx, s.now, owners.OfferInput{UnitID: u.ID, BuyerName: o.buyer, Amount: o.amount,
			Position: o.position, Note: o.note, MadeOn: s.daysBefore(o.made), CreatedBy: staff[StaffEmail]})
		if err != nil {
			return fmt.Errorf("demo: offer from %s: %w", o.buyer, err)
		}
		if o.status == owners.OfferReceived {
			continue
		}
		if _, err := owners.DecideOffer(s.ctx, s.tx, s.now, owners.OfferDecision{OfferID: rec.ID, Status: o.status, On: s.daysBefore(o.decided)}); err != nil {
			return fmt.Errorf("demo: offer from %s: %w", o.buyer, err)
		}
	}
	for _, v := range saleViewings {
		d := s.today.AddDate(0, 0, v.days)
		at := time.Date(d.Year(), d.Month(), d.Day(), v.hour, v.min, 0, 0, estate.UK)
		booked, err := owners.BookViewing(s.ctx, s.tx, s.now, owners.ViewingInput{UnitID: u.ID, ViewerName: v.viewer, StartsAt: at,
			StaffID: staff[v.staff], CreatedBy: staff[DeskEmail]})
		if err != nil {
			return fmt.Errorf("demo: viewing by %s: %w", v.viewer, err)
		}
		if v.status == "" {
			continue
		}
		if _, err := owners.RecordOutcome(s.ctx, s.tx, s.now, owners.Outcome{ViewingID: booked.ID, Status: v.status,
			Interest: v.interest, Feedback: v.feedback}); err != nil {
			return fmt.Errorf("demo: viewing by %s: %w", v.viewer, err)
		}
	}
	return nil
}
