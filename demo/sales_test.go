package demo_test

import (
	"context"
	"testing"

	"porch/demo"
	"porch/estate"
	"porch/owners"
)

// The seller persona's house is for sale with offers in every state, and
// viewings held, missed and to come, with feedback of each interest.
func TestSeedSale(t *testing.T) {
	t.Parallel()
	db := seeded(t)
	ctx := context.Background()
	q := db.Read()
	list, err := owners.SaleProperties(ctx, q, now)
	if err != nil || len(list) != 1 {
		t.Fatalf("properties for sale %+v, %v", list, err)
	}
	house := list[0]
	if house.Name != "14 Mildmay Grove" || house.Postcode != "N16 8PN" || house.Bedrooms != 3 || house.Offers != 3 || house.Open != 1 ||
		house.Accepted != 0 || house.NextViewing.IsZero() || house.Viewings != 3 {
		t.Errorf("house for sale %+v", house)
	}
	grace, err := estate.FindPersonByEmail(ctx, q, demo.SellerEmail)
	if err != nil {
		t.Fatal(err)
	}
	people, _ := estate.PeopleOfUnit(ctx, q, house.UnitID, now)
	if len(people) != 1 || people[0].PersonID != grace.ID || people[0].Role != estate.RoleOwner {
		t.Errorf("owners of the house %+v", people)
	}

	offers, _ := owners.Offers(ctx, q, house.UnitID)
	statuses := map[string]int{}
	for _, o := range offers {
		statuses[o.Status]++
	}
	if len(offers) != 3 || offers[0].Status != owners.OfferReceived || statuses[owners.OfferRejected] != 1 || statuses[owners.OfferWithdrawn] != 1 {
		t.Errorf("offers %+v", offers)
	}
	vs, _ := owners.Viewings(ctx, q, house.UnitID)
	split := owners.SplitViewings(vs, now)
	if len(split.Future) != 2 || split.Future[0].StartsAt.After(now.AddDate(0, 0, 7)) || split.Future[1].StartsAt.After(now.AddDate(0, 0, 7)) {
		t.Errorf("viewings to come %+v", split.Future)
	}
	interest := map[string]bool{}
	for _, v := range owners.WithFeedback(vs) {
		interest[v.Interest] = true
	}
	noShows := 0
	for _, v := range split.Past {
		if v.Status == owners.ViewingNoShow {
			noShows++
		}
	}
	if len(interest) != 3 || noShows != 1 || len(split.Past) != 4 {
		t.Errorf("past viewings %+v", split.Past)
	}
}
