package staff_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// Who may change whose access: staff look after residents only, managers
// anyone but administrators, administrators anyone; read-only members
// nobody. Every action (invite, sign out, turn access on) follows the
// same rule, and a refusal is a 403 that changes nothing.
func TestAccessChangesFollowRank(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	roles := []string{estate.StaffRoleAdmin, estate.StaffRoleManager, estate.StaffRoleStaff, estate.StaffRoleReadOnly}
	targets := map[string]estate.Person{"resident": ppl.Alice}
	actors := map[string]*webtest.Browser{}
	for _, r := range roles {
		targets[r] = f.AddStaffAs("acme", "Target "+r, "target-"+r+"@acme.example", r)
		actors[r] = f.Browser("acme." + webtest.Base)
		actors[r].SignInAs("acme", f.AddStaffAs("acme", "Actor "+r, "actor-"+r+"@acme.example", r))
	}
	allowed := map[string][]string{
		estate.StaffRoleAdmin:    {"resident", estate.StaffRoleAdmin, estate.StaffRoleManager, estate.StaffRoleStaff, estate.StaffRoleReadOnly},
		estate.StaffRoleManager:  {"resident", estate.StaffRoleManager, estate.StaffRoleStaff, estate.StaffRoleReadOnly},
		estate.StaffRoleStaff:    {"resident"},
		estate.StaffRoleReadOnly: nil,
	}
	actions := map[string]url.Values{"invite": nil, "revoke": nil, "access": {"enabled": {"1"}}}
	for actor, b := range actors {
		for target, p := range targets {
			want := http.StatusForbidden
			for _, ok := range allowed[actor] {
				if ok == target {
					want = http.StatusSeeOther
				}
			}
			for action, form := range actions {
				mails := f.MailCount("acme", p.Email)
				rec := b.Post("/admin/people/"+p.PublicID+"/"+action, form)
				if rec.Code != want {
					t.Errorf("%s %s of %s: %d, want %d", actor, action, target, rec.Code, want)
				}
				if want == http.StatusForbidden && f.MailCount("acme", p.Email) != mails {
					t.Errorf("%s %s of %s: refused but mailed", actor, action, target)
				}
			}
		}
	}
}

// The defect: a member of staff re-sent an administrator's invitation,
// voiding the link the administrator had been sent.
func TestStaffCannotResendAnAdminsInvitation(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	admin := f.AddStaffAs("acme", "Ada Admin", "ada@acme.example", estate.StaffRoleAdmin)
	link := f.Invite("acme", admin)
	clerk := f.Browser("acme." + webtest.Base)
	clerk.SignInAs("acme", f.AddStaff("acme", "Cal Clerk", "cal@acme.example"))
	denied := f.AuditCount("acme", "access.denied")

	rec := clerk.Post("/admin/people/"+admin.PublicID+"/invite", nil)
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "cannot change the portal access of this member of staff") {
		t.Fatalf("staff re-sending an admin's invitation: %d %.300s", rec.Code, rec.Body.String())
	}
	if f.MailCount("acme", admin.Email) != 0 || f.AuditCount("acme", "auth.invited") != 0 {
		t.Error("an invitation was sent")
	}
	if f.AuditCount("acme", "access.denied") != denied+1 {
		t.Error("the refusal was not audited")
	}
	// The administrator's own link still works.
	ada := f.Browser("acme." + webtest.Base)
	if rec := ada.Post("/invite/"+link, nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin" {
		t.Errorf("the admin's invitation no longer works: %d %v", rec.Code, rec.Header())
	}
}
