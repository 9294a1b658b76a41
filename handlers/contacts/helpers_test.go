package contacts_test

import (
	"context"
	"database/sql"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/contacts"
	"porch/estate"
	"porch/internal/webtest"
)

const acmeHost = "acme." + webtest.Base

// world is an organisation with two residents, Alice and Bob, an
// administrator (Morgan), a manager, a member of staff and a read-only
// member, each with a browser signed in.
type world struct {
	f                             *webtest.Fixture
	ppl                           webtest.People
	manager, staff, reader        estate.Person
	alice, bob, admin, mgr, clerk *webtest.Browser
	ro                            *webtest.Browser
}

func newWorld(t *testing.T) *world {
	t.Helper()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	w := &world{f: f, ppl: f.SeedPeople("acme")}
	w.manager = f.AddStaffAs("acme", "Mina Manager", "mina@acme.example", estate.StaffRoleManager)
	w.staff = f.AddStaffAs("acme", "Sol Staff", "sol@acme.example", estate.StaffRoleStaff)
	w.reader = f.AddStaffAs("acme", "Rita Reader", "rita@acme.example", estate.StaffRoleReadOnly)
	sign := func(p estate.Person) *webtest.Browser {
		b := f.Browser(acmeHost)
		b.SignInAs("acme", p)
		return b
	}
	w.alice, w.bob, w.admin = sign(w.ppl.Alice), sign(w.ppl.Bob), sign(w.ppl.Manager)
	w.mgr, w.clerk, w.ro = sign(w.manager), sign(w.staff), sign(w.reader)
	return w
}

// person reads someone's record as it is now.
func (w *world) person(t *testing.T, p estate.Person) estate.Person {
	t.Helper()
	got, err := estate.GetPersonByID(context.Background(), w.f.DB("acme").Read(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// waiting lists the changes waiting for the office.
func (w *world) waiting(t *testing.T) []contacts.Change {
	t.Helper()
	list, err := contacts.Waiting(context.Background(), w.f.DB("acme").Read())
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// setRules stores the rules directly.
func (w *world) setRules(t *testing.T, r contacts.Rules) {
	t.Helper()
	w.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := contacts.SaveRules(ctx, tx, r, webtest.Now)
		return err
	})
}

// ask puts a change of p's detail before the office, as their profile
// would.
func (w *world) ask(t *testing.T, p estate.Person, field, value string) contacts.Change {
	t.Helper()
	var ch contacts.Change
	w.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) (err error) {
		ch, err = contacts.Ask(ctx, tx, p.ID, field, value, webtest.Now)
		return err
	})
	return ch
}

// details is the profile's details form as it stands, with changes.
func details(t *testing.T, b *webtest.Browser, change url.Values) url.Values {
	t.Helper()
	d := webtest.Doc(t, b.Get("/profile"))
	form := url.Values{}
	d.Find("#profile-details form :is(input, textarea)").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		switch typ, _ := s.Attr("type"); {
		case name == "":
		case typ == "radio":
			if _, on := s.Attr("checked"); on {
				form.Set(name, s.AttrOr("value", ""))
			}
		case goquery.NodeName(s) == "textarea":
			form.Set(name, s.Text())
		default:
			form.Set(name, s.AttrOr("value", ""))
		}
	})
	for k, v := range change {
		form[k] = v
	}
	return form
}

func code(t *testing.T, rec *httptest.ResponseRecorder, want int, what string) {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("%s: %d, want %d: %.400s", what, rec.Code, want, rec.Body.String())
	}
}

func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }
