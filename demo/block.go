package demo

import (
	"fmt"
	"time"

	"porch/estate"
)

// Harbour View's story, by flat number: three investors own two flats each,
// a couple own one jointly, the persona resident owns one, one flat was sold
// last year and six flats are let to subtenants.
var (
	investorFlats = [][2]int{{3, 17}, {8, 22}, {14, 27}} // the third investor lives in 27
	subletFlats   = map[int]bool{3: true, 8: true, 14: true, 17: true, 22: true, 25: true}
	jointFlat     = 5
	residentFlat  = 12
	soldFlat      = 19
	couple        = [2]name{{"Mr", "Oliver", "Bennett"}, {"Mrs", "Sarah", "Bennett"}}
	// The day the block's leases were granted.
	blockLeaseGranted = time.Date(2004, time.June, 24, 0, 0, 0, 0, time.UTC)
)

func (s *seeder) block() error {
	site, err := estate.CreateSite(s.ctx, s.tx, estate.SiteInput{
		Name: blockName, Kind: estate.KindBlock,
		AddressLine1: "1 Quayside Walk", Town: "Bristol", Postcode: "BS1 4RN",
		// Demands name the freeholder and an address for notices (LTA 1987
		// s47/48), so the demo's block has them like a real one.
		LandlordName:    "Quayside Walk Freehold Limited",
		LandlordAddress: "3rd Floor, 30 Queen Square\nBristol\nBS1 4ND",
		YearEnd:         "31 December",
	}, s.now)
	if err != nil {
		return fmt.Errorf("demo: %s: %w", blockName, err)
	}
	// The freeholder is a company the agency writes to and phones, not a
	// resident: on the people list, with no portal access.
	phone := fmt.Sprintf("07700 900%03d", s.phones[s.nextPhone])
	s.nextPhone++
	if _, err := estate.CreatePerson(s.ctx, s.tx, estate.PersonInput{Kind: estate.PersonCompany,
		FullName: "Quayside Walk Freehold Limited", Email: "secretary.quaysidewalk@example.co.uk",
		Phone: phone, OtherPhone: "0117 496 0123", CorrespondenceAddress: site.LandlordAddress}, s.now); err != nil {
		return fmt.Errorf("demo: freeholder: %w", err)
	}
	flats, err := s.flats(site)
	if err != nil {
		return err
	}
	if err := s.apportionments(site, flats); err != nil {
		return err
	}
	// flats[n] is "Flat n"; index 0 is unused. Every flat's lease was
	// granted when the block was built, for 125 years, at a ground rent
	// by its size; leaseholders since have bought the rest of the term.
	leaseStart := func() time.Time { return s.daysBefore(3*365 + s.rng.IntN(8*365)) }
	lease := func(n int, start time.Time, people ...estate.Person) (estate.Occupancy, error) {
		granted := blockLeaseGranted
		return s.hold(flats[n], estate.RoleLeaseholder, start, nil,
			estate.Terms{LeaseStart: &granted, LeaseYears: 125, GroundRent: groundRent[flats[n].Bedrooms]}, people...)
	}
	away := 0
	elsewhereNext := func() string {
		a := elsewhere[away%len(elsewhere)]
		away++
		return a
	}

	owned := map[int]bool{}
	for i, pair := range investorFlats {
		addr := elsewhereNext()
		if i == len(investorFlats)-1 {
			addr = "" // lives in the second flat
		}
		inv, err := s.nextPerson(addr)
		if err != nil {
			return err
		}
		for _, n := range pair {
			if _, err := lease(n, leaseStart(), inv); err != nil {
				return err
			}
			owned[n] = true
		}
	}

	var pair []estate.Person
	for _, c := range couple {
		p, err := s.addPerson(c, "", "")
		if err != nil {
			return err
		}
		pair = append(pair, p)
	}
	if _, err := lease(jointFlat, leaseStart(), pair...); err != nil {
		return err
	}
	owned[jointFlat] = true

	amara, err := s.addPerson(personaResident, ResidentEmail, "")
	if err != nil {
		return err
	}
	if _, err := lease(residentFlat, leaseStart(), amara); err != nil {
		return err
	}
	owned[residentFlat] = true

	// The sale, recorded as a change of leaseholder: the seller's lease
	// ends the day before the buyer's starts. The seller left owing their
	// last quarter, chased on their closed account; the buyer started at
	// zero.
	seller, err := s.nextPerson(elsewhereNext())
	if err != nil {
		return err
	}
	buyer, err := s.nextPerson("")
	if err != nil {
		return err
	}
	sold := time.Date(s.today.Year()-1, time.Month(3+s.rng.IntN(8)), 1+s.rng.IntN(28), 0, 0, 0, 0, time.UTC)
	s.saleDate = sold
	held, err := lease(soldFlat, s.daysBefore(10*365+s.rng.IntN(200)), seller)
	if err != nil {
		return err
	}
	if _, err := estate.ChangeOccupier(s.ctx, s.tx, s.now, held.ID, sold.AddDate(0, 0, -1),
		estate.NewOccupancy{People: []int64{buyer.ID}, Terms: held.Terms}); err != nil {
		return fmt.Errorf("demo: sale of flat %d: %w", soldFlat, err)
	}
	owned[soldFlat] = true

	for n := 1; n <= blockFlats; n++ {
		if owned[n] {
			continue
		}
		addr := ""
		if subletFlats[n] {
			addr = elsewhereNext()
		}
		p, err := s.nextPerson(addr)
		if err != nil {
			return err
		}
		if _, err := lease(n, leaseStart(), p); err != nil {
			return err
		}
	}

	for n := 1; n <= blockFlats; n++ {
		if !subletFlats[n] {
			continue
		}
		tenant, err := s.nextPerson("")
		if err != nil {
			return err
		}
		if err := s.link(flats[n], tenant, estate.RoleTenant, s.daysBefore(45+s.rng.IntN(700)), nil); err != nil {
			return err
		}
	}
	return nil
}

// flats creates Flat 1 to Flat 28, four to a floor, with apportionment by
// floor area. Shares are rounded down to the millionth and the remainder
// goes to the last flat, so they total exactly 100%.
func (s *seeder) flats(site estate.Site) ([]estate.Unit, error) {
	bedrooms := make([]int, blockFlats+1)
	area := make([]int64, blockFlats+1)
	for n := 1; n <= blockFlats; n++ {
		bedrooms[n] = 1 + s.rng.IntN(3)
		area[n] = int64(28 + 20*bedrooms[n] + s.rng.IntN(7) - 3) // square metres
	}
	flats := make([]estate.Unit, blockFlats+1)
	shares := splitShares(area[1:])
	for n := 1; n <= blockFlats; n++ {
		ppm := shares[n-1]
		u, err := estate.CreateUnit(s.ctx, s.tx, site.ID, estate.UnitInput{
			Name:         fmt.Sprintf("Flat %d", n),
			AddressLine1: fmt.Sprintf("Flat %d, %s", n, blockName),
			AddressLine2: site.AddressLine1,
			Town:         site.Town,
			Postcode:     site.Postcode,
			Floor:        floorOf(n),
			Kind:         estate.UnitKindFlat,
			Bedrooms:     fmt.Sprint(bedrooms[n]),
			Share:        estate.FormatSharePPM(ppm),
		}, s.now)
		if err != nil {
			return nil, fmt.Errorf("demo: flat %d: %w", n, err)
		}
		flats[n] = u
	}
	return flats, nil
}

// floorOf puts Harbour View's flats four to a floor from the ground up.
func floorOf(flat int) string {
	if f := (flat - 1) / 4; f > 0 {
		return fmt.Sprint(f)
	}
	return "Ground"
}
