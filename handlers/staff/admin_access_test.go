package staff_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
)

func TestManagerSignsResidentOutEverywhere(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	phone, laptop := f.Browser("acme."+webtest.Base), f.Browser("acme."+webtest.Base)
	phone.SignInAs("acme", ppl.Alice)
	laptop.SignInAs("acme", ppl.Alice)

	rec := mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/revoke", nil, "HX-Request", "true", "HX-Target", "person-access")
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || !strings.Contains(d.Find(".notice.success").Text(), "signed out of all devices") {
		t.Fatalf("revoke: %d %.300s", rec.Code, rec.Body.String())
	}
	if detailsOf(d.Selection)["Signed-in devices"] != "0" {
		t.Error("panel still counts devices")
	}
	for name, b := range map[string]*webtest.Browser{"phone": phone, "laptop": laptop} {
		if who := b.SignedInAs(); who != "" {
			t.Errorf("%s still signed in as %s", name, who)
		}
	}
	if mgr.SignedInAs() != "Morgan" {
		t.Error("the manager was signed out too")
	}
	var detail string
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT detail FROM audit_log WHERE action = 'auth.devices_revoked_by_manager' AND object = ? AND person_id = ?`,
			ppl.Alice.PublicID, ppl.Manager.ID).Scan(&detail)
	})
	if detail != "2 devices" {
		t.Errorf("audit detail %q", detail)
	}
}

func TestDisablingAccess(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	alice := f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", ppl.Alice)
	flat := "/units/" + ppl.FlatA.PublicID
	if rec := alice.Get(flat); rec.Code != 200 {
		t.Fatalf("unit page before: %d", rec.Code)
	}

	rec := mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/access", url.Values{"enabled": {"0"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/people/"+ppl.Alice.PublicID+"?done=disabled" {
		t.Fatalf("disable: %d %v", rec.Code, rec.Header())
	}
	if rec := alice.Get(flat); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
		t.Errorf("unit page after disabling: %d", rec.Code)
	}
	if alice.SignedInAs() != "" {
		t.Error("still signed in")
	}
	d := webtest.Doc(t, mgr.Get("/admin/people/"+ppl.Alice.PublicID+"?done=disabled"))
	if !strings.Contains(d.Find(".notice.success").Text(), "Portal access turned off") || d.Find("#person-access .badge").Text() != "Access disabled" {
		t.Errorf("person page: %q", d.Find("#person-access").Text())
	}
	if f.AuditCount("acme", "auth.access_disabled", ppl.Alice.PublicID) != 1 {
		t.Error("not audited")
	}

	// Turned back on, she signs in again (here through a new invitation).
	rec = mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/access", url.Values{"enabled": {"1"}}, "HX-Request", "true", "HX-Target", "person-access")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Portal access turned on") {
		t.Fatalf("enable: %d %.300s", rec.Code, rec.Body.String())
	}
	if f.AuditCount("acme", "auth.access_enabled", ppl.Alice.PublicID) != 1 {
		t.Error("enabling not audited")
	}
	alice.SignInAs("acme", ppl.Alice)

	tests := []struct {
		name, path, enabled, message string
		status                       int
	}{
		{"own access", ppl.Manager.PublicID, "0", "You cannot turn off your own portal access", http.StatusUnprocessableEntity},
		{"neither on nor off", ppl.Alice.PublicID, "maybe", "Choose whether", http.StatusUnprocessableEntity},
		{"unknown person", "nosuchperson1234", "0", "", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := mgr.Post("/admin/people/"+tt.path+"/access", url.Values{"enabled": {tt.enabled}})
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.message) {
				t.Errorf("%d %.400s", rec.Code, rec.Body.String())
			}
		})
	}
	if mgr.SignedInAs() != "Morgan" {
		t.Error("manager lost access")
	}
}

func TestCodeSignInSessionsFollowManagerActions(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignIn("acme", ppl.Manager.Email)
	if rec := mgr.Get("/admin"); rec.Code != 200 {
		t.Fatalf("manager signed in by code: /admin %d", rec.Code)
	}
	alice := f.Browser("acme." + webtest.Base)
	alice.SignIn("acme", ppl.Alice.Email)
	if got := webtest.HomeCards(webtest.Doc(t, alice.Get("/"))); len(got) != 1 || !strings.Contains(got[0], "Flat 1") {
		t.Fatalf("resident home after code sign-in: %q", got)
	}
	if rec := alice.Get("/admin/people"); rec.Code != http.StatusForbidden {
		t.Errorf("resident signed in by code reached /admin/people: %d", rec.Code)
	}
	if d := detailsOf(webtest.Doc(t, mgr.Get("/admin/people/"+ppl.Alice.PublicID)).Selection); d["Status"] != "Active" || d["Signed-in devices"] != "1" {
		t.Errorf("person page after code sign-in: %q", d)
	}
	mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/access", url.Values{"enabled": {"0"}})
	if alice.SignedInAs() != "" {
		t.Error("code-signed-in session survived disabling access")
	}
}
