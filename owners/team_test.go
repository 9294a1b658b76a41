package owners_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/owners"
	"porch/tenants"
)

var testNow = time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)

// agency is a database with a lettings site of two homes, one let and one
// for sale, and four people: three staff (Dan, Val, Nia) and a resident.
type agency struct {
	db            *tenants.DB
	let, sale     estate.Unit
	dan, val, nia estate.Person
	resident      estate.Person
}

func newAgency(t *testing.T) *agency {
	t.Helper()
	a := &agency{db: testdb.Org(t, "acme")}
	must(t, a.db, func(ctx context.Context, tx *sql.Tx) error {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Lettings", Kind: estate.KindLettings}, testNow)
		if err != nil {
			return err
		}
		if a.let, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "12 Albion Road", AddressLine1: "12 Albion Road", Town: "London", Postcode: "N16 9JS"}, testNow); err != nil {
			return err
		}
		if a.sale, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "14 Mildmay Grove", AddressLine1: "14 Mildmay Grove", Town: "London", Postcode: "N1 4RL"}, testNow); err != nil {
			return err
		}
		if _, err := estate.SetUnitMarket(ctx, tx, a.sale.ID, estate.MarketSale); err != nil {
			return err
		}
		person := func(name, email, phone string) estate.Person {
			if err != nil {
				return estate.Person{}
			}
			var p estate.Person
			p, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: name, Email: email, Phone: phone}, testNow)
			return p
		}
		a.dan = person("Daniel Okonjo", "dan@acme.example", "020 7946 0000")
		a.val = person("Valerie Price", "val@acme.example", "")
		a.nia = person("Nia Jones", "nia@acme.example", "")
		a.resident = person("Rob Resident", "rob@example.com", "")
		if err != nil {
			return err
		}
		for _, p := range []estate.Person{a.dan, a.val, a.nia} {
			if err := estate.AddStaff(ctx, tx, p.ID, estate.StaffRoleStaff, testNow); err != nil {
				return err
			}
		}
		return nil
	})
	return a
}

func must(t *testing.T, db *tenants.DB, fn func(ctx context.Context, tx *sql.Tx) error) {
	t.Helper()
	if err := testdb.Write(db, fn); err != nil {
		if e, ok := errs.As(err); ok {
			t.Fatal(e.Message, e.Fields)
		}
		t.Fatal(err)
	}
}

func (a *agency) link(t *testing.T, u estate.Unit, p estate.Person, role string, at time.Time) bool {
	t.Helper()
	var again bool
	must(t, a.db, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		again, err = owners.LinkStaff(ctx, tx, at, u.ID, p.ID, role)
		return err
	})
	return again
}

func (a *agency) card(t *testing.T, u estate.Unit, market string) *owners.TeamContact {
	t.Helper()
	c, err := owners.TeamCard(context.Background(), a.db.Read(), u.ID, market)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func name(c *owners.TeamContact) string {
	if c == nil {
		return "nobody"
	}
	return c.Name + " (" + c.RoleLabel() + ")"
}

// A letting's card names the property manager linked last; linking one
// again makes them the latest, and someone who left the staff is skipped.
func TestTeamCardLettingMostRecent(t *testing.T) {
	a := newAgency(t)
	if c := a.card(t, a.let, estate.MarketLetting); c != nil {
		t.Fatalf("card with nobody linked: %+v", c)
	}
	a.link(t, a.let, a.dan, owners.RolePropertyManager, testNow)
	a.link(t, a.let, a.nia, owners.RolePropertyManager, testNow.Add(time.Hour))
	// A valuer of a letting is not its contact, however recent.
	a.link(t, a.let, a.val, owners.RoleValuer, testNow.Add(2*time.Hour))
	if got := name(a.card(t, a.let, estate.MarketLetting)); got != "Nia Jones (Property manager)" {
		t.Errorf("latest property manager: %s", got)
	}
	if again := a.link(t, a.let, a.dan, owners.RolePropertyManager, testNow.Add(3*time.Hour)); !again {
		t.Error("linking Daniel again was not reported as again")
	}
	c := a.card(t, a.let, estate.MarketLetting)
	if name(c) != "Daniel Okonjo (Property manager)" || c.Email != "dan@acme.example" || c.Phone != "020 7946 0000" ||
		c.Initials() != "DO" || c.HasPhoto || c.PhotoURL() != "/owner/team/"+a.dan.PublicID+"/photo" {
		t.Errorf("relinked Daniel: %+v", c)
	}
	links, err := owners.UnitStaff(context.Background(), a.db.Read(), a.let.ID)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, l := range links {
		order = append(order, l.FullName+"/"+l.Role)
	}
	if got := len(order); got != 3 || order[0] != "Daniel Okonjo/property_manager" || order[1] != "Nia Jones/property_manager" || order[2] != "Valerie Price/valuer" {
		t.Errorf("unit staff %v", order)
	}

	must(t, a.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.RemoveStaff(ctx, tx, a.dan.ID)
		return err
	})
	if got := name(a.card(t, a.let, estate.MarketLetting)); got != "Nia Jones (Property manager)" {
		t.Errorf("after Daniel left the staff: %s", got)
	}
	if got := name(a.card(t, a.let, "")); got != "nobody" {
		t.Errorf("a unit of neither market: %s", got)
	}
}

// A sale's card names its negotiator, the one linked last; with no
// negotiator, the valuer linked last; with a negotiator again, them.
func TestTeamCardSaleNegotiatorOrValuer(t *testing.T) {
	a := newAgency(t)
	a.link(t, a.sale, a.dan, owners.RolePropertyManager, testNow.Add(5*time.Hour))
	if got := name(a.card(t, a.sale, estate.MarketSale)); got != "nobody" {
		t.Errorf("a sale with only a property manager: %s", got)
	}
	a.link(t, a.sale, a.val, owners.RoleValuer, testNow)
	a.link(t, a.sale, a.nia, owners.RoleValuer, testNow.Add(time.Hour))
	if got := name(a.card(t, a.sale, estate.MarketSale)); got != "Nia Jones (Valuer)" {
		t.Errorf("no negotiator: %s", got)
	}
	a.link(t, a.sale, a.val, owners.RoleNegotiator, testNow.Add(-time.Hour))
	if got := name(a.card(t, a.sale, estate.MarketSale)); got != "Valerie Price (Negotiator)" {
		t.Errorf("a negotiator linked before the valuers: %s", got)
	}
	must(t, a.db, func(ctx context.Context, tx *sql.Tx) error {
		return owners.UnlinkStaff(ctx, tx, a.sale.ID, a.val.ID, owners.RoleNegotiator)
	})
	if got := name(a.card(t, a.sale, estate.MarketSale)); got != "Nia Jones (Valuer)" {
		t.Errorf("negotiator unlinked: %s", got)
	}
	err := testdb.Write(a.db, func(ctx context.Context, tx *sql.Tx) error {
		return owners.UnlinkStaff(ctx, tx, a.sale.ID, a.val.ID, owners.RoleNegotiator)
	})
	if !errs.Is(err, errs.NotFound) {
		t.Errorf("unlink twice: %v", err)
	}
}

// Only current staff are linked, in a known role, to a unit that exists.
func TestLinkStaffRefuses(t *testing.T) {
	a := newAgency(t)
	for _, tt := range []struct {
		name        string
		unit, staff int64
		role, field string
	}{
		{"a resident", a.let.ID, a.resident.ID, owners.RolePropertyManager, "person"},
		{"an unknown role", a.let.ID, a.dan.ID, "landlord", "role"},
	} {
		err := testdb.Write(a.db, func(ctx context.Context, tx *sql.Tx) error {
			_, err := owners.LinkStaff(ctx, tx, testNow, tt.unit, tt.staff, tt.role)
			return err
		})
		if e, ok := errs.As(err); !ok || e.Fields[tt.field] == "" {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	err := testdb.Write(a.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := owners.LinkStaff(ctx, tx, testNow, 999, a.dan.ID, owners.RoleValuer)
		return err
	})
	if !errs.Is(err, errs.NotFound) {
		t.Errorf("no such unit: %v", err)
	}
	if n := len(mustLinks(t, a)); n != 0 {
		t.Errorf("%d links after refusals", n)
	}
}

func mustLinks(t *testing.T, a *agency) []owners.StaffLink {
	t.Helper()
	l, err := owners.UnitStaff(context.Background(), a.db.Read(), a.let.ID)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// A photo is set, read, marked on the card and taken away; only staff have
// one.
func TestStaffPhoto(t *testing.T) {
	a := newAgency(t)
	ctx := context.Background()
	a.link(t, a.let, a.dan, owners.RolePropertyManager, testNow)
	must(t, a.db, func(ctx context.Context, tx *sql.Tx) error {
		old, err := owners.SetStaffPhoto(ctx, tx, a.dan.ID, "abc123")
		if old != "" {
			t.Errorf("old photo %q", old)
		}
		return err
	})
	if h, err := owners.StaffPhoto(ctx, a.db.Read(), a.dan.ID); err != nil || h != "abc123" {
		t.Errorf("photo %q %v", h, err)
	}
	if c := a.card(t, a.let, estate.MarketLetting); c == nil || !c.HasPhoto {
		t.Errorf("card has no photo: %+v", c)
	}
	if m, err := owners.StaffWithPhotos(ctx, a.db.Read()); err != nil || len(m) != 1 || !m[a.dan.ID] {
		t.Errorf("staff with photos %v %v", m, err)
	}
	if ok, err := owners.LinkedToAny(ctx, a.db.Read(), a.dan.ID, []int64{a.sale.ID, a.let.ID}); err != nil || !ok {
		t.Errorf("Daniel linked to the let: %v %v", ok, err)
	}
	if ok, _ := owners.LinkedToAny(ctx, a.db.Read(), a.dan.ID, []int64{a.sale.ID}); ok {
		t.Error("Daniel linked to the sale")
	}
	must(t, a.db, func(ctx context.Context, tx *sql.Tx) error {
		old, err := owners.SetStaffPhoto(ctx, tx, a.dan.ID, "")
		if old != "abc123" {
			t.Errorf("old photo %q", old)
		}
		return err
	})
	if c := a.card(t, a.let, estate.MarketLetting); c.HasPhoto {
		t.Error("photo removed but the card has one")
	}
	err := testdb.Write(a.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := owners.SetStaffPhoto(ctx, tx, a.resident.ID, "abc")
		return err
	})
	if !errs.Is(err, errs.NotFound) {
		t.Errorf("a resident's photo: %v", err)
	}
}

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{"Daniel Okonjo": "DO", "Cher": "C", "": "", "mary-jane o'neill": "MO", "  Ana  de la Cruz ": "AC"} {
		if got := owners.Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}
