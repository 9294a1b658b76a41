package documents_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

func TestManagerKeepsTheFolders(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	site := "/admin/documents/sites/" + w.harbour.PublicID
	if res := w.mgr.Post(site+"/folders", url.Values{"name": {"  Parking   permits "}}); res.Code != http.StatusSeeOther {
		t.Fatalf("add: %d", res.Code)
	}
	permits := w.folder(t, w.harbour, "Parking permits")
	if permits.ResidentsSee || permits.OwnersSee {
		t.Error("a new folder is open to someone before the manager chose")
	}
	// A name taken by another folder is refused next to the field, typed
	// value kept; over htmx only the folders' block comes back.
	res := w.mgr.Post("/admin/documents/folders/"+permits.PublicID, url.Values{"name": {"insurance"}}, "HX-Request", "true", "HX-Target", "doc-folders")
	d := webtest.Doc(t, res)
	field := "folder-name-" + permits.PublicID
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldErrorByID(d.Selection, field), "already") ||
		d.Find("#"+field).AttrOr("value", "") != "insurance" || d.Find("h1").Length() != 0 {
		t.Errorf("a duplicate name: %d %q", res.Code, webtest.FieldErrorByID(d.Selection, field))
	}
	res = w.mgr.Post("/admin/documents/folders/"+permits.PublicID, url.Values{"name": {"Parking"}}, "HX-Request", "true", "HX-Target", "doc-folders")
	if res.Code != http.StatusOK || !strings.Contains(webtest.Doc(t, res).Find("#doc-folders .notice.success").Text(), "renamed") {
		t.Errorf("rename over htmx: %d", res.Code)
	}
	parking := w.folder(t, w.harbour, "Parking")
	w.upload(t, parking, "Permit map", "map.pdf", pdfOf(t, "map"))
	if n := w.f.MailCount("acme", "alice@example.com"); n != 0 {
		t.Errorf("an upload to a folder nobody sees sent %d alerts", n)
	}
	w.mgr.Post("/admin/sites/"+w.harbour.PublicID+"/settings/folders", url.Values{"folder": {parking.PublicID}, "residents": {parking.PublicID}})
	if got := webtest.Doc(t, w.alice.Get("/documents")).Find(".doc-download").Text(); got != "Permit map" {
		t.Errorf("after opening the folder Alice sees %q", got)
	}
	w.mgr.Post("/admin/documents/folders/"+parking.PublicID+"/archive", url.Values{"archive": {"yes"}})
	if got := webtest.Doc(t, w.alice.Get("/documents")).Find(".doc-download").Length(); got != 0 {
		t.Errorf("an archived folder still shows %d documents", got)
	}
	for _, a := range []string{"documents.folder_added", "documents.folder_renamed", "documents.folder_visibility", "documents.folder_archived", "document.uploaded"} {
		if w.f.AuditCount("acme", a) == 0 {
			t.Errorf("%s not audited", a)
		}
	}
	// Moving a document to another site's folder is refused on the field.
	id := w.docID(t, "Permit map")
	w.mgr.Post("/admin/documents/folders/"+parking.PublicID+"/archive", url.Values{"archive": {"no"}})
	res = w.mgr.Post("/admin/documents/files/"+id+"/move", url.Values{"folder": {w.folder(t, w.quay, "Insurance").PublicID}})
	if d := webtest.Doc(t, res); res.Code != http.StatusUnprocessableEntity || webtest.FieldErrorByID(d.Selection, "doc-folder-"+id) == "" {
		t.Errorf("moving to another site: %d", res.Code)
	}
}

func TestReadOnlyStaffSeeButDoNotChange(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	owen := w.f.AddStaffAs("acme", "Owen Pritchard", "owen@acme.example", estate.StaffRoleReadOnly)
	b := w.f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", owen)
	rules := w.folder(t, w.harbour, "Building rules")
	w.upload(t, rules, "Rules", "rules.pdf", pdfOf(t, "rules"))
	page := b.Get("/admin/documents/folders/" + rules.PublicID)
	if page.Code != http.StatusOK || webtest.Doc(t, page).Find("#doc-upload, .doc-actions").Length() != 0 {
		t.Errorf("read-only folder page: %d, with forms", page.Code)
	}
	if res := b.Get("/admin/documents/files/" + w.docID(t, "Rules") + "/versions/1"); res.Code != http.StatusOK {
		t.Errorf("read-only download: %d", res.Code)
	}
	for _, path := range []string{"/admin/documents/files/" + w.docID(t, "Rules") + "/remove",
		"/admin/sites/" + w.harbour.PublicID + "/settings/folders", "/admin/sites/" + w.harbour.PublicID + "/settings/release"} {
		if res := b.Post(path, url.Values{"remove": {"yes"}}); res.Code != http.StatusForbidden {
			t.Errorf("read-only POST %s: %d", path, res.Code)
		}
	}
	if res := w.alice.Get("/admin/documents"); res.Code == http.StatusOK {
		t.Errorf("a resident reached the staff documents: %d", res.Code)
	}
}
