package staff_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
)

const teamPath = "/admin/settings/team"

// team is the people fixture (Morgan is its only administrator) with a
// manager and a member of staff, and a browser signed in as each.
type team struct {
	f                    *webtest.Fixture
	ppl                  webtest.People
	manager, staff       estate.Person
	readOnlyP            estate.Person
	admin, mgr, readOnly *webtest.Browser
}

func newTeam(t *testing.T) *team {
	t.Helper()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	tm := &team{f: f, ppl: f.SeedPeople("acme")}
	tm.manager = f.AddStaffAs("acme", "Mina Manager", "mina@acme.example", estate.StaffRoleManager)
	tm.staff = f.AddStaffAs("acme", "Sam Staff", "sam@acme.example", estate.StaffRoleStaff)
	tm.readOnlyP = f.AddStaffAs("acme", "Rae Reader", "rae@acme.example", estate.StaffRoleReadOnly)
	sign := func(p estate.Person) *webtest.Browser {
		b := f.Browser("acme." + webtest.Base)
		b.SignInAs("acme", p)
		return b
	}
	tm.admin, tm.mgr, tm.readOnly = sign(tm.ppl.Manager), sign(tm.manager), sign(tm.readOnlyP)
	return tm
}

// role is the person's staff role now, "" when they are not staff.
func (tm *team) role(t *testing.T, p estate.Person) string {
	t.Helper()
	r, err := estate.StaffRole(context.Background(), tm.f.DB("acme").Read(), p.ID)
	if err != nil && !strings.Contains(err.Error(), "Not a member of staff") {
		t.Fatal(err)
	}
	return r
}

// texts is the text of each element of sel.
func texts(sel *goquery.Selection) []string {
	return sel.Map(func(_ int, s *goquery.Selection) string { return squash(s.Text()) })
}

// rowDoc parses an answer that is one table row, which HTML parses only
// inside a table.
func rowDoc(t *testing.T, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader("<table><tbody>" + rec.Body.String() + "</tbody></table>"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func rolePath(p estate.Person) string   { return teamPath + "/" + p.PublicID + "/role" }
func removePath(p estate.Person) string { return teamPath + "/" + p.PublicID + "/remove" }

func TestTeamPageShowsStaffAndMatrix(t *testing.T) {
	t.Parallel()
	tm := newTeam(t)
	d := webtest.Doc(t, tm.admin.Get(teamPath))
	if got := strings.Join(texts(d.Find(`.team-matrix thead th`)), "|"); got != "A member of staff may …|Administrator|Manager|Staff|Read-only" {
		t.Errorf("matrix head %q", got)
	}
	keys := d.Find(`.team-matrix tbody tr`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.HasPrefix(s.Find(`th`).Text(), "Change payment providers")
	})
	if got := strings.Join(texts(keys.Find(`td`)), " "); got != "yes —no —no —no" {
		t.Errorf("payment keys row %q", got)
	}
	rows := d.Find(`.team-list tbody tr`)
	if rows.Length() != 4 || !strings.Contains(rows.First().Find(`a`).AttrOr("href", ""), "/admin/people/") {
		t.Errorf("%d rows", rows.Length())
	}
	if d.Find(`#team-add`).Length() != 1 || d.Find(`#role-`+tm.manager.PublicID).Length() != 1 {
		t.Error("an administrator has no forms")
	}
	if webtest.Doc(t, tm.admin.Get("/admin")).Find(`a[href="`+teamPath+`"]`).Length() != 1 {
		t.Error("the dashboard does not link to the team")
	}

	d = webtest.Doc(t, tm.readOnly.Get(teamPath))
	if d.Find(`.team-list tbody tr`).Length() != 4 || d.Find(`#team-add, .team-role, .team-remove`).Length() != 0 {
		t.Error("read-only sees forms, or not the list")
	}
	for path, form := range map[string]url.Values{
		rolePath(tm.staff): {"role": {"read_only"}}, removePath(tm.staff): nil,
		teamPath: {"full_name": {"X"}, "email": {"x@acme.example"}, "role": {"staff"}},
	} {
		if rec := tm.readOnly.Post(path, form); rec.Code != http.StatusForbidden {
			t.Errorf("read-only POST %s: %d", path, rec.Code)
		}
	}
	if tm.role(t, tm.staff) != estate.StaffRoleStaff || tm.f.MailCount("acme", "x@acme.example") != 0 {
		t.Error("read-only changed the team")
	}
}

func TestTeamKeepsTheLastAdministrator(t *testing.T) {
	t.Parallel()
	tm := newTeam(t)
	morgan := tm.ppl.Manager
	want := "Morgan Manager is the only administrator."
	for _, hx := range [][]string{nil, {"HX-Request", "true", "HX-Target", "member-" + morgan.PublicID}} {
		rec := tm.admin.Post(rolePath(morgan), url.Values{"role": {"manager"}}, hx...)
		d := rowDoc(t, rec)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(d.Find(`#member-`+morgan.PublicID+` .error-text`).Text(), want) {
			t.Errorf("demote (hx=%v): %d %.300s", hx != nil, rec.Code, rec.Body.String())
		}
	}
	rec := tm.admin.Post(removePath(morgan), nil)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("remove self: %d", rec.Code)
	}
	// Another administrator may not remove the last one either.
	other := tm.f.AddStaffAs("acme", "Ada Admin", "ada@acme.example", estate.StaffRoleAdmin)
	ada := tm.f.Browser("acme." + webtest.Base)
	ada.SignInAs("acme", other)
	if rec := ada.Post(rolePath(other), url.Values{"role": {"staff"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("demote one of two administrators: %d", rec.Code)
	}
	rec = tm.admin.Post(removePath(morgan), nil, "HX-Request", "true", "HX-Target", "team-screen")
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("remove the last administrator: %d", rec.Code)
	}
	if tm.role(t, morgan) != estate.StaffRoleAdmin || tm.f.AuditCount("acme", "staff.role_changed", morgan.PublicID) != 0 {
		t.Error("the last administrator was changed")
	}
	if got := tm.f.AuditCount("acme", "staff.role_changed", other.PublicID); got != 1 {
		t.Errorf("%d audit entries for Ada's demotion", got)
	}
}

func TestTeamRanks(t *testing.T) {
	t.Parallel()
	tm := newTeam(t)
	morgan := tm.ppl.Manager
	d := webtest.Doc(t, tm.mgr.Get(teamPath))
	if d.Find(`#role-`+morgan.PublicID).Length() != 0 || d.Find(`#member-`+morgan.PublicID+` .team-remove`).Length() != 0 {
		t.Error("a manager is offered changes to an administrator")
	}
	if d.Find(`#role-`+tm.staff.PublicID+` option[value="admin"]`).Length() != 0 || d.Find(`#team-role option[value="admin"]`).Length() != 0 {
		t.Error("a manager is offered the administrator role")
	}
	for what, rec := range map[string]int{
		"demote an administrator": tm.mgr.Post(rolePath(morgan), url.Values{"role": {"staff"}}).Code,
		"remove an administrator": tm.mgr.Post(removePath(morgan), nil).Code,
		"grant administrator":     tm.mgr.Post(rolePath(tm.staff), url.Values{"role": {"admin"}}).Code,
		"add an administrator":    tm.mgr.Post(teamPath, url.Values{"full_name": {"Ann"}, "email": {"ann@acme.example"}, "role": {"admin"}}).Code,
	} {
		if rec != http.StatusForbidden {
			t.Errorf("a manager may %s: %d", what, rec)
		}
	}
	if tm.role(t, morgan) != estate.StaffRoleAdmin || tm.role(t, tm.staff) != estate.StaffRoleStaff || tm.f.MailCount("acme", "ann@acme.example") != 0 {
		t.Error("a refused change happened")
	}
	if tm.f.AuditCount("acme", "access.denied") < 4 {
		t.Error("refusals not audited")
	}
}

func TestTeamRoleChangesInPlace(t *testing.T) {
	t.Parallel()
	tm := newTeam(t)
	rec := tm.mgr.Post(rolePath(tm.staff), url.Values{"role": {"read_only"}}, "HX-Request", "true", "HX-Target", "member-"+tm.staff.PublicID)
	d := rowDoc(t, rec)
	if rec.Code != http.StatusOK || d.Find(`h1`).Length() != 0 || d.Find(`tr#member-`+tm.staff.PublicID).Length() != 1 {
		t.Fatalf("htmx: %d %.300s", rec.Code, rec.Body.String())
	}
	if got := d.Find(`#role-`+tm.staff.PublicID+` option[selected]`).AttrOr("value", ""); got != "read_only" {
		t.Errorf("row shows %q", got)
	}
	if !strings.Contains(d.Find(`.team-saved`).Text(), "Role changed to Read-only.") {
		t.Errorf("no notice: %s", rec.Body.String())
	}
	rec = tm.mgr.Post(rolePath(tm.staff), url.Values{"role": {"manager"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != teamPath+"?done=role" {
		t.Errorf("plain: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if tm.role(t, tm.staff) != estate.StaffRoleManager {
		t.Errorf("role now %q", tm.role(t, tm.staff))
	}
	rec = tm.mgr.Post(rolePath(tm.staff), url.Values{"role": {"boss"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Choose administrator, manager, staff or read-only.") {
		t.Errorf("unknown role: %d", rec.Code)
	}
	var details []string
	rows, err := tm.f.DB("acme").ReadPool().Query(`SELECT detail FROM audit_log WHERE action = 'staff.role_changed' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		details = append(details, s)
	}
	if strings.Join(details, "|") != "Staff → Read-only|Read-only → Manager" {
		t.Errorf("audit details %q", details)
	}
}
