package properties_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
	"porch/owners"
)

// A member of staff's photo, uploaded on the team screen, is served
// (inline, nosniff, no-store) to staff and to Alice, whose flat Dan looks
// after, but not to Bob, who owns the other flat of the same building,
// nor once Alice's flat is hidden from her portal; a photo that does not
// exist is the same 404. Removed, it is gone for everyone.
func TestStaffPhotoAccess(t *testing.T) {
	t.Parallel()
	p := newPortal(t)
	photo := owners.StaffPhotoURL(p.dan.PublicID)
	upload := "/admin/settings/team/" + p.dan.PublicID + "/photo"
	if rec := p.alice.Get(photo); rec.Code != http.StatusNotFound {
		t.Errorf("before any photo or link: %d", rec.Code)
	}

	// Not a photo: refused on Dan's row, nothing stored.
	rec := p.admin.PostFiles(upload, nil, []webtest.File{{Field: "photo", Name: "cv.txt", Data: []byte("not a picture at all")}},
		"HX-Request", "true", "HX-Target", "member-"+p.dan.PublicID)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "cv.txt") {
		t.Errorf("a text file: %d %.300s", rec.Code, rec.Body.String())
	}
	rec = p.admin.PostFiles(upload, nil, []webtest.File{{Field: "photo", Name: "dan.png", Data: webtest.PNG(t)}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/settings/team?done=photo" {
		t.Fatalf("upload: %d %s %.300s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	if p.f.AuditCount("acme", "staff.photo_set", p.dan.PublicID) != 1 {
		t.Error("upload not audited")
	}
	d := webtest.Doc(t, p.admin.Get("/admin/settings/team?done=photo"))
	if d.Find(`#member-`+p.dan.PublicID+` img[src="`+photo+`"]`).Length() != 1 {
		t.Error("the team screen does not show Dan's photo")
	}

	rec = p.admin.Post(propertyPath(p.ppl.FlatA)+"/staff", url.Values{"person": {p.dan.PublicID}, "role": {owners.RolePropertyManager}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("link: %d", rec.Code)
	}
	for who, b := range map[string]*webtest.Browser{"staff": p.browser(p.dan), "the administrator": p.admin, "Alice": p.alice} {
		rec := b.Get(photo)
		h := rec.Header()
		if rec.Code != http.StatusOK || h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(h.Get("Cache-Control"), "no-store") || !strings.HasPrefix(h.Get("Content-Disposition"), "inline") {
			t.Errorf("%s: %d %v", who, rec.Code, h)
		}
	}
	denied := p.f.AuditCount("acme", "access.denied")
	if rec := p.bob.Get(photo); rec.Code != http.StatusNotFound {
		t.Errorf("Bob, owner in the same building: %d", rec.Code)
	}
	if p.f.AuditCount("acme", "access.denied") != denied+1 {
		t.Error("Bob's refusal was not audited")
	}
	for _, path := range []string{owners.StaffPhotoURL(p.ppl.Alice.PublicID), owners.StaffPhotoURL("nosuchperson"), owners.StaffPhotoURL(p.ppl.Manager.PublicID)} {
		if rec := p.admin.Get(path); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d", path, rec.Code)
		}
	}
	anon := p.f.Browser("acme." + webtest.Base)
	if rec := anon.Get(photo); rec.Code == http.StatusOK {
		t.Errorf("signed out: %d", rec.Code)
	}

	// Hidden from Alice's portal, its staff's photos are no longer hers to see.
	p.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		hidden := false
		return owners.SaveOverride(ctx, tx, webtest.Now, owners.Override{UnitID: p.ppl.FlatA.ID, Shown: &hidden})
	})
	if rec := p.alice.Get(photo); rec.Code != http.StatusNotFound {
		t.Errorf("Alice with her flat hidden: %d", rec.Code)
	}
	p.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return owners.SaveOverride(ctx, tx, webtest.Now, owners.Override{UnitID: p.ppl.FlatA.ID})
	})

	// A manager may not change an administrator's photo.
	mgr := p.browser(p.f.AddStaffAs("acme", "Mina Manager", "mina@acme.example", estate.StaffRoleManager))
	rec = mgr.PostFiles("/admin/settings/team/"+p.ppl.Manager.PublicID+"/photo", nil, []webtest.File{{Field: "photo", Name: "m.png", Data: webtest.PNG(t)}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("a manager changing the administrator's photo: %d", rec.Code)
	}

	rec = p.admin.Post(upload+"/remove", nil, "HX-Request", "true", "HX-Target", "member-"+p.dan.PublicID)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Photo removed") || strings.Contains(rec.Body.String(), "<img") {
		t.Errorf("remove: %d %.400s", rec.Code, rec.Body.String())
	}
	if rec := p.alice.Get(photo); rec.Code != http.StatusNotFound {
		t.Errorf("after removal: %d", rec.Code)
	}
}
