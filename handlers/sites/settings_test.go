package sites_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// The site's page links to its settings, which show every section.
func TestSiteSettingsLinkedFromTheSite(t *testing.T) {
	t.Parallel()
	b := newSettings(t)
	site := webtest.Doc(t, b.mgr.Get("/admin/sites/"+b.ppl.FlatA.SitePublicID))
	if site.Find(`.site-settings-link a[href="`+b.url+`"]`).Length() != 1 {
		t.Error("the site's page does not link to its settings")
	}
	d := webtest.Doc(t, b.mgr.Get(b.url))
	for _, id := range []string{"settings-folders", "settings-release", "settings-categories", "settings-notices", "settings-statutory"} {
		if d.Find("#"+id+" form").Length() != 1 {
			t.Errorf("no form in section %s", id)
		}
	}
	if n := d.Find(`#settings-categories input[name="category"][checked]`).Length(); n != 12 {
		t.Errorf("%d categories ticked", n)
	}
}

// A folder closed to residents vanishes from their documents page, and
// opening it again (with htmx this time) brings it back; both audited.
func TestSiteSettingsFolderHiddenFromResidents(t *testing.T) {
	t.Parallel()
	b := newSettings(t)
	b.upload(t, "Building rules", "House rules 2026")
	if got := webtest.Doc(t, b.alice.Get("/documents")).Find(".doc-download").Text(); !strings.Contains(got, "House rules 2026") {
		t.Fatalf("Alice's documents before: %q", got)
	}
	rec := b.mgr.Post(b.url+"/folders", b.folderForm(t, "Meeting minutes", "Insurance", "Fire safety", "Year-end accounts"))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != b.url+"?done=settings-folders#settings-folders" {
		t.Fatalf("save: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if got := webtest.Doc(t, b.alice.Get("/documents")).Find("main").Text(); strings.Contains(got, "House rules 2026") {
		t.Errorf("Alice still sees the closed folder's document: %q", got)
	}
	if f := b.folders(t)["Building rules"]; f.ResidentsSee || !f.OwnersSee {
		t.Errorf("Building rules: residents %v owners %v", f.ResidentsSee, f.OwnersSee)
	}
	if d := b.lastAudit(t, "documents.folder_visibility"); d != `Harbour View: folder "Building rules" seen by residents and owners → owners only` {
		t.Errorf("audit %q", d)
	}
	page := webtest.Doc(t, b.mgr.Get(strings.TrimSuffix(rec.Header().Get("Location"), "#settings-folders"))) // a browser keeps the fragment
	if !strings.Contains(page.Find("#settings-folders .notice.success").Text(), "Saved who sees each folder") {
		t.Error("no confirmation in the folders section")
	}

	rec = b.mgr.Post(b.url+"/folders", b.folderForm(t, "Building rules", "Meeting minutes", "Insurance", "Fire safety", "Year-end accounts"),
		"HX-Request", "true", "HX-Target", "settings-folders")
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || d.Find("h1").Length() != 0 || d.Find("#settings-folders").Length() != 1 {
		t.Fatalf("htmx save: %d %.300s", rec.Code, rec.Body.String())
	}
	if got := webtest.Doc(t, b.alice.Get("/documents")).Find(".doc-download").Text(); !strings.Contains(got, "House rules 2026") {
		t.Errorf("Alice's documents after reopening: %q", got)
	}

	// A folder of another site refuses the whole save.
	other := b.addSite(t, "Canal Wharf")
	var otherFolder string
	if err := b.f.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM document_folders WHERE site_id = ? LIMIT 1`, other.ID).Scan(&otherFolder); err != nil {
		t.Fatal(err)
	}
	form := b.folderForm(t)
	form.Add("folder", otherFolder)
	rec = b.mgr.Post(b.url+"/folders", form)
	if rec.Code != http.StatusUnprocessableEntity || !b.folders(t)["Insurance"].ResidentsSee {
		t.Errorf("unknown folder: %d, Insurance closed %v", rec.Code, !b.folders(t)["Insurance"].ResidentsSee)
	}
	if msg := webtest.Doc(t, rec).Find("#settings-folders .notice.error").Text(); !strings.Contains(msg, "no longer on this site's list") {
		t.Errorf("refusal %q", msg)
	}
}

// A category taken off the site's list is no longer offered, and the
// server refuses a request filed under it.
func TestSiteSettingsCategoryRemovedCannotBePicked(t *testing.T) {
	t.Parallel()
	b := newSettings(t)
	leak, lift := b.category(t, "Leak or flood"), b.category(t, "Lift")
	rec := b.mgr.Post(b.url+"/categories", url.Values{"category": {leak.PublicID}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", rec.Code)
	}
	if d := b.lastAudit(t, "site.ticket_categories"); !strings.HasSuffix(d, "→ Leak or flood") {
		t.Errorf("audit %q", d)
	}
	offered := webtest.Doc(t, b.alice.Get("/requests/new")).Find(`#request-category option[value!=""]`)
	if offered.Length() != 1 || offered.Text() != "Leak or flood" {
		t.Errorf("offered %q", offered.Text())
	}
	form := url.Values{"unit": {b.ppl.FlatA.PublicID}, "location": {"home"}, "category": {lift.PublicID},
		"title": {"Lift stuck"}, "description": {"Between floors two and three."}}
	if rec := b.alice.PostFiles("/requests", form, nil); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("a request under a removed category: %d", rec.Code)
	}
	if n := b.count(t, `SELECT count(*) FROM tickets`); n != 0 {
		t.Errorf("%d requests filed", n)
	}

	rec = b.mgr.Post(b.url+"/categories", url.Values{"category": {"nosuchcategory00"}}, "HX-Request", "true", "HX-Target", "settings-categories")
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(d.Find("#settings-categories .notice.error").Text(), "unknown or retired") {
		t.Errorf("tampered category: %d %.300s", rec.Code, rec.Body.String())
	}
}

// Notices off hides the site's notices from its residents.
func TestSiteSettingsNoticesOffHidesNotices(t *testing.T) {
	t.Parallel()
	b := newSettings(t)
	if rec := b.mgr.Post("/admin/notices", url.Values{"title": {"Window cleaning"}, "sites": {b.ppl.FlatA.SitePublicID}, "when": {"now"},
		"body": {"On Thursday."}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("post notice: %d", rec.Code)
	}
	if !strings.Contains(b.alice.Get("/notices").Body.String(), "Window cleaning") {
		t.Fatal("Alice does not see the notice to begin with")
	}
	if rec := b.mgr.Post(b.url+"/notices", url.Values{"notices": {"no"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", rec.Code)
	}
	if strings.Contains(b.alice.Get("/notices").Body.String(), "Window cleaning") {
		t.Error("Alice still sees notices after they were switched off")
	}
	if d := b.lastAudit(t, "site.notices"); d != "Harbour View: notices off for residents" {
		t.Errorf("audit %q", d)
	}
	rec := b.mgr.Post(b.url+"/notices", url.Values{"notices": {"maybe"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a made-up answer: %d", rec.Code)
	}
	if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "notices"); !strings.Contains(msg, "Choose whether") {
		t.Errorf("message next to the field: %q", msg)
	}
}

// With automatic release a year-end pack reaches residents on upload.
func TestSiteSettingsAutoReleaseReleasesOnUpload(t *testing.T) {
	t.Parallel()
	b := newSettings(t)
	rec := b.mgr.Post(b.url+"/release", url.Values{"year_end_release": {"sometimes"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a made-up setting: %d", rec.Code)
	}
	if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "year_end_release"); msg == "" {
		t.Error("no message next to the choice")
	}
	if rec := b.mgr.Post(b.url+"/release", url.Values{"year_end_release": {"auto"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", rec.Code)
	}
	if d := b.lastAudit(t, "documents.year_end_release"); d != "Harbour View: year-end pack released when uploaded" {
		t.Errorf("audit %q", d)
	}
	b.upload(t, "Year-end accounts", "Accounts 2025")
	if got := webtest.Doc(t, b.alice.Get("/documents")).Find(".doc-download").Text(); !strings.Contains(got, "Accounts 2025") {
		t.Errorf("Alice's documents after an automatic release: %q", got)
	}
}

// The landlord and address for notices, and the nation, are saved with
// messages beside their fields when refused.
func TestSiteSettingsStatutoryDetails(t *testing.T) {
	t.Parallel()
	b := newSettings(t)
	rec := b.mgr.Post(b.url+"/statutory", url.Values{"landlord_name": {"Harbour Freehold Ltd"}, "landlord_address": {""}, "nation": {"england"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("no address: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	if msg := webtest.FieldError(d.Selection, "landlord_address"); !strings.Contains(msg, "address in England or Wales") {
		t.Errorf("message next to the address: %q", msg)
	}
	if v := d.Find(`input[name="landlord_name"]`).AttrOr("value", ""); v != "Harbour Freehold Ltd" {
		t.Errorf("typed name lost: %q", v)
	}
	if b.site(t).LandlordName != "" {
		t.Error("half-saved")
	}
	rec = b.mgr.Post(b.url+"/statutory", url.Values{"landlord_name": {"Harbour Freehold Ltd"}, "landlord_address": {"9 Park Row\nBristol BS1 5LJ"},
		"nation": {"wales"}}, "HX-Request", "true", "HX-Target", "settings-statutory")
	if rec.Code != http.StatusOK {
		t.Fatalf("save: %d %.300s", rec.Code, rec.Body.String())
	}
	if s := b.site(t); s.LandlordName != "Harbour Freehold Ltd" || s.LandlordAddress != "9 Park Row\nBristol BS1 5LJ" || s.Nation != estate.NationWales ||
		s.Name != "Harbour View" || s.Postcode != "BS1 4RN" {
		t.Errorf("saved %+v", s)
	}
	if got := webtest.Doc(t, rec).Find("#settings-statutory h3").Text(); got != "Prescribed wording for Wales" {
		t.Errorf("heading %q", got)
	}
	if d := b.lastAudit(t, "site.updated"); !strings.Contains(d, `nation: "england" → "wales"`) {
		t.Errorf("audit %q", d)
	}
}

// Staff share documents but do not set up the estate; read-only members
// change nothing and see no forms.
func TestSiteSettingsFollowTheRoles(t *testing.T) {
	t.Parallel()
	b := newSettings(t)
	staff, ro := b.as(estate.StaffRoleStaff), b.as(estate.StaffRoleReadOnly)
	d := webtest.Doc(t, staff.Get(b.url))
	if d.Find("#settings-folders form").Length() != 1 || d.Find("#settings-release form").Length() != 1 ||
		d.Find("#settings-categories form, #settings-notices form, #settings-statutory form").Length() != 0 {
		t.Error("staff's page offers the wrong forms")
	}
	if rec := staff.Post(b.url+"/folders", b.folderForm(t)); rec.Code != http.StatusSeeOther {
		t.Errorf("staff saving folders: %d", rec.Code)
	}
	for _, sec := range []string{"categories", "notices", "statutory"} {
		if rec := staff.Post(b.url+"/"+sec, url.Values{}); rec.Code != http.StatusForbidden {
			t.Errorf("staff saving %s: %d", sec, rec.Code)
		}
	}
	if rec := ro.Get(b.url); rec.Code != http.StatusOK || webtest.Doc(t, rec).Find(".site-settings form").Length() != 0 {
		t.Errorf("read-only page: %d", rec.Code)
	}
	for _, sec := range []string{"folders", "release", "categories", "notices", "statutory"} {
		if rec := ro.Post(b.url+"/"+sec, url.Values{}); rec.Code != http.StatusForbidden {
			t.Errorf("read-only saving %s: %d", sec, rec.Code)
		}
	}
	if rec := b.alice.Get(b.url); rec.Code == http.StatusOK {
		t.Error("a resident reached the settings")
	}
}
