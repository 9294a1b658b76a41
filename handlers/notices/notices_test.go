package notices_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/handlers"
	"porch/internal/webtest"
)

// estateWithNotices is the fixture's Harbour View (Alice, Bob and the
// manager) and a second site, Quay House, where Carol lives.
type estateWithNotices struct {
	f             *webtest.Fixture
	ppl           webtest.People
	quay          estate.Site
	carol         estate.Person
	mgr, alice    *webtest.Browser
	harbourPublic string
}

func newEstate(t *testing.T, mutate func(*handlers.Config)) *estateWithNotices {
	t.Helper()
	f := webtest.NewFixture(t, mutate, webtest.Acme)
	e := &estateWithNotices{f: f, ppl: f.SeedPeople("acme")}
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) (err error) {
		if e.quay, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Quay House", Kind: estate.KindBlock,
			AddressLine1: "2 Quay Street", Town: "Bristol", Postcode: "BS1 4RN"}, webtest.Now); err != nil {
			return err
		}
		u, err := estate.CreateUnit(ctx, tx, e.quay.ID, estate.UnitInput{Name: "Flat 9"}, webtest.Now)
		if err != nil {
			return err
		}
		if e.carol, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Carol Cho", Email: "carol@example.com", PortalEnabled: true}, webtest.Now); err != nil {
			return err
		}
		_, err = estate.LinkPerson(ctx, tx, webtest.Now, u.ID, e.carol.ID, estate.RoleTenant, webtest.Now.AddDate(-1, 0, 0), nil)
		return err
	})
	if err := f.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM sites WHERE name = 'Harbour View'`).Scan(&e.harbourPublic); err != nil {
		t.Fatal(err)
	}
	e.mgr = f.Browser("acme." + webtest.Base)
	e.mgr.SignInAs("acme", e.ppl.Manager)
	e.alice = f.Browser("acme." + webtest.Base)
	e.alice.SignInAs("acme", e.ppl.Alice)
	return e
}

// post posts the notice form as the manager.
func (e *estateWithNotices) post(t *testing.T, fields url.Values, fs ...webtest.File) *http.Response {
	t.Helper()
	return e.mgr.PostFiles("/admin/notices", fields, fs).Result()
}

// idOf is the public id of the notice with the title.
func (e *estateWithNotices) idOf(t *testing.T, title string) string {
	t.Helper()
	var id string
	if err := e.f.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM notices WHERE title = ?`, title).Scan(&id); err != nil {
		t.Fatalf("notice %q: %v", title, err)
	}
	return id
}

func TestPostNoticeResidentsReadItAndGetACopy(t *testing.T) {
	t.Parallel()
	e := newEstate(t, nil)
	res := e.post(t, url.Values{"title": {"Water off on Tuesday"}, "sites": {e.harbourPublic}, "when": {"now"}, "email_copy": {"yes"},
		"body": {"The water is off **9–12** for the new pump.\n\n<script>alert(1)</script>\n\n[Survey](javascript:alert(2))"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/notices?done=emailed" {
		t.Fatalf("post: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	id := e.idOf(t, "Water off on Tuesday")
	for _, to := range []string{"alice@example.com", "bob@example.com"} {
		subject, text := e.f.LastMail("acme", to)
		if subject != "Water off on Tuesday" || !strings.Contains(text, "/notices/"+id) {
			t.Errorf("copy to %s: %q %q", to, subject, text)
		}
	}
	if n := e.f.MailCount("acme", "carol@example.com"); n != 0 {
		t.Errorf("Carol, on another site, got %d copies", n)
	}

	if home := webtest.Doc(t, e.alice.Get("/")).Find(".home-notices li").Text(); !strings.Contains(home, "Water off on Tuesday") || !strings.Contains(home, "New") {
		t.Errorf("home page's notices: %q", home)
	}
	list := webtest.Doc(t, e.alice.Get("/notices"))
	if item := list.Find(".notice-item.unread"); item.Length() != 1 || !strings.Contains(item.Text(), "Water off on Tuesday") {
		t.Fatalf("Alice's list: %q", list.Find("main").Text())
	}
	page := e.alice.Get("/notices/" + id)
	body := page.Body.String()
	if page.Code != http.StatusOK || !strings.Contains(body, "<strong>9–12</strong>") {
		t.Fatalf("Alice opening it: %d", page.Code)
	}
	if strings.Contains(body, "alert(1)") || strings.Contains(body, "javascript:") {
		t.Errorf("script or a javascript: link reached the page")
	}
	if list := webtest.Doc(t, e.alice.Get("/notices")); list.Find(".notice-item.unread").Length() != 0 {
		t.Error("still marked new after she read it")
	}

	// Editing it sends no second copy.
	e.mgr.PostFiles("/admin/notices/"+id, url.Values{"title": {"Water off on Tuesday"}, "sites": {e.harbourPublic}, "when": {"now"},
		"email_copy": {"yes"}, "body": {"Now 9–11."}}, nil)
	if n := e.f.MailCount("acme", "alice@example.com"); n != 1 {
		t.Errorf("Alice has %d copies after an edit", n)
	}
}

func TestNoticesOnlyForTheirSitesAndWhenSwitchedOn(t *testing.T) {
	t.Parallel()
	e := newEstate(t, nil)
	e.post(t, url.Values{"title": {"Harbour only"}, "sites": {e.harbourPublic}, "when": {"now"}, "body": {"x"}})
	id := e.idOf(t, "Harbour only")
	carol := e.f.Browser("acme." + webtest.Base)
	carol.SignInAs("acme", e.carol)
	if strings.Contains(carol.Get("/notices").Body.String(), "Harbour only") {
		t.Error("Carol sees another site's notice")
	}
	for _, path := range []string{"/notices/" + id, "/notices/" + id + "/attachment"} {
		if rec := carol.Get(path); rec.Code != http.StatusNotFound {
			t.Errorf("Carol at %s: %d", path, rec.Code)
		}
	}
	if !strings.Contains(e.f.Logs.String(), "notice not readable by this person") {
		t.Error("the attempt was not logged")
	}

	if rec := e.mgr.Post("/admin/sites/"+e.harbourPublic+"/settings/notices", url.Values{"notices": {"no"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("switching off: %d", rec.Code)
	}
	if strings.Contains(e.alice.Get("/notices").Body.String(), "Harbour only") {
		t.Error("Alice sees notices on a site that switched them off")
	}
	if rec := e.alice.Get("/notices/" + id); rec.Code != http.StatusNotFound {
		t.Errorf("Alice opening it with notices off: %d", rec.Code)
	}
	if e.f.AuditCount("acme", "site.notices") != 1 {
		t.Error("the change of setting is not audited")
	}
}

func TestNoticeFormRefusalsKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	e := newEstate(t, nil)
	rec := e.mgr.PostFiles("/admin/notices", url.Values{"title": {""}, "body": {"Lift service on Monday"}, "when": {"later"},
		"publish_at": {"2020-01-01T09:00"}, "pinned": {"yes"}}, []webtest.File{{Field: "attachment", Name: "rota.pdf", Data: []byte("not a pdf")}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	for field, want := range map[string]string{"title": "Enter a title", "publish_at": "still to come", "attachment": "rota.pdf"} {
		if got := webtest.FieldError(d.Selection, field); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if got := d.Find("#notice-sites-error").Text(); got == "" {
		t.Error("no message for the sites")
	}
	if d.Find("#notice-body").Text() != "Lift service on Monday" || d.Find("#notice-pinned[checked]").Length() != 1 {
		t.Error("what was typed is lost")
	}

	// A good PDF is kept across a refusal and attached once the form is right.
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	d = webtest.Doc(t, e.mgr.PostFiles("/admin/notices", url.Values{"title": {"Rota"}, "body": {""}, "when": {"now"}, "sites": {e.harbourPublic}},
		[]webtest.File{{Field: "attachment", Name: "Cleaning rota.pdf", Data: pdf}}))
	token, _ := d.Find(`input[name="kept_attachment"]`).Attr("value")
	if token == "" {
		t.Fatal("the accepted file is not carried by the form")
	}
	forged := strings.Replace(token, "Cleaning", "Evil", 1)
	rec = e.mgr.PostFiles("/admin/notices", url.Values{"title": {"Rota"}, "body": {"Attached."}, "when": {"now"}, "sites": {e.harbourPublic},
		"kept_attachment": {forged}}, nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("saving with a forged token: %d", rec.Code)
	}
	var name string
	e.f.DB("acme").ReadPool().QueryRow(`SELECT attachment_name FROM notices WHERE title = 'Rota'`).Scan(&name)
	if name != "" {
		t.Errorf("a forged token attached %q", name)
	}
	e.mgr.PostFiles("/admin/notices", url.Values{"title": {"Rota 2"}, "body": {"Attached."}, "when": {"now"}, "sites": {e.harbourPublic},
		"kept_attachment": {token}}, nil)
	id := e.idOf(t, "Rota 2")
	dl := e.alice.Get("/notices/" + id + "/attachment")
	h := dl.Header()
	if dl.Code != http.StatusOK || dl.Body.String() != string(pdf) || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(h.Get("Cache-Control"), "no-store") || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") ||
		!strings.Contains(strings.ToLower(h.Get("Content-Disposition")), "cleaning-rota.pdf") {
		t.Errorf("download: %d %v", dl.Code, h)
	}
}

func TestScheduledNoticeGoesUpAndIsCopiedThen(t *testing.T) {
	t.Parallel()
	var woken []time.Time
	e := newEstate(t, func(c *handlers.Config) {
		c.Wake = func(slug string, at time.Time) { woken = append(woken, at) }
	})
	at := e.f.Clock.Now().Add(3 * time.Hour).Truncate(time.Minute)
	res := e.post(t, url.Values{"title": {"Fire alarm test"}, "sites": {e.harbourPublic}, "when": {"later"}, "email_copy": {"yes"},
		"publish_at": {handlers.FormDateTime(at)}, "body": {"Thursday at 10."}})
	if res.Header.Get("Location") != "/admin/notices?done=scheduled" {
		t.Fatalf("post: %s", res.Header.Get("Location"))
	}
	if len(woken) != 1 || !woken[0].Equal(at) {
		t.Fatalf("jobs woken at %v, want %v", woken, at)
	}
	if strings.Contains(e.alice.Get("/notices").Body.String(), "Fire alarm test") || e.f.MailCount("acme", "alice@example.com") != 0 {
		t.Fatal("a scheduled notice is up early")
	}
	copier := handlers.NoticeCopier(e.f.Cfg, func(slug string) string { return "https://" + slug + ".example" })
	next, err := copier(context.Background(), "acme", e.f.DB("acme"), at.Add(-time.Minute))
	if err != nil || !next.Equal(at) || e.f.MailCount("acme", "alice@example.com") != 0 {
		t.Fatalf("before its time: next %v, %v", next, err)
	}
	e.f.Clock.Set(at.Add(time.Minute))
	if next, err := copier(context.Background(), "acme", e.f.DB("acme"), at.Add(time.Minute)); err != nil || !next.IsZero() {
		t.Fatalf("at its time: next %v, %v", next, err)
	}
	if e.f.MailCount("acme", "alice@example.com") != 1 || !strings.Contains(e.alice.Get("/notices").Body.String(), "Fire alarm test") {
		t.Error("not up, or not copied, once its time came")
	}
}

func TestReadOnlyStaffCannotPost(t *testing.T) {
	t.Parallel()
	e := newEstate(t, nil)
	ro := e.f.AddStaffAs("acme", "Rita Reader", "rita@acme.example", estate.StaffRoleReadOnly)
	b := e.f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", ro)
	if rec := b.Get("/admin/notices"); rec.Code != http.StatusOK {
		t.Errorf("read-only list: %d", rec.Code)
	}
	if rec := b.PostFiles("/admin/notices", url.Values{"title": {"x"}, "body": {"x"}, "when": {"now"}, "sites": {e.harbourPublic}}, nil); rec.Code != http.StatusForbidden {
		t.Errorf("read-only posting: %d", rec.Code)
	}
}
