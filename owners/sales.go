package owners

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/ledger"
	"porch/sqldb"
)

// The sale side of a property (sale_offers): the offers buyers make, each
// with the buyer's position, received and then accepted, rejected or
// withdrawn. A property has at most one accepted offer at a time.

// A buyer's position: what stands between them and buying.
const (
	PositionFirstTime     = "first_time"
	PositionNothingToSell = "nothing_to_sell"
	PositionCash          = "cash"
	PositionSoldSTC       = "sold_stc"
	PositionOnMarket      = "on_market"
	PositionNotOnMarket   = "not_on_market"
	PositionInvestor      = "investor"
)

// Term is one of a sale's fixed values, its key, with its words for people.
type Term struct{ Key, Label string }

// Positions lists the buyer positions in the order forms offer them, the
// strongest first.
var Positions = []Term{
	{PositionCash, "Cash buyer"},
	{PositionFirstTime, "First-time buyer"},
	{PositionNothingToSell, "Nothing to sell"},
	{PositionSoldSTC, "Sold subject to contract"},
	{PositionOnMarket, "Own home on the market"},
	{PositionNotOnMarket, "Own home not yet on the market"},
	{PositionInvestor, "Investor"},
}

// The statuses of an offer.
const (
	OfferReceived  = "received"
	OfferAccepted  = "accepted"
	OfferRejected  = "rejected"
	OfferWithdrawn = "withdrawn"
)

// OfferStatuses lists the statuses with their words.
var OfferStatuses = []Term{
	{OfferReceived, "Under consideration"},
	{OfferAccepted, "Accepted"},
	{OfferRejected, "Rejected"},
	{OfferWithdrawn, "Withdrawn"},
}

// termLabel finds key's words in ls, the key itself when it has none.
func termLabel(ls []Term, key string) string {
	for _, l := range ls {
		if l.Key == key {
			return l.Label
		}
	}
	return key
}

// isTerm reports whether key is one of ls.
func isTerm(ls []Term, key string) bool {
	return slices.ContainsFunc(ls, func(l Term) bool { return l.Key == key })
}

// PositionLabel names a buyer's position: "Cash buyer".
func PositionLabel(key string) string { return termLabel(Positions, key) }

// MaxOfferAmount is the largest offer recorded: £100 million, in pence.
const MaxOfferAmount = 100_000_000_00

// Offer is one offer a buyer made for a property.
type Offer struct {
	ID        int64
	PublicID  string
	UnitID    int64
	BuyerName string
	Amount    int64 // pence
	Position  string
	Note      string
	Status    string
	MadeOn    time.Time // a calendar date
	DecidedOn time.Time // zero while under consideration
	CreatedBy int64     // 0 when not recorded
	CreatedAt time.Time
	UpdatedAt time.Time
}

// PositionLabel names the buyer's position.
func (o Offer) PositionLabel() string { return PositionLabel(o.Position) }

// StatusLabel names the offer's status: "Under consideration".
func (o Offer) StatusLabel() string { return termLabel(OfferStatuses, o.Status) }

// Open reports whether the offer still waits for the seller's answer.
func (o Offer) Open() bool { return o.Status == OfferReceived }

// NextStatuses are the statuses the offer may be moved to: an offer under
// consideration is accepted, rejected or withdrawn; an accepted one can
// still be withdrawn when the sale falls through. The others are final.
func (o Offer) NextStatuses() []string {
	switch o.Status {
	case OfferReceived:
		return []string{OfferAccepted, OfferRejected, OfferWithdrawn}
	case OfferAccepted:
		return []string{OfferWithdrawn}
	}
	return nil
}

// OfferInput is an offer to record. Field names in validation errors:
// unit, buyer_name, amount, position, note, made_on.
type OfferInput struct {
	UnitID    int64
	BuyerName string
	Amount    int64 // pence, more than zero
	Position  string
	Note      string    // optional
	MadeOn    time.Time // the day the buyer made it; not after today
	CreatedBy int64     // 0 for none
}

// oneLine joins runs of white space into one space and trims the ends.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// firstSaleDay is the first day a sale record may carry.
var firstSaleDay = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// checkSaleDay requires a calendar date from 2000 up to today (UK).
func checkSaleDay(f errs.Fields, field string, day, now time.Time, missing, future string) {
	switch {
	case day.IsZero():
		f.Add(field, missing)
	case day.Before(firstSaleDay):
		f.Add(field, "Enter a date from 2000 onwards.")
	case day.After(estate.UKDate(now)):
		f.Add(field, future)
	}
}

// saleUnit checks that the unit exists and is marked for sale, filing a
// message under unit when it is not.
func saleUnit(ctx context.Context, q sqldb.Querier, f errs.Fields, unitID int64) error {
	u, err := estate.GetUnitByID(ctx, q, unitID)
	switch {
	case errs.Is(err, errs.NotFound):
		f.Add("unit", "Choose the property.")
	case err != nil:
		return err
	case u.Market != estate.MarketSale:
		f.Add("unit", u.Name+" is not marked for sale. Mark it for sale on its page first.")
	case u.Archived():
		f.Add("unit", u.Name+" is archived.")
	}
	return nil
}

// RecordOffer records an offer on a property for sale, under
// consideration until the seller decides.
func RecordOffer(ctx context.Context, tx *sql.Tx, now time.Time, in OfferInput) (Offer, error) {
	f := errs.Fields{}
	in.BuyerName, in.Note = oneLine(in.BuyerName), strings.TrimSpace(in.Note)
	if err := saleUnit(ctx, tx, f, in.UnitID); err != nil {
		return Offer{}, err
	}
	f.Text("buyer_name", in.BuyerName, 120, "buyer's name", "Enter the buyer's name.")
	switch {
	case in.Amount <= 0:
		f.Add("amount", "Enter the amount offered, more than zero.")
	case in.Amount > MaxOfferAmount:
		f.Add("amount", "Enter an amount of £100 million or less.")
	}
	if !isTerm(Positions, in.Position) {
		f.Add("position", "Choose the buyer's position.")
	}
	f.Text("note", in.Note, 500, "note", "")
	checkSaleDay(f, "made_on", in.MadeOn, now, "Enter the day the offer was made.", "The offer cannot be made after today.")
	if err := f.Err(); err != nil {
		return Offer{}, err
	}
	o := Offer{PublicID: sqldb.NewPublicID(), UnitID: in.UnitID, BuyerName: in.BuyerName, Amount: in.Amount,
		Position: in.Position, Note: in.Note, Status: OfferReceived, MadeOn: in.MadeOn, CreatedBy: in.CreatedBy,
		CreatedAt: now, UpdatedAt: now}
	res, err := tx.ExecContext(ctx, `INSERT INTO sale_offers (public_id, unit_id, buyer_name, amount, position, note,
		status, made_on, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.PublicID, o.UnitID, o.BuyerName, o.Amount, o.Position, o.Note, o.Status, sqldb.FormatDate(o.MadeOn),
		nullPerson(o.CreatedBy), sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Offer{}, fmt.Errorf("record offer: %w", err)
	}
	o.ID, err = res.LastInsertId()
	return o, err
}

// nullPerson stores 0 as NULL.
func nullPerson(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// OfferDecision moves an offer to a new status. Field names in validation
// errors: status, decided_on.
type OfferDecision struct {
	OfferID int64
	Status  string    // OfferAccepted, OfferRejected or OfferWithdrawn
	On      time.Time // the day it was decided; not before the offer, not after today
}

// DecideOffer accepts, rejects or withdraws an offer (see
// Offer.NextStatuses) and returns it as it now is. Accepting one while
// another offer on the property is accepted is refused: that offer must
// be withdrawn first, so a property never has two accepted offers.
func DecideOffer(ctx context.Context, tx *sql.Tx, now time.Time, d OfferDecision) (Offer, error) {
	o, err := getOffer(ctx, tx, `id = ?`, d.OfferID)
	if err != nil {
		return o, err
	}
	f := errs.Fields{}
	if !slices.Contains(o.NextStatuses(), d.Status) {
		if len(o.NextStatuses()) == 0 {
			f.Add("status", fmt.Sprintf("This offer was %s on %s and can no longer change.",
				strings.ToLower(o.StatusLabel()), o.DecidedOn.Format("2 January 2006")))
		} else {
			f.Add("status", "Choose accepted, rejected or withdrawn.")
		}
	}
	checkSaleDay(f, "decided_on", d.On, now, "Enter the day it was decided.", "The decision cannot be after today.")
	if !d.On.IsZero() && d.On.Before(o.MadeOn) {
		f.Add("decided_on", "The decision cannot be before the offer was made, on "+o.MadeOn.Format("2 January 2006")+".")
	}
	if d.Status == OfferAccepted && len(f) == 0 {
		other, err := getOffer(ctx, tx, `unit_id = ? AND status = 'accepted' AND id <> ?`, o.UnitID, o.ID)
		switch {
		case err == nil:
			f.Add("status", fmt.Sprintf("The offer of %s from %s is already accepted. Mark it withdrawn first if that sale has fallen through.",
				ledger.Pounds(other.Amount), other.BuyerName))
		case !errs.Is(err, errs.NotFound):
			return o, err
		}
	}
	if err := f.Err(); err != nil {
		return o, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sale_offers SET status = ?, decided_on = ?, updated_at = ? WHERE id = ?`,
		d.Status, sqldb.FormatDate(d.On), sqldb.At(now), o.ID); err != nil {
		return o, fmt.Errorf("decide offer: %w", err)
	}
	o.Status, o.DecidedOn, o.UpdatedAt = d.Status, d.On, now
	return o, nil
}

const offerColumns = `id, public_id, unit_id, buyer_name, amount, position, note, status, made_on,
	coalesce(decided_on, ''), coalesce(created_by, 0), created_at, updated_at FROM sale_offers`

func scanOffer(r sqldb.Scanner) (Offer, error) {
	var o Offer
	var made, decided string
	err := r.Scan(&o.ID, &o.PublicID, &o.UnitID, &o.BuyerName, &o.Amount, &o.Position, &o.Note, &o.Status,
		&made, &decided, &o.CreatedBy, sqldb.Into(&o.CreatedAt), sqldb.Into(&o.UpdatedAt))
	o.MadeOn, o.DecidedOn = sqldb.ParseDate(made), sqldb.ParseDate(decided)
	return o, err
}

func getOffer(ctx context.Context, q sqldb.Querier, where string, args ...any) (Offer, error) {
	o, err := scanOffer(q.QueryRowContext(ctx, `SELECT `+offerColumns+` WHERE `+where+` LIMIT 1`, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return o, errs.E(errs.NotFound, "There is no such offer.")
	}
	if err != nil {
		return o, fmt.Errorf("get offer: %w", err)
	}
	return o, nil
}

// GetOffer returns the offer with the public id, or NotFound.
func GetOffer(ctx context.Context, q sqldb.Querier, publicID string) (Offer, error) {
	return getOffer(ctx, q, `public_id = ?`, publicID)
}

// Offers lists every offer made for the unit, newest first.
func Offers(ctx context.Context, q sqldb.Querier, unitID int64) ([]Offer, error) {
	out, err := sqldb.QueryAll(ctx, q, scanOffer, `SELECT `+offerColumns+` WHERE unit_id = ?
		ORDER BY made_on DESC, id DESC`, unitID)
	if err != nil {
		return nil, fmt.Errorf("offers: %w", err)
	}
	return out, nil
}
