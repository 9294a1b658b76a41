package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// person finds the person with the email.
func (tm *team) person(t *testing.T, email string) estate.Person {
	t.Helper()
	p, err := estate.FindPersonByEmail(context.Background(), tm.f.DB("acme").Read(), email)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func memberForm(name, email, role string) url.Values {
	return url.Values{"full_name": {name}, "email": {email}, "role": {role}}
}

func TestTeamAddSendsAnInvitation(t *testing.T) {
	t.Parallel()
	tm := newTeam(t)
	rec := tm.mgr.Post(teamPath, memberForm("Nia New", "nia@acme.example", "staff"))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != teamPath+"?done=added" {
		t.Fatalf("add: %d %s", rec.Code, rec.Body.String())
	}
	subject, text := tm.f.LastMail("acme", "nia@acme.example")
	if !strings.Contains(subject, "invited") || !strings.Contains(text, "/invite/") {
		t.Errorf("invitation %q: %s", subject, text)
	}
	nia := tm.person(t, "nia@acme.example")
	if tm.role(t, nia) != estate.StaffRoleStaff || tm.f.AuditCount("acme", "staff.added", nia.PublicID) != 1 {
		t.Error("Nia is not staff, or the change was not audited")
	}

	// Alice, a resident, becomes staff with her own record; her name as
	// typed does not rename her.
	rec = tm.mgr.Post(teamPath, memberForm("A. Adeyemi", "alice@example.com", "read_only"),
		"HX-Request", "true", "HX-Target", "team-screen")
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || rec.Header().Get("HX-Retarget") != "#team-screen" || !strings.Contains(d.Find(`.notice.success`).Text(), "Added to the team") {
		t.Fatalf("htmx add of Alice: %d %.300s", rec.Code, rec.Body.String())
	}
	if d.Find(`#member-`+tm.ppl.Alice.PublicID+` a`).Text() != "Alice Adeyemi" || tm.f.MailCount("acme", "alice@example.com") != 1 {
		t.Error("Alice's own record was not used, or she was not invited")
	}
}

func TestTeamAddRefusesOnTheFields(t *testing.T) {
	t.Parallel()
	tm := newTeam(t)
	for _, c := range []struct {
		form        url.Values
		field, want string
	}{
		{memberForm("Sam Again", "sam@acme.example", "staff"), "email", "Sam Staff is already on the team."},
		{memberForm("Bad Email", "not-an-email", "staff"), "email", "Enter an email address like name@example.co.uk."},
		{memberForm("", "", "staff"), "email", "Enter their email address: staff sign in with it, and the invitation is sent to it."},
		{memberForm("", "new@acme.example", "staff"), "full_name", "Enter the person's full name."},
		{memberForm("No Role", "norole@acme.example", ""), "role", "Choose the role they will have."},
	} {
		for _, hx := range [][]string{nil, {"HX-Request", "true", "HX-Target", "team-screen"}} {
			rec := tm.mgr.Post(teamPath, c.form, hx...)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%v: %d", c.form, rec.Code)
			}
			d := webtest.Doc(t, rec)
			if got := webtest.FieldError(d.Find(`#team-add`), c.field); got != c.want {
				t.Errorf("%v: %s says %q", c.form, c.field, got)
			}
			if got := d.Find(`#team-email`).AttrOr("value", ""); got != c.form.Get("email") {
				t.Errorf("typed email not kept: %q", got)
			}
			if (d.Find(`h1`).Length() == 0) != (hx != nil) {
				t.Errorf("%v hx=%v: whole page %v", c.form, hx != nil, d.Find(`h1`).Length() > 0)
			}
		}
	}
	if tm.f.MailCount("acme", "new@acme.example")+tm.f.MailCount("acme", "sam@acme.example") != 0 || tm.f.AuditCount("acme", "staff.added") != 0 {
		t.Error("a refused form changed something")
	}
}

func TestTeamRemovalEndsAdminAccess(t *testing.T) {
	t.Parallel()
	tm := newTeam(t)
	sam := tm.f.Browser("acme." + webtest.Base)
	sam.SignInAs("acme", tm.staff)
	if rec := sam.Get("/admin"); rec.Code != http.StatusOK {
		t.Fatalf("Sam before: %d", rec.Code)
	}
	rec := tm.mgr.Post(removePath(tm.staff), nil, "HX-Request", "true", "HX-Target", "team-screen")
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || d.Find(`#member-`+tm.staff.PublicID).Length() != 0 || !strings.Contains(d.Find(`.notice.success`).Text(), "Removed from the team") {
		t.Fatalf("remove: %d %.300s", rec.Code, rec.Body.String())
	}
	if tm.role(t, tm.staff) != "" || tm.person(t, "sam@acme.example").ID != tm.staff.ID {
		t.Error("Sam is still staff, or his record went")
	}
	if sam.IsSignedIn() {
		t.Error("Sam is still signed in")
	}
	sam.SignInAs("acme", tm.staff)
	if rec := sam.Get("/admin"); rec.Code != http.StatusForbidden {
		t.Errorf("Sam after: %d", rec.Code)
	}
	if got := tm.f.AuditCount("acme", "staff.removed", tm.staff.PublicID); got != 1 {
		t.Errorf("%d audit entries", got)
	}
	if rec := tm.mgr.Post(removePath(tm.readOnlyP), nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != teamPath+"?done=removed" {
		t.Errorf("plain remove: %d", rec.Code)
	}
}
