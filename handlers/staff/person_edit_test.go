package staff_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
)

// personForm is the details form filled in.
func personForm(kind, title, name, email, phone string) url.Values {
	return url.Values{"kind": {kind}, "title": {title}, "full_name": {name}, "email": {email}, "phone": {phone},
		"other_phone": {""}, "correspondence_address": {""}}
}

// A manager adds a person through the form: refusals next to the fields,
// nothing saved until the form is right, then the person's page.
func TestAddPerson(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	if d := webtest.Doc(t, mgr.Get("/admin/people")); d.Find(`a[href="/admin/people/new"]`).Length() != 1 {
		t.Fatal("the people list has no way to add a person")
	}
	before := len(peopleNames(t, mgr, "/admin/people"))
	for _, tc := range []struct {
		form  url.Values
		field string
		want  string
	}{
		{personForm("company", "Mr", "Harbour Freehold Ltd", "", ""), "person-title", "A company has no title: leave it blank."},
		{personForm("individual", "", "", "", ""), "person-name", "Enter the person's full name."},
		{personForm("individual", "", "Dee Okoro", "not-an-email", ""), "person-email", "Enter an email address like name@example.co.uk."},
		{personForm("individual", "", "Dee Okoro", ppl.Alice.Email, ""), "person-email", "Someone with this email address already exists."},
		{personForm("individual", "", "Dee Okoro", "", "12"), "person-phone", "Enter a phone number of 7 to 20 digits, for example 07700 900123."},
	} {
		rec := mgr.Post("/admin/people", tc.form)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("%v: %d", tc.form, rec.Code)
		}
		if got := strings.TrimSpace(webtest.Doc(t, rec).Find("#" + tc.field + "-error").Text()); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.field, got, tc.want)
		}
	}
	if n := len(peopleNames(t, mgr, "/admin/people")); n != before {
		t.Fatalf("%d people after refusals, want %d", n, before)
	}
	rec := mgr.Post("/admin/people", personForm("company", "", "Harbour Freehold Ltd", "accounts@harbour-freehold.example", "020 7946 0101"))
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/people/") {
		t.Fatalf("add: %d %s", rec.Code, loc)
	}
	d := webtest.Doc(t, mgr.Get(loc))
	if got := strings.TrimSpace(d.Find("h1").Text()); got != "Harbour Freehold Ltd" {
		t.Errorf("page of %q", got)
	}
	if !strings.Contains(d.Find(".notice.success").Text(), "has been added") || !strings.Contains(d.Find("#person-details").Text(), "A company") {
		t.Errorf("page after adding: %s", d.Find("main").Text())
	}
	if f.AuditCount("acme", "person.added") != 1 {
		t.Error("not audited")
	}
}

// Changing someone's email signs them out and withdraws their invitation;
// the audit log has each change old → new.
func TestChangePersonDetails(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	alice := f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", ppl.Alice)
	path := "/admin/people/" + ppl.Alice.PublicID

	rec := mgr.Post(path+"/details", personForm("individual", "Ms", ppl.Alice.FullName, ppl.Bob.Email, "07700 900123"))
	if rec.Code != http.StatusUnprocessableEntity || webtest.Doc(t, rec).Find("details.edit-details[open]").Length() != 1 {
		t.Fatalf("taken email: %d, form open %d", rec.Code, webtest.Doc(t, rec).Find("details.edit-details[open]").Length())
	}
	if !alice.IsSignedIn() {
		t.Fatal("a refused change signed Alice out")
	}
	rec = mgr.Post(path+"/details", personForm("individual", "Ms", ppl.Alice.FullName, "alice.new@example.com", "07700 900123"))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?done=saved-signed-out" {
		t.Fatalf("save: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if alice.IsSignedIn() {
		t.Error("Alice is still signed in after her sign-in email changed")
	}
	d := webtest.Doc(t, mgr.Get(path+"?done=saved-signed-out"))
	if !strings.Contains(d.Find("#person-details").Text(), "alice.new@example.com") || !strings.Contains(d.Find(".notice.success").Text(), "signed out everywhere") {
		t.Errorf("page after saving: %s", d.Find("main").Text())
	}
	var detail string
	if err := f.DB("acme").ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = 'person.updated'`).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if want := `title: "" → "Ms"; email: "` + ppl.Alice.Email + `" → "alice.new@example.com"; phone: "" → "07700 900123"`; detail != want {
		t.Errorf("audit %q, want %q", detail, want)
	}
	// Saving the same again changes nothing and says so.
	rec = mgr.Post(path+"/details", personForm("individual", "Ms", ppl.Alice.FullName, "alice.new@example.com", "07700 900123"))
	if rec.Header().Get("Location") != path+"?done=unchanged" {
		t.Errorf("unchanged save went to %s", rec.Header().Get("Location"))
	}
}

// Someone still linked to a home cannot be archived; once the link has
// ended they can, leave the list and the portal, and can be restored.
func TestArchivePerson(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	bob := f.Browser("acme." + webtest.Base)
	bob.SignInAs("acme", ppl.Bob)
	path := "/admin/people/" + ppl.Bob.PublicID

	rec := mgr.Post(path+"/archive", nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.Doc(t, rec).Find("#person-details .error-text").Text(), "still linked to 1 home") {
		t.Fatalf("archive while linked: %d %s", rec.Code, webtest.Doc(t, rec).Find("#person-details").Text())
	}
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE occupancies SET end_date = '2026-03-01'
			WHERE id IN (SELECT occupancy_id FROM occupancy_parties WHERE person_id = ?)`, ppl.Bob.ID)
		return err
	})
	if rec := mgr.Post(path+"/archive", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("archive: %d", rec.Code)
	}
	if bob.IsSignedIn() {
		t.Error("an archived person is still signed in")
	}
	if names := peopleNames(t, mgr, "/admin/people"); strings.Contains(strings.Join(names, "|"), ppl.Bob.FullName) {
		t.Errorf("archived person listed: %q", names)
	}
	if names := peopleNames(t, mgr, "/admin/people?show=archived"); strings.Join(names, "|") != ppl.Bob.FullName {
		t.Errorf("archived list: %q", names)
	}
	if rec := mgr.Post(path+"/details", personForm("individual", "", "Bob B", "", "")); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("an archived person's details were changed: %d", rec.Code)
	}
	if rec := mgr.Post(path+"/access", url.Values{"enabled": {"1"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("portal access turned on for an archived person: %d", rec.Code)
	}
	if rec := mgr.Post(path+"/archive", url.Values{"restore": {"yes"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("restore: %d", rec.Code)
	}
	p, err := estate.GetPersonByID(context.Background(), f.DB("acme").Read(), ppl.Bob.ID)
	if err != nil || p.Archived() || p.PortalEnabled {
		t.Errorf("after restore: archived %v, portal %v (%v)", p.Archived(), p.PortalEnabled, err)
	}
	if f.AuditCount("acme", "person.archived") != 1 || f.AuditCount("acme", "person.restored") != 1 {
		t.Error("archive and restore not audited")
	}
}

// Staff may change residents' details but not an administrator's.
func TestStaffCannotChangeAnAdminsDetails(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	admin := f.AddStaffAs("acme", "Ada Admin", "ada@acme.example", estate.StaffRoleAdmin)
	clerk := f.AddStaffAs("acme", "Sam Staff", "sam@acme.example", estate.StaffRoleStaff)
	b := f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", clerk)
	if rec := b.Post("/admin/people/"+admin.PublicID+"/details", personForm("individual", "", "Ada Changed", admin.Email, "")); rec.Code != http.StatusForbidden {
		t.Errorf("staff changing an administrator: %d", rec.Code)
	}
	if rec := b.Post("/admin/people/"+ppl.Alice.PublicID+"/details", personForm("individual", "", ppl.Alice.FullName, ppl.Alice.Email, "020 7946 0999")); rec.Code != http.StatusSeeOther {
		t.Errorf("staff changing a resident: %d", rec.Code)
	}
}

// peopleNames lists the names in the people list at path.
func peopleNames(t *testing.T, b *webtest.Browser, path string) []string {
	t.Helper()
	var out []string
	webtest.Doc(t, b.Get(path)).Find("#people-rows tbody th a").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Text()))
	})
	return out
}
