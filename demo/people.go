package demo

import (
	"fmt"
	"strings"
	"time"

	"porch/estate"
)

// name is a person in the demo's pool of residents and owners.
type name struct{ title, first, last string }

// pool holds the names drawn, in a seeded shuffle, for everyone who is not
// one of the named personas below.
var pool = []name{
	{"Mr", "Rajesh", "Patel"}, {"Dr", "Fiona", "MacLeod"},
	{"Mr", "Tomasz", "Nowak"}, {"Miss", "Chloe", "Davies"}, {"Mr", "Kwame", "Mensah"},
	{"Mrs", "Helen", "Whitaker"}, {"Mr", "Imran", "Hussain"}, {"Ms", "Sinead", "Byrne"},
	{"Mr", "Gareth", "Lloyd"}, {"Dr", "Mei", "Chen"}, {"Mr", "Daniel", "Cohen"},
	{"Mrs", "Bernadette", "O'Sullivan"}, {"Mr", "Ayodele", "Adeyemi"}, {"Ms", "Hannah", "Clarke"},
	{"Mr", "James", "Fletcher"}, {"Mrs", "Nasreen", "Akhtar"}, {"Mr", "Callum", "Reid"},
	{"Ms", "Zainab", "Ali"}, {"Mr", "Hugo", "Ashworth"}, {"Ms", "Leah", "Goldberg"},
	{"Mr", "Marcus", "Campbell"}, {"Mrs", "Gwen", "Pritchard"}, {"Mr", "Arjun", "Mehta"},
	{"Ms", "Ewa", "Kowalska"}, {"Miss", "Eleanor", "Hughes"}, {"Mr", "Stavros", "Georgiou"},
	{"Mrs", "Joyce", "Edwards"}, {"Mr", "Ravi", "Sharma"}, {"Ms", "Niamh", "Kelly"},
	{"Mr", "Abdul", "Rahman"}, {"Ms", "Charlotte", "Dunn"}, {"Mr", "Femi", "Ogunleye"},
	{"Mrs", "Margaret", "Thornton"}, {"Mr", "Luca", "Romano"}, {"Ms", "Aisha", "Begum"},
	{"Mr", "Rhys", "Morgan"}, {"Ms", "Yasmin", "Haddad"}, {"Mr", "Connor", "Walsh"},
	{"Dr", "Olusegun", "Bakare"}, {"Ms", "Lucy", "Hargreaves"}, {"Mrs", "Deborah", "Lewis"},
	{"Mr", "Samuel", "Osei"}, {"Ms", "Priyanka", "Desai"}, {"Mr", "William", "Harper"},
	{"Ms", "Grace", "Kimani"}, {"Mr", "Ahmed", "Farah"}, {"Mrs", "Elaine", "Murray"},
	{"Mr", "Tariq", "Mahmood"}, {"Ms", "Rosa", "Fernandes"}, {"Mr", "Ben", "Sutherland"},
	{"Ms", "Jade", "Thompson"}, {"Mr", "Kieran", "Doyle"}, {"Mrs", "Parveen", "Kaur"},
	{"Mr", "Nathan", "Price"}, {"Ms", "Ifeoma", "Nwosu"}, {"Mr", "George", "Papadopoulos"},
	{"Mx", "Alex", "Morrison"}, {"Mrs", "Siobhan", "Gallagher"}, {"Mr", "Vikram", "Rao"},
}

// Personas are fixed, so Describe can name them and tests can sign in as
// them; everyone else comes from the shuffled pool.
var (
	personaResident = name{"Ms", "Amara", "Okafor"}
	personaTenant   = name{"Mr", "Jamal", "Robinson"}
	personaOwner    = name{"Mr", "Harjit", "Sandhu"}
	personaSeller   = name{"Mrs", "Grace", "Adeyemi"}
	personaManager  = name{"", "Priya", "Shah"}
	personaStaff    = name{"", "Daniel", "Okonjo"}
	personaDesk     = name{"", "Rosa", "Delgado"}
	personaAuditor  = name{"", "Owen", "Pritchard"}
)

// Persona sign-in addresses, printed by Describe.
const (
	ResidentEmail = "amara.okafor@example.com"
	TenantEmail   = "jamal.robinson@example.co.uk"
	OwnerEmail    = "harjit.sandhu@example.com"
	SellerEmail   = "grace.adeyemi@example.com"
	StaffEmail    = "daniel.okonjo@northgate-pm.example"
	DeskEmail     = "rosa.delgado@northgate-pm.example"
	AuditorEmail  = "owen.pritchard@northgate-pm.example"
)

// addPerson creates a person with a UK mobile number in Ofcom's drama range.
func (s *seeder) addPerson(n name, email, correspondence string) (estate.Person, error) {
	if email == "" {
		domain := "example.com"
		if s.rng.IntN(3) == 0 {
			domain = "example.co.uk"
		}
		email = emailLocal(n) + "@" + domain
	}
	if s.nextPhone >= len(s.phones) {
		return estate.Person{}, fmt.Errorf("demo: out of phone numbers")
	}
	phone := fmt.Sprintf("07700 900%03d", s.phones[s.nextPhone])
	s.nextPhone++
	p, err := estate.CreatePerson(s.ctx, s.tx, estate.PersonInput{
		Title: n.title, FullName: n.first + " " + n.last, Email: email, Phone: phone,
		CorrespondenceAddress: correspondence, PortalEnabled: true,
	}, s.now)
	if err != nil {
		return p, fmt.Errorf("demo: person %s %s: %w", n.first, n.last, err)
	}
	return p, nil
}

// nextPerson creates the next person from the shuffled pool.
func (s *seeder) nextPerson(correspondence string) (estate.Person, error) {
	if s.nextName >= len(s.names) {
		return estate.Person{}, fmt.Errorf("demo: out of names")
	}
	n := s.names[s.nextName]
	s.nextName++
	return s.addPerson(n, "", correspondence)
}

// emailLocal turns "Bernadette O'Sullivan" into "bernadette.osullivan".
func emailLocal(n name) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r
			}
			return -1
		}, strings.ToLower(s))
	}
	return clean(n.first) + "." + clean(n.last)
}

// elsewhere are correspondence addresses for owners who do not live in the
// property: investors, landlords and people who have moved away.
var elsewhere = []string{
	"27 Elmdale Road\nClifton\nBristol\nBS8 2XR",
	"The Old Forge\nChurch Lane\nWinscombe\nBS25 1AJ",
	"Flat 9, Wharfside House\n3 Canal Street\nManchester\nM1 3HE",
	"41 Highfield Avenue\nHeadington\nOxford\nOX3 7LR",
	"12 Rue des Tanneurs\n69001 Lyon\nFrance",
	"88 Orchard Way\nSt Albans\nAL1 4HT",
	"5 Beechwood Close\nCardiff\nCF23 9PJ",
	"203 Kingsland Road\nLondon\nE2 8AX",
	"Rose Cottage\nMill Lane\nGreat Bardfield\nCM7 4SR",
}

// daysBefore returns the date d days before today.
func (s *seeder) daysBefore(d int) time.Time { return s.today.AddDate(0, 0, -d) }
