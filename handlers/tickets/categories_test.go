package tickets_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
	"porch/tickets"
)

// book is the people fixture with its manager signed in.
type book struct {
	f   *webtest.Fixture
	ppl webtest.People
	mgr *webtest.Browser
}

func newBook(t *testing.T) *book {
	t.Helper()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	b := &book{f: f, ppl: f.SeedPeople("acme"), mgr: f.Browser("acme." + webtest.Base)}
	b.mgr.SignInAs("acme", b.ppl.Manager)
	return b
}

// category finds a category by name, failing the test when there is none.
func (b *book) category(t *testing.T, name string) tickets.Category {
	t.Helper()
	cs, err := tickets.ListCategories(context.Background(), b.f.DB("acme").Read())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no category %q", name)
	return tickets.Category{}
}

const page = "/admin/tickets/categories"

// names lists the category names shown in a section of the page.
func names(d *goquery.Document, section string) []string {
	var out []string
	d.Find(section + ` .category-row`).Each(func(_ int, s *goquery.Selection) {
		if in := s.Find(`input[name="name"]`); in.Length() > 0 {
			out = append(out, in.AttrOr("value", ""))
		} else {
			out = append(out, s.Find(`.category-name`).Text())
		}
	})
	return out
}

func TestCategoriesAddedPlainAndWithHtmx(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	d := webtest.Doc(t, b.mgr.Get(page))
	if got := names(d, `section[aria-labelledby="cat-active-heading"]`); len(got) != 12 || got[0] != "Leak or flood" || got[11] != "Other" {
		t.Errorf("defaults shown: %q", got)
	}

	rec := b.mgr.Post(page, url.Values{"name": {"Gates and barriers"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != page+"?done=added" {
		t.Fatalf("plain add: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	rec = b.mgr.Post(page, url.Values{"name": {"Windows"}}, "HX-Request", "true", "HX-Target", "categories-screen")
	if rec.Code != http.StatusOK || rec.Header().Get("HX-Retarget") != "#categories-screen" {
		t.Fatalf("htmx add: %d %v", rec.Code, rec.Header())
	}
	d = webtest.Doc(t, rec)
	if d.Find(`h1`).Length() != 0 || !strings.Contains(d.Find(`.notice.success`).Text(), "Category added") {
		t.Errorf("htmx add did not answer with the screen alone and its notice: %.300s", rec.Body.String())
	}
	if got := names(d, `section[aria-labelledby="cat-active-heading"]`); len(got) != 14 || got[12] != "Gates and barriers" || got[13] != "Windows" {
		t.Errorf("after adding: %q", got)
	}
	for _, n := range []string{"Gates and barriers", "Windows"} {
		if c := b.category(t, n); b.f.AuditCount("acme", "ticket_category.added", c.PublicID) != 1 {
			t.Errorf("%s: no audit entry", n)
		}
	}
}

func TestCategoryRefusalKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	long := strings.Repeat("x", 61)
	for _, hx := range [][]string{nil, {"HX-Request", "true", "HX-Target", "categories-screen"}} {
		rec := b.mgr.Post(page, url.Values{"name": {long}}, hx...)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("too long: %d", rec.Code)
		}
		d := webtest.Doc(t, rec)
		if got := webtest.FieldError(d.Find(`#category-add`), "name"); got != "Keep the name to 60 characters or fewer." {
			t.Errorf("message %q", got)
		}
		if got := d.Find(`#new-category`).AttrOr("value", ""); got != long {
			t.Errorf("typed name not kept: %q", got)
		}
		if (d.Find(`h1`).Length() == 0) != (hx != nil) {
			t.Errorf("hx=%v: whole page %v", hx != nil, d.Find(`h1`).Length() > 0)
		}
	}
	parking := b.category(t, "Parking")
	rec := b.mgr.Post(page+"/"+parking.PublicID, url.Values{"name": {"lift"}})
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || d.Find(`#cat-`+parking.PublicID).AttrOr("value", "") != "lift" {
		t.Errorf("rename onto Lift: %d, the typed name not kept", rec.Code)
	}
	row := d.Find(`#cat-` + parking.PublicID).Closest(`form`)
	if got := webtest.FieldError(row, "name"); got != "There is already a category called lift." {
		t.Errorf("rename message %q", got)
	}
	if b.category(t, "Parking").Name != "Parking" {
		t.Error("a refused rename changed the name")
	}
}

func TestCategoryRenamedRetiredAndRestored(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	lift := b.category(t, "Lift")
	if rec := b.mgr.Post(page+"/"+lift.PublicID, url.Values{"name": {"Lifts"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("rename: %d", rec.Code)
	}
	if b.category(t, "Lifts").ID != lift.ID || b.f.AuditCount("acme", "ticket_category.renamed", lift.PublicID) != 1 {
		t.Error("rename not saved or not audited")
	}
	rec := b.mgr.Post(page+"/"+lift.PublicID+"/retire", nil, "HX-Request", "true", "HX-Target", "categories-screen")
	if rec.Code != http.StatusOK {
		t.Fatalf("retire: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	if got := names(d, `section[aria-labelledby="cat-retired-heading"]`); len(got) != 1 || got[0] != "Lifts" {
		t.Errorf("retired section: %q", got)
	}
	ctx := context.Background()
	if ok, _ := tickets.Allowed(ctx, b.f.DB("acme").Read(), b.ppl.FlatA.SiteID, lift.ID); ok {
		t.Error("a retired category is still allowed")
	}
	if rec := b.mgr.Post(page+"/"+lift.PublicID+"/restore", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("restore: %d", rec.Code)
	}
	if ok, _ := tickets.Allowed(ctx, b.f.DB("acme").Read(), b.ppl.FlatA.SiteID, lift.ID); !ok {
		t.Error("a restored category is not allowed again")
	}
	for _, a := range []string{"ticket_category.retired", "ticket_category.restored"} {
		if b.f.AuditCount("acme", a, lift.PublicID) != 1 {
			t.Errorf("no %s entry", a)
		}
	}
}

// Read-only staff see the list and a site's allow-list without forms and
// are refused every change.
func TestReadOnlyStaffSeeNoForms(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	ro := b.f.Browser("acme." + webtest.Base)
	ro.SignInAs("acme", b.f.AddStaffAs("acme", "Rita Reader", "rita@acme.example", estate.StaffRoleReadOnly))
	site := sitePath(t, b)
	for _, path := range []string{page, site} {
		rec := ro.Get(path)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		d := webtest.Doc(t, rec)
		if n := d.Find(`main form`).Length(); n != 0 {
			t.Errorf("%s: %d forms for read-only staff", path, n)
		}
		if !strings.Contains(d.Find(`main`).Text(), "Leak or flood") {
			t.Errorf("%s: list not shown", path)
		}
	}
	lift := b.category(t, "Lift")
	for _, path := range []string{page, page + "/" + lift.PublicID, page + "/" + lift.PublicID + "/retire",
		page + "/" + lift.PublicID + "/restore", site + "/categories"} {
		if rec := ro.Post(path, url.Values{"name": {"Lifts"}}); rec.Code != http.StatusForbidden {
			t.Errorf("POST %s: %d, want 403", path, rec.Code)
		}
	}
	if b.category(t, "Lift").Retired() {
		t.Error("a refused post changed the category")
	}
}
