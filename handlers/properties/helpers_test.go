package properties_test

import (
	"context"
	"database/sql"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
	"porch/owners"
)

// portal is the people fixture with both flats of Harbour View let by the
// agency for their owners: Alice owns Flat 1 and Bob Flat 2, in the same
// building. Dan is a member of staff; Morgan, the administrator, is
// signed in.
type portal struct {
	f          *webtest.Fixture
	ppl        webtest.People
	dan        estate.Person
	admin      *webtest.Browser
	alice, bob *webtest.Browser
}

func newPortal(t *testing.T) *portal {
	t.Helper()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	p := &portal{f: f, ppl: f.SeedPeople("acme")}
	p.dan = f.AddStaffAs("acme", "Dan Okonjo", "dan@acme.example", estate.StaffRoleStaff)
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE people SET phone = '020 7946 0999' WHERE id = ?`, p.dan.ID); err != nil {
			return err
		}
		for _, u := range []estate.Unit{p.ppl.FlatA, p.ppl.FlatB} {
			if _, err := estate.SetUnitMarket(ctx, tx, u.ID, estate.MarketLetting); err != nil {
				return err
			}
		}
		return nil
	})
	f.LinkPerson("acme", p.ppl.FlatA.ID, p.ppl.Alice.ID, estate.RoleOwner, "2024-01-01", "")
	f.LinkPerson("acme", p.ppl.FlatB.ID, p.ppl.Bob.ID, estate.RoleOwner, "2024-01-01", "")
	p.admin = p.browser(p.ppl.Manager)
	p.alice, p.bob = p.browser(p.ppl.Alice), p.browser(p.ppl.Bob)
	return p
}

func (p *portal) browser(who estate.Person) *webtest.Browser {
	b := p.f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", who)
	return b
}

func propertyPath(u estate.Unit) string { return "/admin/properties/" + u.PublicID }

// hx are the headers of an htmx request swapping the element target.
func hx(target string) []string { return []string{"HX-Request", "true", "HX-Target", target} }

// text is the selection's text with its spaces squashed.
func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// screen parses an htmx answer that is the property's screen.
func screen(t *testing.T, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	if !strings.HasPrefix(strings.TrimSpace(rec.Body.String()), `<div id="property-screen"`) {
		t.Fatalf("not the property screen: %d %.400s", rec.Code, rec.Body.String())
	}
	return webtest.Doc(t, rec)
}

func (p *portal) settings(t *testing.T) owners.Settings {
	t.Helper()
	s, err := owners.LoadSettings(context.Background(), p.f.DB("acme").Read())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (p *portal) override(t *testing.T, u estate.Unit) owners.Override {
	t.Helper()
	o, err := owners.LoadOverride(context.Background(), p.f.DB("acme").Read(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (p *portal) card(t *testing.T, u estate.Unit) *owners.TeamContact {
	t.Helper()
	c, err := owners.TeamCard(context.Background(), p.f.DB("acme").Read(), u.ID, estate.MarketLetting)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
