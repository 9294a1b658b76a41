package home_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

func TestResidentHome(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	// Bob also lives in Alice's flat: she must still never see him.
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.LinkPerson(ctx, tx, webtest.Now, ppl.FlatA.ID, ppl.Bob.ID, estate.RoleOccupier, webtest.Now.AddDate(-1, 0, 0), nil)
		return err
	})
	tests := []struct {
		name    string
		person  estate.Person
		cards   string
		staff   bool
		mustNot []string
	}{
		// A leaseholder's card shows their account; an occupier's none.
		{"one home", ppl.Alice, "Harbour View Flat 1 Leaseholder Nothing owed", false, []string{"Flat 2", "Bob", "bob@example.com"}},
		{"several homes", ppl.Bob, "Harbour View Flat 1 Occupier|Harbour View Flat 2 Leaseholder Nothing owed", false, []string{"Alice"}},
		{"staff", ppl.Manager, "", true, []string{"Alice", "Bob"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := f.Browser("acme." + webtest.Base)
			b.SignInAs("acme", tt.person)
			rec := b.Get("/")
			body := rec.Body.String()
			d := webtest.Doc(t, rec)
			if rec.Code != 200 || d.Find("h1").Text() != "Hello, "+strings.Fields(tt.person.FullName)[0] {
				t.Fatalf("%d %q", rec.Code, d.Find("h1").Text())
			}
			if got := strings.Join(webtest.HomeCards(d), "|"); got != tt.cards {
				t.Errorf("cards %q, want %q", got, tt.cards)
			}
			if hasAdmin := d.Find(`main a[href="/admin"]`).Length() == 1; hasAdmin != tt.staff {
				t.Errorf("admin link shown = %v", hasAdmin)
			}
			if !strings.Contains(d.Find("main #contact").Text(), webtest.Acme.Email) {
				t.Error("no contact details")
			}
			for _, leak := range tt.mustNot {
				if strings.Contains(body, leak) {
					t.Errorf("home shows %q", leak)
				}
			}
		})
	}
}

func TestResidentUnitPage(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.LinkPerson(ctx, tx, webtest.Now, ppl.FlatA.ID, ppl.Bob.ID, estate.RoleOccupier, webtest.Now.AddDate(-1, 0, 0), nil)
		return err
	})
	alice := f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", ppl.Alice)

	rec := alice.Get("/units/" + ppl.FlatA.PublicID)
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || d.Find("h1").Text() != "Flat 1" || !strings.Contains(d.Find("main").Text(), "Harbour View") ||
		!strings.Contains(d.Find("main dl").Text(), "Leaseholder") {
		t.Fatalf("own unit: %d %.400s", rec.Code, d.Find("main").Text())
	}
	if strings.Contains(rec.Body.String(), "Bob") {
		t.Error("the unit page shows another occupant")
	}
	if href, _ := webtest.Doc(t, alice.Get("/")).Find(".home-card a.home-unit").Attr("href"); href != "/units/"+ppl.FlatA.PublicID {
		t.Errorf("card links to %q", href)
	}
	webtest.AssertRefusesOutOfScope(t, alice, "/units/"+ppl.FlatB.PublicID, "/units/nosuchunit12345")

	// A unit she has left is out of scope too.
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE occupancies SET end_date = '2025-12-31'
			WHERE id IN (SELECT occupancy_id FROM occupancy_parties WHERE person_id = ?)`, ppl.Alice.ID)
		return err
	})
	webtest.AssertRefusesOutOfScope(t, alice, "/units/"+ppl.FlatA.PublicID)

	anon := f.Browser("acme." + webtest.Base)
	if rec := anon.Get("/units/" + ppl.FlatA.PublicID); rec.Code != http.StatusSeeOther ||
		!strings.HasPrefix(rec.Header().Get("Location"), "/sign-in?next=") {
		t.Errorf("anonymous: %d %v", rec.Code, rec.Header())
	}
}

func TestCookieFromOtherOrgRejected(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	// The same people, same ids and email, exist in bravo too.
	bravoPpl := f.SeedPeople("bravo")
	if bravoPpl.Alice.ID != ppl.Alice.ID {
		t.Fatalf("fixture ids differ: %d %d", bravoPpl.Alice.ID, ppl.Alice.ID)
	}
	b := f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", ppl.Alice)
	cookies := b.Jar.Cookies(b.URL("/"))
	if len(cookies) < 2 {
		t.Fatalf("cookies: %v", cookies)
	}
	for _, path := range []string{"/", "/units/" + bravoPpl.FlatA.PublicID, "/admin"} {
		req := httptest.NewRequest("GET", "http://bravo."+webtest.Base+path, nil)
		req.Host = "bravo." + webtest.Base
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		f.Echo.ServeHTTP(rec, req)
		switch path {
		case "/":
			if h1 := webtest.Doc(t, rec).Find("h1").Text(); rec.Code != 200 || h1 != webtest.Bravo.Name {
				t.Errorf("bravo home with acme cookies: %d %q", rec.Code, h1)
			}
		default:
			if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
				t.Errorf("%s on bravo with acme cookies: %d", path, rec.Code)
			}
		}
	}
	if b.SignedInAs() != "Alice" {
		t.Error("no longer signed in on acme")
	}
}
