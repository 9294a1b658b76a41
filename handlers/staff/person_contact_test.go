package staff_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// The office records how a person prefers to be contacted with the rest of
// their details, and the person's page says it; a way it does not know is
// refused next to the field.
func TestPersonPreferredContact(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	path := "/admin/people/" + ppl.Alice.PublicID
	form := personForm("individual", "", ppl.Alice.FullName, ppl.Alice.Email, "")
	form.Set("preferred_contact", "pigeon")
	rec := mgr.Post(path+"/details", form)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown way: %d", rec.Code)
	}
	if got := webtest.FieldError(webtest.Doc(t, rec).Selection, "preferred_contact"); got != "Choose email, phone or post." {
		t.Errorf("message %q", got)
	}
	form.Set("preferred_contact", estate.ContactByPost)
	if rec := mgr.Post(path+"/details", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", rec.Code)
	}
	p, err := estate.GetPerson(context.Background(), f.DB("acme").Read(), ppl.Alice.PublicID)
	if err != nil || p.PreferredContact != estate.ContactByPost {
		t.Fatalf("saved %q %v", p.PreferredContact, err)
	}
	d := webtest.Doc(t, mgr.Get(path))
	if got := strings.Join(strings.Fields(d.Find("#person-details dl").Text()), " "); !strings.Contains(got, "Prefers to be contactedBy post") {
		t.Errorf("details %q", got)
	}
	if v, _ := d.Find(`#person-contact option[selected]`).Attr("value"); v != estate.ContactByPost {
		t.Errorf("form shows %q", v)
	}
}
