package sites_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// shares reads a schedule's shares from the database as "Flat 1=30%, ...".
func (e *estateBook) shares(t *testing.T, siteID int64, publicID string) string {
	t.Helper()
	ctx := context.Background()
	a, err := estate.GetApportionment(ctx, e.f.DB("acme").Read(), siteID, publicID)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := estate.ApportionmentShares(ctx, e.f.DB("acme").Read(), a)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, r := range rows {
		parts = append(parts, r.Name+"="+r.Share())
	}
	return strings.Join(parts, ", ")
}

// A manager adds a "Car park" schedule from the block's page and gives it
// its shares on its grid: the running total says how far off 100% the
// shares typed are, a save that does not total 100% or holds a share that
// is not a percentage is refused with the messages in place and nothing
// saved, and the save that totals 100% is audited unit by unit.
func TestApportionmentScheduleIsAddedAndItsGridSaved(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	site, flat1, flat2 := e.ppl.FlatA.SitePublicID, e.ppl.FlatA.PublicID, e.ppl.FlatB.PublicID
	siteID := e.ppl.FlatA.SiteID
	base := "/admin/sites/" + site

	page := webtest.Doc(t, e.mgr.Get(base))
	main := page.Find(`.ap-list li`)
	if main.Length() != 1 || !strings.Contains(main.Text(), "Main") || !strings.Contains(main.Text(), "default") ||
		main.Find(".badge.ok").Length() != 1 {
		t.Fatalf("apportionment section: %q", main.Text())
	}

	for _, hx := range [][]string{nil, {"HX-Request", "true", "HX-Target", "ap-add"}} {
		rec := e.mgr.Post(base+"/apportionments", url.Values{"name": {"main"}}, hx...)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("%v: a second Main: %d", hx, rec.Code)
		}
		if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "name"); !strings.Contains(msg, "already has a schedule") {
			t.Errorf("%v: name error %q", hx, msg)
		}
	}
	rec := e.mgr.Post(base+"/apportionments", url.Values{"name": {"Car park"}})
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, base+"/apportionments/") || !strings.HasSuffix(loc, "?done=created") {
		t.Fatalf("add: %d %q", rec.Code, loc)
	}
	grid := strings.TrimSuffix(loc, "?done=created")
	car := strings.TrimPrefix(grid, base+"/apportionments/")
	if n := e.f.AuditCount("acme", "apportionment.created", car); n != 1 {
		t.Errorf("%d apportionment.created entries", n)
	}
	d := webtest.Doc(t, e.mgr.Get(loc))
	if n := d.Find(`#ap-grid input[name^="share."]`).Length(); n != 2 {
		t.Fatalf("%d share inputs", n)
	}
	if v, _ := d.Find(`[name="share.` + flat1 + `"]`).Attr("value"); v != "" {
		t.Errorf("a new schedule shows Flat 1 with %q", v)
	}
	if got := d.Find(".ap-other").First().Text(); got != "Main" {
		t.Errorf("the other schedule's column is %q", got)
	}
	if txt := d.Find("#ap-total").Text(); !strings.Contains(txt, "Total 0%") || !strings.Contains(txt, "100% short of 100%") {
		t.Errorf("total of a new schedule: %q", txt)
	}

	// The running total, as htmx asks for it while the shares are typed.
	rec = e.mgr.Post(grid, url.Values{"action": {"check"}, "share." + flat1: {"30"}, "share." + flat2: {"6O"}}, "HX-Request", "true", "HX-Target", "ap-total")
	if rec.Code != http.StatusOK {
		t.Fatalf("check: %d", rec.Code)
	}
	d = webtest.Doc(t, rec)
	if d.Find("#ap-grid").Length() != 0 {
		t.Error("the running total came back with the whole grid")
	}
	if txt := d.Find("#ap-total").Text(); !strings.Contains(txt, "Total 30%") || !strings.Contains(txt, "70% short of 100%") || d.Find("#ap-total .error-text").Length() != 0 ||
		!strings.Contains(txt, "The share of Flat 2 is not a percentage") {
		t.Errorf("running total %q", txt)
	}

	// Without JavaScript: a save that is off is refused, the page shown
	// again with the shares as typed and the message by the total.
	rec = e.mgr.Post(grid, url.Values{"action": {"save"}, "share." + flat1: {"30"}, "share." + flat2: {"60"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("save short: %d", rec.Code)
	}
	d = webtest.Doc(t, rec)
	if msg := d.Find("#ap-total-error").Text(); !strings.Contains(msg, "The Car park shares total 90%, 10% short of 100%") {
		t.Errorf("total message %q", msg)
	}
	if v, _ := d.Find(`[name="share.` + flat2 + `"]`).Attr("value"); v != "60" {
		t.Errorf("Flat 2 shown as %q after the refusal", v)
	}
	rec = e.mgr.Post(grid, url.Values{"action": {"save"}, "share." + flat1: {"thirty"}, "share." + flat2: {"60"}},
		"HX-Request", "true", "HX-Target", "ap-grid")
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("save bad share: %d", rec.Code)
	}
	d = webtest.Doc(t, rec)
	if msg := webtest.FieldError(d.Selection, "share."+flat1); !strings.Contains(msg, "percentage") {
		t.Errorf("Flat 1's error %q", msg)
	}
	if d.Find(`tr.invalid th`).Text() != "Flat 1" {
		t.Errorf("the invalid row is not marked: %q", d.Find(`tr.invalid`).Text())
	}
	if got := e.shares(t, siteID, car); got != "Flat 1=, Flat 2=" {
		t.Fatalf("a refused save wrote %s", got)
	}

	rec = e.mgr.Post(grid, url.Values{"action": {"save"}, "share." + flat1: {""}, "share." + flat2: {"100"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != grid+"?done=saved" {
		t.Fatalf("save: %d %q %.500s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	if got := e.shares(t, siteID, car); got != "Flat 1=, Flat 2=100%" {
		t.Errorf("saved %s", got)
	}
	var detail string
	if err := e.f.DB("acme").ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = 'apportionment.shares' AND object = ?`,
		car).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if want := `Harbour View, Car park: Flat 2: "" → "100%"`; detail != want {
		t.Errorf("audit %q, want %q", detail, want)
	}
	page = webtest.Doc(t, e.mgr.Get(base))
	if li := page.Find(`.ap-list li`).Eq(1).Text(); !strings.Contains(li, "Car park") || !strings.Contains(li, "1 unit") || !strings.Contains(li, "100%") {
		t.Errorf("the site lists %q", li)
	}
}

// Renaming and archiving are audited; the default cannot be archived; a
// schedule is only reached under its own site; staff who may not manage
// the estate read the grid without inputs.
func TestApportionmentRenameArchiveAndAccess(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	base := "/admin/sites/" + e.ppl.FlatA.SitePublicID
	rec := e.mgr.Post(base+"/apportionments", url.Values{"name": {"Lift"}})
	grid := strings.TrimSuffix(rec.Header().Get("Location"), "?done=created")
	lift := strings.TrimPrefix(grid, base+"/apportionments/")

	rec = e.mgr.Post(grid+"/name", url.Values{"name": {"Lift and stairs"}}, "HX-Request", "true", "HX-Target", "ap-name")
	if rec.Code != http.StatusOK || !strings.Contains(webtest.Doc(t, rec).Find("#ap-screen .notice").Text(), "renamed") {
		t.Fatalf("rename: %d %.500s", rec.Code, rec.Body.String())
	}
	rec = e.mgr.Post(grid+"/archive", nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("archive: %d", rec.Code)
	}
	var detail string
	// Ordered in a subquery: group_concat follows the rows' order, which
	// an outer ORDER BY does not set.
	if err := e.f.DB("acme").ReadPool().QueryRow(`SELECT group_concat(detail, ' | ') FROM (SELECT detail FROM audit_log WHERE object = ?
		AND action IN ('apportionment.renamed', 'apportionment.archived') ORDER BY id)`, lift).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if want := `Harbour View, Lift: name: "Lift" → "Lift and stairs" | Harbour View, Lift and stairs: archived: "no" → "yes"`; detail != want {
		t.Errorf("audit %q,\nwant %q", detail, want)
	}
	d := webtest.Doc(t, e.mgr.Get(grid))
	if d.Find(`input[name^="share."]`).Length() != 0 || !strings.Contains(d.Find(".notice.warning").Text(), "archived") {
		t.Error("an archived schedule is offered for editing")
	}

	main, err := estate.DefaultApportionment(context.Background(), e.f.DB("acme").Read(), e.ppl.FlatA.SiteID)
	if err != nil {
		t.Fatal(err)
	}
	d = webtest.Doc(t, e.mgr.Get(base+"/apportionments/"+main.PublicID))
	if d.Find(`form[action$="/archive"]`).Length() != 0 {
		t.Error("the default offers to be archived")
	}
	rec = e.mgr.Post(base+"/apportionments/"+main.PublicID+"/archive", nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "default") {
		t.Errorf("archiving the default: %d", rec.Code)
	}

	other := e.addSite(t, "Canal Wharf")
	if rec := e.mgr.Get("/admin/sites/" + other.PublicID + "/apportionments/" + main.PublicID); rec.Code != http.StatusNotFound {
		t.Errorf("a schedule under another site: %d", rec.Code)
	}

	staff := e.f.Browser("acme." + webtest.Base)
	staff.SignInAs("acme", e.f.AddStaff("acme", "Sam Staff", "sam@acme.example"))
	d = webtest.Doc(t, staff.Get(base+"/apportionments/"+main.PublicID))
	if d.Find(`input[name^="share."]`).Length() != 0 || d.Find("#ap-grid tbody tr").Length() != 2 ||
		!strings.Contains(d.Find("#ap-grid tbody").Text(), "50%") {
		t.Errorf("staff see: %q", d.Find("#ap-grid").Text())
	}
	if rec := staff.Post(base+"/apportionments/"+main.PublicID, url.Values{"action": {"save"}}); rec.Code != http.StatusForbidden {
		t.Errorf("staff saving shares: %d", rec.Code)
	}
}
