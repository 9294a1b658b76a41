package staff_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/internal/webtest"
)

// A duplicate record is merged into the person kept: its home, details
// and history move over, it is removed and signed out. Merging is refused
// next to the field for staff, and for two people holding the same role at
// the same home over the same dates, with nothing changed.
func TestMergeDuplicatePerson(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	dup := f.AddPortalPerson("acme", "A. Adeyemi", "a.adeyemi@example.com")
	f.LinkPerson("acme", ppl.FlatB.ID, dup.ID, estate.RoleTenant, "2024-01-01", "")
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE people SET phone = '07700 900555' WHERE id = ?`, dup.ID)
		return err
	})
	dupBrowser := f.Browser("acme." + webtest.Base)
	dupBrowser.SignInAs("acme", dup)
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	path := "/admin/people/" + ppl.Alice.PublicID

	d := webtest.Doc(t, mgr.Get(path))
	if d.Find(`#merge-duplicate option[value="`+dup.PublicID+`"]`).Length() != 1 || d.Find(`#merge-duplicate option[value="`+ppl.Manager.PublicID+`"]`).Length() != 0 {
		t.Fatal("the merge list does not offer the duplicate, or offers staff")
	}
	refused := func(form url.Values, want string) {
		t.Helper()
		rec := mgr.Post(path+"/merge", form)
		if got := strings.TrimSpace(webtest.Doc(t, rec).Find("#merge-duplicate-error").Text()); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(got, want) {
			t.Errorf("%v: %d %q, want %q", form, rec.Code, got, want)
		}
	}
	refused(url.Values{"duplicate": {ppl.Manager.PublicID}}, "is on the staff")
	refused(url.Values{"duplicate": {"nosuchperson12"}}, "Choose the duplicate record")
	// Bob joins Alice's lease of Flat 1 (same dates: one joint lease).
	f.LinkPerson("acme", ppl.FlatA.ID, ppl.Bob.ID, estate.RoleLeaseholder, webtest.Now.AddDate(-2, 0, 0).Format(time.DateOnly), "")
	refused(url.Values{"duplicate": {ppl.Bob.PublicID}}, "same home in the same role")

	rec := mgr.Post(path+"/merge", url.Values{"duplicate": {dup.PublicID}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?done=merged" {
		t.Fatalf("merge: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	ctx := context.Background()
	q := f.DB("acme").Read()
	if _, err := estate.GetPersonByID(ctx, q, dup.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("the duplicate is still there: %v", err)
	}
	alice, err := estate.GetPersonByID(ctx, q, ppl.Alice.ID)
	if err != nil || alice.Phone != "07700 900555" || alice.Email != ppl.Alice.Email {
		t.Errorf("after the merge Alice is %+v (%v)", alice, err)
	}
	units, err := estate.UnitsOfPerson(ctx, q, ppl.Alice.ID, webtest.Now)
	if err != nil || len(units) != 2 {
		t.Errorf("Alice's homes after the merge: %+v (%v)", units, err)
	}
	if dupBrowser.IsSignedIn() {
		t.Error("the duplicate's browser is still signed in")
	}
	if f.AuditCount("acme", "person.merged", ppl.Alice.PublicID) != 1 {
		t.Error("the merge was not audited")
	}
}
