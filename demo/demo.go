// Package demo fills an empty organisation database with a realistic UK
// estate — a block of flats in Bristol and a North London lettings
// portfolio — so Porch can be tried and shown without real data.
package demo

import (
	"context"
	"database/sql"
	"fmt"
	"image/color"
	"math/rand/v2"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/tenants"
)

// DemoSlug is the organisation slug the CLI seeds.
const DemoSlug = "demo"

// ManagerEmail signs in as the demo organisation's admin.
const ManagerEmail = "priya.shah@northgate-pm.example"

// The organisation's name and colour, shared by Seed and Describe.
const (
	orgName    = "Northgate Property Management"
	orgColour  = "#0f6e6e"
	blockName  = "Harbour View"
	letsName   = "Northgate Lettings — North London"
	blockFlats = 28
)

var primary = color.NRGBA{0x0f, 0x6e, 0x6e, 0xff}

// seed fixes the random choices, so every demo database is the same.
const seed = 20240601

const welcome = `Welcome to the Northgate resident and owner portal. Here you can see what you owe and pay it, download statements and documents for your home or building, and report a repair or a problem at any time of day.

If something is urgent outside office hours, such as a leak or a front door that will not lock, call us on 020 7946 0321 and choose the emergency option. For anything else, send us a message through the portal and the team will reply within two working days.`

// seeder carries one Seed run: its transaction, clock and random choices.
type seeder struct {
	ctx   context.Context
	tx    *sql.Tx
	now   time.Time
	today time.Time
	rng   *rand.Rand

	names     []name
	nextName  int
	phones    []int
	nextPhone int
	saleDate  time.Time // the day the sold flat's buyer took over
}

// Seed fills a freshly migrated, empty organisation database with the demo
// organisation, in one transaction: nothing is written if any step fails.
// The data depend only on now, so two seeds with the same clock give the
// same people, units and dates.
func Seed(ctx context.Context, db *tenants.DB, now time.Time) error {
	return db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := estate.GetSettings(ctx, tx); err == nil {
			return fmt.Errorf("demo: the %s database already holds an organisation", db.Slug)
		} else if !errs.Is(err, errs.Unavailable) {
			return err
		}
		rng := rand.New(rand.NewPCG(seed, seed>>1))
		names := append([]name(nil), pool...)
		rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		s := &seeder{
			ctx: ctx, tx: tx, now: now, rng: rng,
			today: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC),
			names: names, phones: rng.Perm(1000),
		}
		steps := []func() error{s.organisation, s.summaries, s.staff, s.block, s.lettings, s.sales, s.propertyStaff, s.ticketCategories, s.building, s.ledger, s.cardRefund, s.paymentPlans, s.chasing, s.emailPrefs, s.contactChanges, s.budgets, s.history, s.audit}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *seeder) organisation() error {
	if err := estate.InitSettings(s.ctx, s.tx, orgName, s.now); err != nil {
		return fmt.Errorf("demo: settings: %w", err)
	}
	err := estate.UpdateBranding(s.ctx, s.tx, estate.Branding{
		Name:          orgName,
		LegalName:     "Northgate Property Management Ltd",
		PrimaryColour: orgColour,
		ContactEmail:  "office@northgate-pm.example",
		ContactPhone:  "020 7946 0321",
		Address:       "14 Carlton Street\nIslington\nLondon\nN1 2QX",
		OfficeHours:   "Monday to Friday, 9am to 5:30pm",
		WelcomeText:   welcome,
	}, s.now)
	if err != nil {
		return fmt.Errorf("demo: branding: %w", err)
	}
	logo, err := logoPNG(primary)
	if err != nil {
		return fmt.Errorf("demo: logo: %w", err)
	}
	if err := estate.SetLogo(s.ctx, s.tx, logo, s.now); err != nil {
		return fmt.Errorf("demo: logo: %w", err)
	}
	return nil
}

func (s *seeder) staff() error {
	for _, st := range []struct {
		who   name
		email string
		role  string
	}{
		{personaManager, ManagerEmail, estate.StaffRoleAdmin},
		{personaStaff, StaffEmail, estate.StaffRoleManager},
		{personaDesk, DeskEmail, estate.StaffRoleStaff},
		{personaAuditor, AuditorEmail, estate.StaffRoleReadOnly},
	} {
		p, err := s.addPerson(st.who, st.email, "")
		if err != nil {
			return err
		}
		if err := estate.AddStaff(s.ctx, s.tx, p.ID, st.role, s.now); err != nil {
			return fmt.Errorf("demo: staff %s: %w", st.email, err)
		}
	}
	return nil
}

func (s *seeder) audit() error {
	return estate.Audit(s.ctx, s.tx, estate.AuditEntry{
		Action: "demo.seed", Object: DemoSlug, Detail: "Demo organisation created.",
	}, s.now)
}

// link records a role from start, until end when given.
func (s *seeder) link(u estate.Unit, p estate.Person, role string, start time.Time, end *time.Time) error {
	if _, err := estate.LinkPerson(s.ctx, s.tx, s.now, u.ID, p.ID, role, start, end); err != nil {
		return fmt.Errorf("demo: %s of %s: %w", role, u.Name, err)
	}
	return nil
}

// hold records a lease or tenancy of the unit, held jointly when several
// people are given, through the function the unit page uses.
func (s *seeder) hold(u estate.Unit, role string, start time.Time, end *time.Time, t estate.Terms, people ...estate.Person) (estate.Occupancy, error) {
	in := estate.NewOccupancy{Role: role, Start: start, End: end, Terms: t}
	for _, p := range people {
		in.People = append(in.People, p.ID)
	}
	o, err := estate.CreateOccupancy(s.ctx, s.tx, s.now, u.ID, in)
	if err != nil {
		return o, fmt.Errorf("demo: %s of %s: %w", role, u.Name, err)
	}
	return o, nil
}

// Describe summarises the demo organisation for the CLI to print after
// seeding: what it holds and whom to sign in as.
func Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Demo organisation %q (slug %q):\n", orgName, DemoSlug)
	fmt.Fprintf(&b, "  %s, Bristol: a block of %d flats with leaseholders, subtenants and a recent sale\n", blockName, blockFlats)
	b.WriteString("    (the seller left owing a quarter, on their closed account); costs shared by Block, Lift and Car park\n")
	fmt.Fprintf(&b, "  %s: %d let houses and flats with landlords and tenants, one empty\n", letsName, len(lettingsUnits))
	fmt.Fprintf(&b, "    and %s, Grace Adeyemi's house for sale: three offers, viewings with feedback, two to come (/admin/sales)\n", saleAddress)
	b.WriteString("  Each let home's property manager (Daniel Okonjo, or Rosa Delgado in N7), with their photo, as its landlord's\n")
	b.WriteString("    contact; the empty home leaves out its tenant's balance (/admin/properties/..., /admin/settings/owner-portal)\n")
	b.WriteString("  Two years of accounts: quarterly service charge, reserve fund and ground rent demanded and paid,\n")
	b.WriteString("  some flats in arrears and some in credit; monthly rent, agent fees, repairs and landlord payouts\n")
	b.WriteString("  Flat 8 at Harbour View on a six-month payment plan, two instalments paid and its arrears not chased;\n")
	b.WriteString("    Flat 23's request for a plan waiting for the manager (/admin/plans)\n")
	b.WriteString("  This quarter's Harbour View demands served by email with the invoice attached, or listed to post\n")
	b.WriteString("    (Accounts → Demands served); ground rent demanded with its section 166 notice\n")
	b.WriteString("  Thirty-odd repair requests across both sites in every status, with photos, replies and booked visits;\n")
	b.WriteString("    a boiler repair quote at 12 Albion Road waiting for its landlord's approval (/approvals)\n")
	b.WriteString("  Notices (one pinned, one ended, one scheduled, a draft) and a building calendar: roof repairs, a fire\n")
	b.WriteString("    alarm test, gas checks for two flats and a residents' meeting\n")
	b.WriteString("  Two changes of contact details waiting for the office (/admin/people/changes): Amara Okafor's\n")
	b.WriteString("    correspondence address and Jamal Robinson's name\n")
	b.WriteString("  Landlords see their own properties at /owner: statements for any period and those issued monthly,\n")
	b.WriteString("    rent received and owed, floats, deductions to come, and a tax-year summary (PDF and CSV)\n")
	b.WriteString("  Harbour View's budgets for last year and this, by head and schedule: budget and actual, and the\n")
	b.WriteString("    year-end position of each schedule (/admin/budgets)\n")
	b.WriteString("Sign in with an emailed code (read it at /_dev/mail) as:\n")
	for _, r := range []struct{ who, email string }{
		{"Priya Shah, admin", ManagerEmail},
		{"Daniel Okonjo, manager", StaffEmail},
		{"Rosa Delgado, front desk (staff)", DeskEmail},
		{"Owen Pritchard, read-only", AuditorEmail},
		{"Amara Okafor, leaseholder at Harbour View", ResidentEmail},
		{"Jamal Robinson, tenant in North London", TenantEmail},
		{"Harjit Sandhu, landlord of three homes", OwnerEmail},
		{"Grace Adeyemi, landlord of one home", SellerEmail},
	} {
		fmt.Fprintf(&b, "  %-44s %s\n", r.who, r.email)
	}
	return b.String()
}
