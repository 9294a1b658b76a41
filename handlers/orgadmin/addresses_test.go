package orgadmin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/auditlog"
	"porch/estate"
	"porch/internal/webtest"
)

const addressesPath = "/admin/settings/addresses"

// org is the Acme and Bravo fixture with each one's administrator signed
// in, and a manager of Acme.
type org struct {
	f                 *webtest.Fixture
	acme              webtest.People
	admin, bravo, mgr *webtest.Browser
}

func newOrg(t *testing.T) *org {
	t.Helper()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	o := &org{f: f, acme: f.SeedPeople("acme")}
	bravo := f.SeedPeople("bravo")
	o.admin = f.Browser("acme." + webtest.Base)
	o.admin.SignInAs("acme", o.acme.Manager)
	o.bravo = f.Browser("bravo." + webtest.Base)
	o.bravo.SignInAs("bravo", bravo.Manager)
	mgr := f.AddStaffAs("acme", "Mina Manager", "mina@acme.example", estate.StaffRoleManager)
	o.mgr = f.Browser("acme." + webtest.Base)
	o.mgr.SignInAs("acme", mgr)
	return o
}

// lastAudit is the newest entry of the org's audit log.
func lastAudit(t *testing.T, f *webtest.Fixture, slug string) auditlog.Entry {
	t.Helper()
	recs, err := auditlog.Recent(context.Background(), f.DB(slug).Read(), 1)
	if err != nil || len(recs) == 0 {
		t.Fatalf("audit: %v, %v", recs, err)
	}
	return recs[0]
}

func TestAddressesShowsThePortalAddressFromTheConfiguration(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	// A made-up Host header elsewhere never shows up: the address is the
	// configured one.
	d := webtest.Doc(t, o.admin.Get(addressesPath))
	if got := strings.TrimSpace(d.Find(".addr-url a").Text()); got != "http://acme."+webtest.Base+"/" {
		t.Fatalf("portal address = %q", got)
	}
	if !strings.Contains(d.Find("#addresses-screen").Text(), "None yet") {
		t.Errorf("custom hostnames listed before any was asked for")
	}
	if rec := o.mgr.Get(addressesPath); rec.Code != http.StatusForbidden {
		t.Fatalf("manager: %d, want 403", rec.Code)
	}

	// Renamed by the operator: the page, like every link, uses the new name.
	if _, err := o.f.Tenants.Rename(context.Background(), "acme", "acme-homes", time.Now()); err != nil {
		t.Fatal(err)
	}
	b := o.f.Browser("acme-homes." + webtest.Base)
	b.SignInAs("acme", o.acme.Manager)
	d = webtest.Doc(t, b.Get(addressesPath))
	if got := strings.TrimSpace(d.Find(".addr-url a").Text()); got != "http://acme-homes."+webtest.Base+"/" {
		t.Fatalf("portal address after the rename = %q", got)
	}
}

func TestRequestAndWithdrawACustomHostname(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	rec := o.admin.Post(addressesPath, url.Values{"host": {"192.0.2.10"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("IP address: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	if msg := d.Find("#addr-host-error").Text(); !strings.Contains(msg, "not an IP address") {
		t.Errorf("message next to the field = %q", msg)
	}
	if v, _ := d.Find("#addr-host").Attr("value"); v != "192.0.2.10" {
		t.Errorf("typed value kept = %q", v)
	}
	if rec := o.admin.Post(addressesPath, url.Values{"host": {"portal.acme." + webtest.Base}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("under the base domain: %d", rec.Code)
	}

	rec = o.admin.Post(addressesPath, url.Values{"host": {" Portal.Acme.co.uk. "}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != addressesPath+"?done=requested" {
		t.Fatalf("request: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if a := lastAudit(t, o.f, "acme"); a.Action != "hostname.requested" || a.Object != "portal.acme.co.uk" || a.PersonID == nil || *a.PersonID != o.acme.Manager.ID {
		t.Errorf("audit = %+v", a)
	}
	d = webtest.Doc(t, o.admin.Get(addressesPath+"?done=requested"))
	if got := d.Find(".addr-request .addr-record").Text(); got != "portal.acme.co.uk. CNAME acme."+webtest.Base+"." {
		t.Fatalf("DNS record = %q", got)
	}
	if !strings.Contains(d.Find(".addr-request").Text(), "Waiting") || d.Find(`.notice[role="status"]`).Length() != 1 {
		t.Errorf("pending request or notice missing: %s", d.Find("#addresses-screen").Text())
	}

	// No one else may ask for it, nor this organisation twice.
	rec = o.bravo.Post(addressesPath, url.Values{"host": {"portal.acme.co.uk"}}, "HX-Request", "true", "HX-Target", "addresses-screen")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "another organisation") {
		t.Fatalf("bravo asking for it: %d %.300s", rec.Code, rec.Body.String())
	}
	if strings.Contains(rec.Body.String(), "<html") {
		t.Errorf("htmx refusal answered with the whole page")
	}
	if rec := o.admin.Post(addressesPath, url.Values{"host": {"portal.acme.co.uk"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("asking twice: %d", rec.Code)
	}
	if rec := o.bravo.Post(addressesPath+"/withdraw", url.Values{"host": {"portal.acme.co.uk"}}); rec.Code != http.StatusNotFound {
		t.Fatalf("bravo withdrawing acme's request: %d", rec.Code)
	}

	rec = o.admin.Post(addressesPath+"/withdraw", url.Values{"host": {"portal.acme.co.uk"}}, "HX-Request", "true", "HX-Target", "addresses-screen")
	if rec.Code != http.StatusOK {
		t.Fatalf("withdraw: %d", rec.Code)
	}
	d = webtest.Doc(t, rec)
	if d.Find(".addr-request").Length() != 0 || !strings.Contains(d.Text(), "Request withdrawn.") {
		t.Fatalf("after withdrawing: %s", d.Text())
	}
	if a := lastAudit(t, o.f, "acme"); a.Action != "hostname.withdrawn" || a.Object != "portal.acme.co.uk" {
		t.Errorf("audit = %+v", a)
	}
}

// Switched on by the operator, the hostname is listed as working and
// reaches the portal.
func TestActivatedHostnameIsListed(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	if rec := o.admin.Post(addressesPath, url.Values{"host": {"portal.acme.co.uk"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("request: %d", rec.Code)
	}
	if err := o.f.Tenants.AddHostname(context.Background(), "portal.acme.co.uk", "acme"); err != nil {
		t.Fatal(err)
	}
	d := webtest.Doc(t, o.admin.Get(addressesPath))
	if d.Find(".addr-request").Length() != 0 || !strings.Contains(d.Find(".addr-list").Text(), "portal.acme.co.uk") {
		t.Fatalf("after activation: %s", d.Find("#addresses-screen").Text())
	}
	// Linked with the configured scheme (plain http in the tests).
	if href, _ := d.Find(".addr-list a").Attr("href"); href != "http://portal.acme.co.uk/" {
		t.Errorf("link = %q", href)
	}
	if rec := o.f.Browser("portal.acme.co.uk").Get("/"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Acme Property Management") {
		t.Fatalf("the hostname does not reach the portal: %d", rec.Code)
	}
}
