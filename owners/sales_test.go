package owners_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/owners"
	"porch/tenants"
)

var saleNow = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// saleWorld is a lettings site with a house for sale, a let flat, and a
// negotiator on the staff.
type saleWorld struct {
	db                *tenants.DB
	house, flat       estate.Unit
	negotiator, buyer estate.Person
}

func newSaleWorld(t *testing.T) *saleWorld {
	t.Helper()
	w := &saleWorld{db: testdb.Org(t, "acme")}
	w.write(t, func(ctx context.Context, tx *sql.Tx) error {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Acme Lettings", Kind: estate.KindLettings}, saleNow)
		if err != nil {
			return err
		}
		if w.house, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "14 Mildmay Grove",
			AddressLine1: "14 Mildmay Grove", Town: "London", Postcode: "N16 8PN"}, saleNow); err != nil {
			return err
		}
		if w.flat, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "Flat 2",
			AddressLine1: "Flat 2, 48 Blackstock Road", Town: "London", Postcode: "N4 2DW"}, saleNow); err != nil {
			return err
		}
		if _, err := estate.SetUnitMarket(ctx, tx, w.house.ID, estate.MarketSale); err != nil {
			return err
		}
		if w.negotiator, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Nia Negotiator", Email: "nia@acme.example"}, saleNow); err != nil {
			return err
		}
		if err := estate.AddStaff(ctx, tx, w.negotiator.ID, estate.StaffRoleStaff, saleNow); err != nil {
			return err
		}
		w.buyer, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Ben Buyer", Email: "ben@example.com"}, saleNow)
		return err
	})
	return w
}

func (w *saleWorld) write(t *testing.T, fn func(ctx context.Context, tx *sql.Tx) error) {
	t.Helper()
	if err := testdb.Write(w.db, fn); err != nil {
		t.Fatal(err)
	}
}

// try runs fn and returns its error, rolled back with it.
func (w *saleWorld) try(fn func(ctx context.Context, tx *sql.Tx) error) error {
	return testdb.Write(w.db, fn)
}

func (w *saleWorld) offer(t *testing.T, in owners.OfferInput) owners.Offer {
	t.Helper()
	var o owners.Offer
	w.write(t, func(ctx context.Context, tx *sql.Tx) (err error) {
		o, err = owners.RecordOffer(ctx, tx, saleNow, in)
		return err
	})
	return o
}

func (w *saleWorld) decide(d owners.OfferDecision) error {
	return w.try(func(ctx context.Context, tx *sql.Tx) error {
		_, err := owners.DecideOffer(ctx, tx, saleNow, d)
		return err
	})
}

// fieldsOf fails unless err is a refusal with exactly the fields named.
func fieldsOf(t *testing.T, err error, want ...string) errs.Fields {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("error %v, want a refusal of %v", err, want)
	}
	for _, f := range want {
		if e.Fields[f] == "" {
			t.Errorf("no message for %s in %v", f, e.Fields)
		}
	}
	if len(e.Fields) != len(want) {
		t.Errorf("messages %v, want only %v", e.Fields, want)
	}
	return e.Fields
}

func TestRecordOfferValidation(t *testing.T) {
	t.Parallel()
	w := newSaleWorld(t)
	good := owners.OfferInput{UnitID: w.house.ID, BuyerName: "Ben Buyer", Amount: 650_000_00, Position: owners.PositionCash, MadeOn: day("2026-03-10")}
	tests := []struct {
		name   string
		change func(*owners.OfferInput)
		fields []string
	}{
		{"everything missing", func(in *owners.OfferInput) { *in = owners.OfferInput{UnitID: w.house.ID} },
			[]string{"buyer_name", "amount", "position", "made_on"}},
		{"not for sale", func(in *owners.OfferInput) { in.UnitID = w.flat.ID }, []string{"unit"}},
		{"no such unit", func(in *owners.OfferInput) { in.UnitID = 9999 }, []string{"unit"}},
		{"negative amount", func(in *owners.OfferInput) { in.Amount = -5 }, []string{"amount"}},
		{"too much", func(in *owners.OfferInput) { in.Amount = owners.MaxOfferAmount + 1 }, []string{"amount"}},
		{"unknown position", func(in *owners.OfferInput) { in.Position = "chain_free" }, []string{"position"}},
		{"made tomorrow", func(in *owners.OfferInput) { in.MadeOn = day("2026-03-15") }, []string{"made_on"}},
		{"long note", func(in *owners.OfferInput) { in.Note = strings.Repeat("x", 501) }, []string{"note"}},
		{"blank name", func(in *owners.OfferInput) { in.BuyerName = "  \t " }, []string{"buyer_name"}},
	}
	for _, tt := range tests {
		in := good
		tt.change(&in)
		err := w.try(func(ctx context.Context, tx *sql.Tx) error {
			_, err := owners.RecordOffer(ctx, tx, saleNow, in)
			return err
		})
		t.Run(tt.name, func(t *testing.T) { fieldsOf(t, err, tt.fields...) })
	}
	if got := fieldsOf(t, w.try(func(ctx context.Context, tx *sql.Tx) error {
		_, err := owners.RecordOffer(ctx, tx, saleNow, owners.OfferInput{UnitID: w.flat.ID, BuyerName: "x", Amount: 1, Position: owners.PositionCash, MadeOn: day("2026-03-10")})
		return err
	}), "unit")["unit"]; !strings.Contains(got, "Flat 2 is not marked for sale") {
		t.Errorf("unit message %q", got)
	}
	offers, err := owners.Offers(context.Background(), w.db.Read(), w.house.ID)
	if err != nil || len(offers) != 0 {
		t.Fatalf("refused offers were saved: %v %v", offers, err)
	}
}

func TestOffersNewestFirstAndDecisions(t *testing.T) {
	t.Parallel()
	w := newSaleWorld(t)
	first := w.offer(t, owners.OfferInput{UnitID: w.house.ID, BuyerName: "  Ben   Buyer ", Amount: 600_000_00, Position: owners.PositionSoldSTC,
		Note: "Chain of two.", MadeOn: day("2026-02-20"), CreatedBy: w.negotiator.ID})
	second := w.offer(t, owners.OfferInput{UnitID: w.house.ID, BuyerName: "Cara Cash", Amount: 625_000_00, Position: owners.PositionCash, MadeOn: day("2026-03-01")})
	third := w.offer(t, owners.OfferInput{UnitID: w.house.ID, BuyerName: "Dev First", Amount: 640_000_00, Position: owners.PositionFirstTime, MadeOn: day("2026-03-12")})

	offers, err := owners.Offers(context.Background(), w.db.Read(), w.house.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(offers) != 3 || offers[0].ID != third.ID || offers[2].ID != first.ID {
		t.Fatalf("offers %+v, want newest first", offers)
	}
	o := offers[2]
	if o.BuyerName != "Ben Buyer" || o.Amount != 600_000_00 || o.PositionLabel() != "Sold subject to contract" || o.Note != "Chain of two." ||
		o.Status != owners.OfferReceived || o.StatusLabel() != "Under consideration" || !o.MadeOn.Equal(day("2026-02-20")) ||
		!o.DecidedOn.IsZero() || o.CreatedBy != w.negotiator.ID || !o.Open() {
		t.Errorf("stored offer %+v", o)
	}

	// Deciding: the day must be real, not before the offer, not after today.
	fieldsOf(t, w.decide(owners.OfferDecision{OfferID: first.ID, Status: "maybe", On: day("2026-03-01")}), "status")
	fieldsOf(t, w.decide(owners.OfferDecision{OfferID: first.ID, Status: owners.OfferRejected, On: day("2026-02-19")}), "decided_on")
	fieldsOf(t, w.decide(owners.OfferDecision{OfferID: first.ID, Status: owners.OfferRejected}), "decided_on")
	fieldsOf(t, w.decide(owners.OfferDecision{OfferID: first.ID, Status: owners.OfferRejected, On: day("2026-03-15")}), "decided_on")
	if err := w.decide(owners.OfferDecision{OfferID: 9999, Status: owners.OfferRejected, On: day("2026-03-01")}); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown offer: %v", err)
	}

	if err := w.decide(owners.OfferDecision{OfferID: first.ID, Status: owners.OfferRejected, On: day("2026-02-22")}); err != nil {
		t.Fatal(err)
	}
	// A rejected offer is final.
	msg := fieldsOf(t, w.decide(owners.OfferDecision{OfferID: first.ID, Status: owners.OfferAccepted, On: day("2026-03-01")}), "status")["status"]
	if !strings.Contains(msg, "rejected on 22 February 2026") {
		t.Errorf("final offer message %q", msg)
	}
	if err := w.decide(owners.OfferDecision{OfferID: second.ID, Status: owners.OfferAccepted, On: day("2026-03-02")}); err != nil {
		t.Fatal(err)
	}
	// A second acceptance is refused, naming the accepted offer.
	msg = fieldsOf(t, w.decide(owners.OfferDecision{OfferID: third.ID, Status: owners.OfferAccepted, On: day("2026-03-13")}), "status")["status"]
	if !strings.Contains(msg, "£625,000.00 from Cara Cash is already accepted") {
		t.Errorf("second acceptance message %q", msg)
	}
	// Once that sale falls through, the next offer can be accepted.
	if err := w.decide(owners.OfferDecision{OfferID: second.ID, Status: owners.OfferWithdrawn, On: day("2026-03-13")}); err != nil {
		t.Fatal(err)
	}
	if err := w.decide(owners.OfferDecision{OfferID: third.ID, Status: owners.OfferAccepted, On: day("2026-03-14")}); err != nil {
		t.Fatal(err)
	}
	got, err := owners.GetOffer(context.Background(), w.db.Read(), third.PublicID)
	if err != nil || got.Status != owners.OfferAccepted || !got.DecidedOn.Equal(day("2026-03-14")) || len(got.NextStatuses()) != 1 {
		t.Errorf("accepted offer %+v %v", got, err)
	}

	list, err := owners.SaleProperties(context.Background(), w.db.Read(), saleNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].UnitID != w.house.ID || list[0].Offers != 3 || list[0].Open != 0 || list[0].Accepted != 640_000_00 {
		t.Errorf("sale properties %+v", list)
	}
}

func TestViewingsBookOutcomeAndSplit(t *testing.T) {
	t.Parallel()
	w := newSaleWorld(t)
	book := func(in owners.ViewingInput) (owners.Viewing, error) {
		var v owners.Viewing
		err := w.try(func(ctx context.Context, tx *sql.Tx) (err error) {
			v, err = owners.BookViewing(ctx, tx, saleNow, in)
			return err
		})
		return v, err
	}
	outcome := func(in owners.Outcome) (owners.Viewing, error) {
		var v owners.Viewing
		err := w.try(func(ctx context.Context, tx *sql.Tx) (err error) {
			v, err = owners.RecordOutcome(ctx, tx, saleNow, in)
			return err
		})
		return v, err
	}
	_, err := book(owners.ViewingInput{UnitID: w.house.ID})
	fieldsOf(t, err, "viewer_name", "starts_at")
	_, err = book(owners.ViewingInput{UnitID: w.house.ID, ViewerName: "Eve", StartsAt: saleNow.AddDate(2, 0, 0), StaffID: w.buyer.ID})
	fieldsOf(t, err, "starts_at", "staff")
	_, err = book(owners.ViewingInput{UnitID: w.flat.ID, ViewerName: "Eve", StartsAt: saleNow})
	fieldsOf(t, err, "unit")

	past, err := book(owners.ViewingInput{UnitID: w.house.ID, ViewerName: "Eve Early", StartsAt: saleNow.Add(-48 * time.Hour), StaffID: w.negotiator.ID})
	if err != nil {
		t.Fatal(err)
	}
	missed, _ := book(owners.ViewingInput{UnitID: w.house.ID, ViewerName: "Max Missed", StartsAt: saleNow.Add(-24 * time.Hour)})
	soon, _ := book(owners.ViewingInput{UnitID: w.house.ID, ViewerName: "Sam Soon", StartsAt: saleNow.Add(2 * time.Hour)})
	later, _ := book(owners.ViewingInput{UnitID: w.house.ID, ViewerName: "Lou Later", StartsAt: saleNow.Add(72 * time.Hour)})

	// A viewing still to come cannot be done or missed; a done one needs
	// the viewer's interest.
	_, err = outcome(owners.Outcome{ViewingID: soon.ID, Status: owners.ViewingDone, Interest: owners.InterestHigh})
	fieldsOf(t, err, "status")
	_, err = outcome(owners.Outcome{ViewingID: past.ID, Status: owners.ViewingDone, Feedback: strings.Repeat("x", 2001)})
	fieldsOf(t, err, "interest", "feedback")
	_, err = outcome(owners.Outcome{ViewingID: past.ID, Status: owners.ViewingBooked})
	fieldsOf(t, err, "status")

	done, err := outcome(owners.Outcome{ViewingID: past.ID, Status: owners.ViewingDone, Interest: owners.InterestHigh, Feedback: "  Loved the garden.  "})
	if err != nil {
		t.Fatal(err)
	}
	if done.Feedback != "Loved the garden." || done.InterestLabel() != "Very interested" || !done.HasFeedback() || !done.FeedbackAt.Equal(saleNow) {
		t.Errorf("done viewing %+v", done)
	}
	// A missed viewing keeps no feedback; cancelling one to come is fine.
	if v, err := outcome(owners.Outcome{ViewingID: missed.ID, Status: owners.ViewingNoShow, Interest: owners.InterestHigh, Feedback: "?"}); err != nil ||
		v.Interest != "" || v.Feedback != "" || v.StatusLabel() != "Viewer did not come" {
		t.Errorf("no-show %+v %v", v, err)
	}
	if _, err := outcome(owners.Outcome{ViewingID: later.ID, Status: owners.ViewingCancelled}); err != nil {
		t.Fatal(err)
	}

	all, err := owners.Viewings(context.Background(), w.db.Read(), w.house.ID)
	if err != nil || len(all) != 4 {
		t.Fatalf("viewings %v %v", all, err)
	}
	if all[0].ID != past.ID || all[0].StaffName != "Nia Negotiator" || all[0].Feedback != "Loved the garden." {
		t.Errorf("stored viewing %+v", all[0])
	}
	split := owners.SplitViewings(all, saleNow)
	if len(split.Past) != 2 || split.Past[0].ID != missed.ID || split.Past[1].ID != past.ID {
		t.Errorf("past %+v, want latest first", split.Past)
	}
	if len(split.Future) != 2 || split.Future[0].ID != soon.ID || split.Future[1].ID != later.ID || split.Future[1].Status != owners.ViewingCancelled {
		t.Errorf("future %+v, want soonest first", split.Future)
	}
	// At a later moment the first upcoming one has become past.
	if s := owners.SplitViewings(all, saleNow.Add(3*time.Hour)); len(s.Past) != 3 || s.Past[0].ID != soon.ID {
		t.Errorf("split later %+v", s)
	}
	if fb := owners.WithFeedback(all); len(fb) != 1 || fb[0].ID != past.ID {
		t.Errorf("feedback %+v", fb)
	}
	got, err := owners.GetViewing(context.Background(), w.db.Read(), soon.PublicID)
	if err != nil || got.ViewerName != "Sam Soon" || got.Status != owners.ViewingBooked || got.StaffID != 0 {
		t.Errorf("get viewing %+v %v", got, err)
	}
	list, _ := owners.SaleProperties(context.Background(), w.db.Read(), saleNow)
	if len(list) != 1 || !list[0].NextViewing.Equal(soon.StartsAt) || list[0].Viewings != 1 {
		t.Errorf("sale properties %+v", list)
	}
}
