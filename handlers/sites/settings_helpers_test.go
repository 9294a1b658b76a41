package sites_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"porch/documents"
	"porch/estate"
	"porch/internal/webtest"
	"porch/tickets"
)

// settingsBook is the people fixture with the manager and Alice, a
// leaseholder at Harbour View, signed in.
type settingsBook struct {
	*estateBook
	alice *webtest.Browser
	url   string // Harbour View's settings page
}

func newSettings(t *testing.T) *settingsBook {
	t.Helper()
	e := newEstate(t)
	b := &settingsBook{estateBook: e, alice: e.f.Browser("acme." + webtest.Base),
		url: "/admin/sites/" + e.ppl.FlatA.SitePublicID + "/settings"}
	b.alice.SignInAs("acme", e.ppl.Alice)
	return b
}

// as is a browser signed in as a new member of staff in the role.
func (b *settingsBook) as(role string) *webtest.Browser {
	br := b.f.Browser("acme." + webtest.Base)
	br.SignInAs("acme", b.f.AddStaffAs("acme", "Member "+role, role+"@acme.example", role))
	return br
}

// folders are Harbour View's folders by name.
func (b *settingsBook) folders(t *testing.T) map[string]documents.Folder {
	t.Helper()
	fs, err := documents.Folders(context.Background(), b.f.DB("acme").Read(), b.ppl.FlatA.SiteID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]documents.Folder{}
	for _, f := range fs {
		out[f.Name] = f
	}
	return out
}

// folderForm is the folders section's form as the page would send it,
// with the folders named in residents ticked for residents, and every
// folder's owners box as it is.
func (b *settingsBook) folderForm(t *testing.T, residents ...string) url.Values {
	t.Helper()
	v := url.Values{}
	on := map[string]bool{}
	for _, n := range residents {
		on[n] = true
	}
	for name, f := range b.folders(t) {
		v.Add("folder", f.PublicID)
		if on[name] {
			v.Add("residents", f.PublicID)
		}
		if f.OwnersSee {
			v.Add("owners", f.PublicID)
		}
	}
	return v
}

// upload puts a small PDF in the named folder as the manager.
func (b *settingsBook) upload(t *testing.T, folder, title string) {
	t.Helper()
	rec := b.mgr.PostFiles("/admin/documents/folders/"+b.folders(t)[folder].PublicID+"/upload", url.Values{"title": {title}},
		[]webtest.File{{Field: "file", Name: "doc.pdf", Data: webtest.PDF(t, title)}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %.300s", rec.Code, rec.Body.String())
	}
}

// category is the request category with the name.
func (b *settingsBook) category(t *testing.T, name string) tickets.Category {
	t.Helper()
	all, err := tickets.ListCategories(context.Background(), b.f.DB("acme").Read())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no category %q", name)
	return tickets.Category{}
}

// site is Harbour View as saved.
func (b *settingsBook) site(t *testing.T) estate.Site {
	t.Helper()
	s, err := estate.GetSite(context.Background(), b.f.DB("acme").Read(), b.ppl.FlatA.SitePublicID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// lastAudit is the detail of the newest audit entry of the action.
func (b *settingsBook) lastAudit(t *testing.T, action string) string {
	t.Helper()
	var d string
	if err := b.f.DB("acme").ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1`, action).Scan(&d); err != nil {
		t.Fatalf("no audit %s: %v", action, err)
	}
	return d
}
