package tickets_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/tickets"
)

// sitePath is the settings page of the fixture's block, which holds its
// allow-list.
func sitePath(t *testing.T, b *book) string {
	t.Helper()
	var id string
	if err := b.f.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM sites WHERE id = ?`, b.ppl.FlatA.SiteID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return "/admin/sites/" + id + "/settings"
}

func TestSiteAllowListSavedAndAudited(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	settings := sitePath(t, b)
	path := settings + "/categories"
	site := webtest.Doc(t, b.mgr.Get(strings.TrimSuffix(settings, "/settings")))
	if site.Find(`a[href="`+settings+`#settings-categories"]`).Length() != 1 {
		t.Error("the site's page does not link to its request categories")
	}
	// The allow-list's old address leads to its section of the settings.
	if rec := b.mgr.Get(strings.TrimSuffix(settings, "/settings") + "/ticket-categories"); rec.Code != http.StatusSeeOther ||
		rec.Header().Get("Location") != settings+"#settings-categories" {
		t.Errorf("old address: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if webtest.Doc(t, b.mgr.Get("/admin")).Find(`a[href="`+page+`"]`).Length() != 1 {
		t.Error("the dashboard does not link to the request categories")
	}
	d := webtest.Doc(t, b.mgr.Get(settings))
	if n := d.Find(`input[name="category"][checked]`).Length(); n != 12 {
		t.Errorf("%d ticked, want every default", n)
	}
	leak, other, lift := b.category(t, "Leak or flood"), b.category(t, "Other"), b.category(t, "Lift")
	rec := b.mgr.Post(path, url.Values{"category": {leak.PublicID, other.PublicID}}, "HX-Request", "true", "HX-Target", "settings-categories")
	if rec.Code != http.StatusOK {
		t.Fatalf("save: %d %.300s", rec.Code, rec.Body.String())
	}
	d = webtest.Doc(t, rec)
	if n := d.Find(`input[name="category"][checked]`).Length(); n != 2 {
		t.Errorf("%d ticked after saving two", n)
	}
	ctx, q := context.Background(), b.f.DB("acme").Read()
	if ok, _ := tickets.Allowed(ctx, q, b.ppl.FlatA.SiteID, lift.ID); ok {
		t.Error("Lift still allowed")
	}
	var detail string
	if err := b.f.DB("acme").ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = 'site.ticket_categories'`).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if want := "Harbour View: Leak or flood, Heating or hot water, Electrics, Lift, Door entry and security, Communal cleaning, " +
		"Lighting in communal areas, Noise or neighbours, Parking, Pests, Rubbish and recycling, Other → Leak or flood, Other"; detail != want {
		t.Errorf("audit detail %q", detail)
	}

	// A retired or made-up id refuses the whole save.
	if rec := b.mgr.Post(page+"/"+other.PublicID+"/retire", nil); rec.Code != http.StatusSeeOther {
		t.Fatal(rec.Code)
	}
	rec = b.mgr.Post(path, url.Values{"category": {leak.PublicID, lift.PublicID, other.PublicID}})
	if rec.Code != http.StatusUnprocessableEntity || webtest.Doc(t, rec).Find(`#settings-categories .notice.error`).Length() != 1 {
		t.Errorf("retired id: %d", rec.Code)
	}
	if rec := b.mgr.Post(path, url.Values{"category": {lift.PublicID}}); rec.Code != http.StatusSeeOther {
		t.Errorf("plain save: %d", rec.Code)
	}
	got, _ := tickets.AllowedForSite(ctx, q, b.ppl.FlatA.SiteID)
	if len(got) != 1 || got[0].ID != lift.ID {
		t.Errorf("allowed after plain save: %+v", got)
	}
}
