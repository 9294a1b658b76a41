package demo

import (
	"fmt"

	"porch/estate"
)

// lettingsUnit is one let home. landlord indexes the portfolio's landlords,
// the first of whom is the owner persona.
type lettingsUnit struct {
	address  string
	postcode string
	bedrooms int
	landlord int
	tenants  int // 0 for the empty one, 2 for joint tenants
}

var lettingsUnits = []lettingsUnit{
	{"12 Albion Road", "N16 9PS", 3, 0, 1},
	{"Flat 2, 48 Blackstock Road", "N4 2DW", 1, 1, 1}, // the tenant persona
	{"7 Ashcombe Terrace", "N4 3QF", 2, 5, 0},
	{"Flat B, 91 Hornsey Road", "N7 6DJ", 2, 2, 1},
	{"23 Carleton Mews", "N7 9QH", 3, 0, 2},
	{"Flat 4, 15 Canonbury Lane", "N1 2AS", 1, 3, 1},
	{"31 Halliford Street", "N1 3HF", 4, 4, 1},
	{"Flat 1, 62 Stroud Green Road", "N4 3EF", 2, 3, 1},
	{"5 Dartmouth Grove", "N19 5HX", 3, 2, 1},
	{"Flat C, 18 Yerbury Road", "N19 4RJ", 1, 5, 1},
	{"40 Brownswood Road", "N4 2HP", 2, 3, 1},
	{"9 Wilberforce Mews", "N16 0AS", 2, 0, 1},
}

const (
	tenantPersonaUnit = 1
	landlords         = 6
)

// landlordAddresses are where the landlords live.
var landlordAddresses = []string{
	"The Gables\n18 Harpenden Road\nSt Albans\nAL3 5AB",
	"52 Aberdeen Park\nLondon\nN5 2BL",
	"7 Sandy Lodge Way\nNorthwood\nHA6 2AJ",
	"Apartment 1204, Marina Heights\nDubai Marina\nUnited Arab Emirates",
	"3 Oakhurst Avenue\nSouthgate\nLondon\nN14 6RT",
	"21 Ferndale Road\nBrighton\nBN3 6EU",
}

func (s *seeder) lettings() error {
	site, err := estate.CreateSite(s.ctx, s.tx, estate.SiteInput{Name: letsName, Kind: estate.KindLettings}, s.now)
	if err != nil {
		return fmt.Errorf("demo: %s: %w", letsName, err)
	}
	owners := make([]estate.Person, landlords)
	for i := range owners {
		switch i {
		case 0:
			owners[i], err = s.addPerson(personaOwner, OwnerEmail, landlordAddresses[i])
		case 1:
			owners[i], err = s.addPerson(personaSeller, SellerEmail, landlordAddresses[i])
		default:
			owners[i], err = s.nextPerson(landlordAddresses[i])
		}
		if err != nil {
			return err
		}
	}
	for i, lu := range lettingsUnits {
		u, err := estate.CreateUnit(s.ctx, s.tx, site.ID, estate.UnitInput{
			Name: lu.address, AddressLine1: lu.address, Town: "London", Postcode: lu.postcode,
			Bedrooms: fmt.Sprint(lu.bedrooms),
		}, s.now)
		if err != nil {
			return fmt.Errorf("demo: %s: %w", lu.address, err)
		}
		owned := s.daysBefore(3*365 + s.rng.IntN(9*365))
		if err := s.link(u, owners[lu.landlord], estate.RoleOwner, owned, nil); err != nil {
			return err
		}
		if lu.tenants == 0 {
			// Empty since the last tenant left three weeks ago.
			prev, err := s.nextPerson("")
			if err != nil {
				return err
			}
			left := s.daysBefore(21)
			if _, err := s.hold(u, estate.RoleTenant, s.daysBefore(21+400+s.rng.IntN(300)), &left, tenancyTerms(lu), prev); err != nil {
				return err
			}
			continue
		}
		moved := s.daysBefore(20 + s.rng.IntN(900))
		var tenants []estate.Person
		for t := range lu.tenants {
			var tenant estate.Person
			if i == tenantPersonaUnit && t == 0 {
				tenant, err = s.addPerson(personaTenant, TenantEmail, "")
			} else {
				tenant, err = s.nextPerson("")
			}
			if err != nil {
				return err
			}
			tenants = append(tenants, tenant)
		}
		if _, err := s.hold(u, estate.RoleTenant, moved, nil, tenancyTerms(lu), tenants...); err != nil {
			return err
		}
	}
	return nil
}

// tenancyTerms are a let home's: monthly rent by its size, a deposit of
// five weeks' rent (the most the Tenant Fees Act 2019 allows below
// £50,000 a year) and a twelve-month fixed term.
func tenancyTerms(lu lettingsUnit) estate.Terms {
	rent := rentByBedrooms[lu.bedrooms]
	return estate.Terms{Rent: rent, RentFrequency: estate.RentMonthly, Deposit: rent * 12 * 5 / 52 / 100 * 100, TermMonths: 12}
}
