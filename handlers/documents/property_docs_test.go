package documents_test

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/documents"
	"porch/estate"
	"porch/internal/webtest"
)

// propertyWorld is the documents world with Quay House's Flat 10, owned
// by Gil: a second landlord in Olga's building.
type propertyWorld struct {
	*world
	flat10 estate.Unit
	gil    estate.Person
	gilB   *webtest.Browser
}

func newPropertyWorld(t *testing.T) *propertyWorld {
	t.Helper()
	w := &propertyWorld{world: newWorld(t, nil)}
	w.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) (err error) {
		if w.flat10, err = estate.CreateUnit(ctx, tx, w.quay.ID, estate.UnitInput{Name: "Flat 10", AddressLine1: "Flat 10, 2 Quay Street",
			Town: "Bristol", Postcode: "BS1 4RN"}, webtest.Now); err != nil {
			return err
		}
		if w.gil, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Gil Grant", Email: "gil@example.com", PortalEnabled: true}, webtest.Now); err != nil {
			return err
		}
		_, err = estate.LinkPerson(ctx, tx, webtest.Now, w.flat10.ID, w.gil.ID, estate.RoleOwner, webtest.Now.AddDate(-1, 0, 0), nil)
		return err
	})
	w.gilB = w.f.Browser("acme." + webtest.Base)
	w.gilB.SignInAs("acme", w.gil)
	return w
}

// unitUpload posts the home upload form of the unit as the manager.
func (w *world) unitUpload(t *testing.T, u estate.Unit, fields url.Values, name string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	return w.mgr.PostFiles("/admin/documents/units/"+u.PublicID+"/upload", fields, []webtest.File{{Field: "file", Name: name, Data: pdfOf(t, name)}}, hdr...)
}

// tenancyOf is the public id of the unit's only tenancy.
func (w *world) tenancyOf(t *testing.T, u estate.Unit) string {
	t.Helper()
	ts, err := documents.Tenancies(context.Background(), w.f.DB("acme").Read(), u.ID)
	if err != nil || len(ts) != 1 {
		t.Fatalf("tenancies of %s: %v %v", u.Name, ts, err)
	}
	return ts[0].PublicID
}

func TestCertificateUploadAskingForItsDates(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	shelf := "/admin/documents/units/" + w.flat9.PublicID
	gas := url.Values{"category": {"certificate"}, "cert_type": {"Gas safety certificate"}, "roles": {"owner", "tenant"}, "title": {"Gas safety 2026"}}

	// Without the dates, and with a date that is not one, the form comes back with a message beside each.
	bad := url.Values{}
	for k, v := range gas {
		bad[k] = v
	}
	bad.Set("expires_on", "31/02/2027")
	res := w.unitUpload(t, w.flat9, bad, "gas.pdf")
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("without an issue date: %d", res.Code)
	}
	doc := webtest.Doc(t, res)
	if got := doc.Find("#doc-dated-on-error").Text(); !strings.Contains(got, "date the certificate was issued") {
		t.Errorf("issue date message %q", got)
	}
	if got := doc.Find("#doc-expires-on-error").Text(); !strings.Contains(got, "real date") {
		t.Errorf("expiry message %q", got)
	}
	if v, _ := doc.Find("#doc-cert-type option[selected]").Attr("value"); v != "Gas safety certificate" || doc.Find(`input[name="kept_file"]`).Length() != 1 {
		t.Errorf("the type %q or the file was not kept", v)
	}

	gas.Set("dated_on", "2026-01-05")
	gas.Set("expires_on", webtest.Now.AddDate(0, 0, 20).Format("2006-01-02"))
	if res := w.unitUpload(t, w.flat9, gas, "gas.pdf"); res.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.Code, res.Body.String())
	}
	id := w.docID(t, "Gas safety 2026")
	d, err := documents.Get(context.Background(), w.f.DB("acme").Read(), id)
	if err != nil || d.Category != documents.CategoryCertificate || d.Kind != "Gas safety certificate" || d.DatedOn.Format("2006-01-02") != "2026-01-05" {
		t.Fatalf("saved: %+v %v", d, err)
	}
	row := webtest.Doc(t, w.mgr.Get(shelf)).Find("#doc-" + id)
	if got := row.Find(".doc-class-meta").Text(); !strings.Contains(got, "Certificate") || !strings.Contains(got, "Due soon") {
		t.Errorf("row: %q", got)
	}
	if got := row.Find(".doc-owner-state").Text(); !strings.Contains(got, "owner's portal with the certificates") {
		t.Errorf("owner state: %q", got)
	}

	// htmx asks for the fields of the category chosen only.
	frag := webtest.Doc(t, w.mgr.Get(shelf+"/class-fields?category=inspection_report", "HX-Request", "true", "HX-Target", "doc-class"))
	if frag.Find("#doc-dated-on").Length() != 1 || frag.Find("#doc-cert-type, #doc-expires-on, #doc-tenancy, #doc-kind").Length() != 0 {
		t.Errorf("inspection report fields: %s", frag.Find("#doc-class").Text())
	}
	if got := frag.Find(`label[for="doc-dated-on"]`).Text(); got != "Date of the inspection" {
		t.Errorf("date label %q", got)
	}
	// Without JavaScript every field shows, with its hint.
	full := webtest.Doc(t, w.mgr.Get(shelf))
	if full.Find("#doc-class #doc-kind, #doc-class #doc-cert-type, #doc-class #doc-dated-on, #doc-class #doc-expires-on, #doc-class #doc-tenancy").Length() != 5 {
		t.Errorf("the form without JavaScript: %s", full.Find("#doc-class").Text())
	}

	// Changing what it is: an inspection report of a day.
	res = w.mgr.Post("/admin/documents/files/"+id+"/classify", url.Values{"category": {"inspection_report"}, "dated_on": {"2026-02-01"}, "kind": {""}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("classify: %d", res.Code)
	}
	d, _ = documents.Get(context.Background(), w.f.DB("acme").Read(), id)
	if d.Category != documents.CategoryInspectionReport || d.Kind != "Inspection report" || !d.ExpiresOn.IsZero() {
		t.Errorf("classified: %q %+v", d.Kind, d.Class)
	}
	res = w.mgr.Post("/admin/documents/files/"+id+"/classify", url.Values{"category": {"certificate"}, "cert_type": {"EPC (energy performance certificate)"}, "dated_on": {"2026-02-01"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.Doc(t, res).Find("#cls-expires-on-"+id+"-error").Text(), "ten years") {
		t.Errorf("an EPC without its expiry: %d", res.Code)
	}
	if w.f.AuditCount("acme", "document.classified", id) != 1 {
		t.Error("the change is not audited once")
	}
}

func TestTenancyAgreementFiledFromTheTenancy(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	tenancy := w.tenancyOf(t, w.flat9)
	unitPage := webtest.Doc(t, w.mgr.Get("/admin/sites/"+w.quay.PublicID+"/units/"+w.flat9.PublicID))
	form := unitPage.Find(`.occupancy-agreement form[action="/admin/documents/tenancies/` + tenancy + `/agreement"]`)
	if form.Length() != 1 {
		t.Fatalf("no agreement form on the tenancy: %s", unitPage.Find(".occupancy").Text())
	}
	if res := w.mgr.PostFiles("/admin/documents/tenancies/"+tenancy+"/agreement", nil, nil); res.Code != http.StatusUnprocessableEntity ||
		webtest.Doc(t, res).Find("#agreement-file-error").Text() == "" {
		t.Fatalf("without a file: %d", res.Code)
	}
	res := w.mgr.PostFiles("/admin/documents/tenancies/"+tenancy+"/agreement", nil, []webtest.File{{Field: "file", Name: "AST signed.pdf", Data: pdfOf(t, "ast")}})
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/admin/documents/tenancies/"+tenancy+"?done=filed" {
		t.Fatalf("file: %d %s", res.Code, res.Header().Get("Location"))
	}
	page := webtest.Doc(t, w.mgr.Get(res.Header().Get("Location")))
	if !strings.Contains(page.Find(".notice.success").Text(), "owner's portal") || !strings.Contains(page.Find(".doc-list").Text(), "Tenancy agreement, Carol Cho") {
		t.Errorf("tenancy page: %s", page.Find("main").Text())
	}
	id := w.docID(t, "Tenancy agreement, Carol Cho")
	shelf, err := documents.OwnerShelfOf(context.Background(), w.f.DB("acme").Read(), w.flat9.ID, webtest.Now)
	if err != nil || len(shelf.Tenancies) != 1 || shelf.Tenancies[0].PublicID != id || shelf.Tenancies[0].Tenancy.Names != "Carol Cho" {
		t.Fatalf("owner's tenancies: %+v %v", shelf.Tenancies, err)
	}
	for _, b := range []*webtest.Browser{w.olgaB, w.carolB} {
		if dl := b.Get("/documents/" + id); dl.Code != http.StatusOK {
			t.Errorf("%s downloads the agreement: %d", b.SignedInAs(), dl.Code)
		}
	}
	if dl := w.alice.Get("/documents/" + id); dl.Code != http.StatusNotFound {
		t.Errorf("Alice downloads Flat 9's agreement: %d", dl.Code)
	}
	if w.f.AuditCount("acme", "document.uploaded", id) != 1 {
		t.Error("the agreement's filing is not audited")
	}
}

func TestOwnerCopiesReachOnlyThatOwner(t *testing.T) {
	t.Parallel()
	w := newPropertyWorld(t)
	insurance := w.folder(t, w.quay, "Insurance")
	w.mgr.Post("/admin/sites/"+w.quay.PublicID+"/settings/folders", url.Values{"folder": {insurance.PublicID}}) // staff only
	w.upload(t, insurance, "Landlord insurance schedule", "ins.pdf", pdfOf(t, "insurance"))
	ins := w.docID(t, "Landlord insurance schedule")
	w.unitUpload(t, w.flat9, url.Values{"title": {"Check-in inventory"}, "kind": {"Inventory"}, "roles": {"tenant"}}, "inventory.pdf")
	inventory := w.docID(t, "Check-in inventory")
	w.unitUpload(t, w.flat9, url.Values{"title": {"EPC"}, "category": {"certificate"}, "cert_type": {"EPC (energy performance certificate)"},
		"dated_on": {"2019-06-01"}, "expires_on": {"2029-05-31"}, "roles": {"tenant"}}, "epc.pdf")
	epc := w.docID(t, "EPC")

	// Before any copy only the certificate, categorised, reaches Olga.
	for _, c := range []struct {
		b    *webtest.Browser
		id   string
		want int
	}{{w.olgaB, ins, 404}, {w.olgaB, inventory, 404}, {w.olgaB, epc, 200}, {w.gilB, epc, 404}} {
		if got := c.b.Get("/documents/" + c.id).Code; got != c.want {
			t.Errorf("%s getting %s before copying: %d, want %d", c.b.SignedInAs(), c.id, got, c.want)
		}
	}

	// The folder's page offers Quay House's two properties.
	folderPage := webtest.Doc(t, w.mgr.Get("/admin/documents/folders/"+insurance.PublicID))
	if got := folderPage.Find("#doc-property-" + ins + " option").Length(); got != 3 {
		t.Errorf("property choices: %d", got)
	}
	if res := w.mgr.Post("/admin/documents/files/"+ins+"/copy", url.Values{"property": {""}}); res.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(webtest.Doc(t, res).Find("#doc-property-"+ins+"-error").Text(), "Choose one of this site's properties") {
		t.Errorf("copy without a property: %d", res.Code)
	}
	if res := w.mgr.Post("/admin/documents/files/"+ins+"/copy", url.Values{"property": {w.flat9.PublicID}}); res.Code != http.StatusSeeOther {
		t.Fatalf("copy: %d", res.Code)
	}
	if res := w.mgr.Post("/admin/documents/files/"+inventory+"/copy", url.Values{"property": {w.flat9.PublicID}}, "HX-Request", "true", "HX-Target", "doc-shelf"); res.Code != http.StatusOK ||
		!strings.Contains(webtest.Doc(t, res).Find("#doc-"+inventory+" .doc-owner").Text(), "Remove from owner portal") {
		t.Fatalf("copy the inventory with htmx: %d", res.Code)
	}
	for _, c := range []struct {
		b    *webtest.Browser
		id   string
		want int
	}{{w.olgaB, ins, 200}, {w.olgaB, inventory, 200}, {w.gilB, ins, 404}, {w.gilB, inventory, 404}, {w.carolB, ins, 404}, {w.bob, inventory, 404}} {
		if got := c.b.Get("/documents/" + c.id).Code; got != c.want {
			t.Errorf("%s getting %s after copying: %d, want %d", c.b.SignedInAs(), c.id, got, c.want)
		}
	}
	if w.f.AuditCount("acme", "document.owner_copied", ins) != 1 {
		t.Error("the copy is not audited")
	}
	// Olga was emailed once for each: the EPC filed for her home and the two copies; Gil never.
	for to, want := range map[string]int{"olga@example.com": 3, "gil@example.com": 0, "carol@example.com": 2} {
		if n := w.f.MailCount("acme", to); n != want {
			t.Errorf("%s has %d alerts, want %d", to, n, want)
		}
	}
	if subject, _ := w.f.LastMail("acme", "olga@example.com"); subject != "New document: Check-in inventory" {
		t.Errorf("Olga's last alert: %q", subject)
	}

	// Removing the copy keeps the document; Olga loses it.
	if res := w.mgr.Post("/admin/documents/files/"+ins+"/uncopy", url.Values{"property": {w.flat9.PublicID}}); res.Code != http.StatusSeeOther {
		t.Fatalf("remove the copy: %d", res.Code)
	}
	if got := w.olgaB.Get("/documents/" + ins).Code; got != http.StatusNotFound {
		t.Errorf("Olga after the removal: %d", got)
	}
	folderPage = webtest.Doc(t, w.mgr.Get("/admin/documents/folders/"+insurance.PublicID))
	if folderPage.Find("#doc-"+ins).Length() != 1 || folderPage.Find("#doc-"+ins+" .badge").Text() == "Removed" {
		t.Error("the original left its folder")
	}
	if w.f.AuditCount("acme", "document.owner_copy_removed", ins) != 1 {
		t.Error("the removal is not audited")
	}
}

func TestCertificatesToRenewAndTheOwnersBlocks(t *testing.T) {
	t.Parallel()
	w := newPropertyWorld(t)
	today := w.f.Clock.Now() // the server's day
	day := func(days int) string { return today.AddDate(0, 0, days).Format("2006-01-02") }
	for _, c := range []struct {
		unit          estate.Unit
		title, kind   string
		issued, until string
	}{
		{w.flat9, "Gas 2025", "Gas safety certificate", day(-400), day(-35)},
		{w.flat9, "Gas 2026", "Gas safety certificate", day(-35), day(330)},
		{w.flat9, "EICR 2021", "EICR (electrical installation condition report)", day(-1800), day(12)},
		{w.flat10, "Flat 10 gas", "Gas safety certificate", day(-370), day(-5)},
	} {
		if res := w.unitUpload(t, c.unit, url.Values{"title": {c.title}, "category": {"certificate"}, "cert_type": {c.kind}, "dated_on": {c.issued},
			"expires_on": {c.until}, "roles": {"owner"}}, c.title+".pdf"); res.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d", c.title, res.Code)
		}
	}
	w.unitUpload(t, w.flat9, url.Values{"title": {"Mid-term inspection"}, "category": {"inspection_report"}, "dated_on": {day(-10)}, "roles": {"owner"}}, "insp.pdf")

	page := webtest.Doc(t, w.mgr.Get("/admin/documents/certificates"))
	var rows []string
	page.Find(".doc-due tbody tr").Each(func(_ int, r *goquery.Selection) { rows = append(rows, strings.Join(strings.Fields(r.Text()), " ")) })
	if len(rows) != 2 || !strings.Contains(rows[0], "Flat 10 gas") || !strings.Contains(rows[0], "Expired") || !strings.Contains(rows[0], "5 days ago") ||
		!strings.Contains(rows[1], "EICR 2021") || !strings.Contains(rows[1], "Due soon") {
		t.Errorf("certificates to renew: %q", rows)
	}
	if href, _ := page.Find(".doc-due tbody tr a").First().Attr("href"); href != "/admin/documents/units/"+w.flat10.PublicID {
		t.Errorf("link %q", href)
	}
	if got := webtest.Doc(t, w.mgr.Get("/admin/documents")).Find(".doc-due-link").Text(); !strings.Contains(got, "2 expired or due within 30 days") {
		t.Errorf("index: %q", got)
	}

	// The owner's blocks, as the owner portal draws them.
	shelf, err := documents.OwnerShelfOf(context.Background(), w.f.DB("acme").Read(), w.flat9.ID, today)
	if err != nil {
		t.Fatal(err)
	}
	render := func(name string, data any) *goquery.Document {
		t.Helper()
		var buf bytes.Buffer
		if err := w.f.Cfg.Views.Shared(&buf, name, data); err != nil {
			t.Fatal(err)
		}
		d, err := goquery.NewDocumentFromReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	certs := render("owner-certificates", shelf.Certificates)
	var items []string
	certs.Find(".owner-certificates > .owner-doc-list > li").Each(func(_ int, li *goquery.Selection) {
		items = append(items, strings.Join(strings.Fields(li.Text()), " "))
	})
	if len(items) != 2 || !strings.HasPrefix(items[0], "Gas safety certificate") || strings.Contains(items[0], "Expired") ||
		!strings.Contains(items[1], "Due soon") || !strings.Contains(items[1], "in 12 days") {
		t.Errorf("owner's certificates: %q", items)
	}
	if got := certs.Find(".owner-docs-older li").Text(); !strings.Contains(got, "Replaced by a newer one") {
		t.Errorf("earlier certificates: %q", got)
	}
	for _, c := range []struct {
		block string
		data  any
		want  string
	}{
		{"owner-reports", shelf.Reports, "Mid-term inspection"},
		{"owner-inspections", shelf.Inspections, "No inspection documents yet."},
		{"owner-tenancy", shelf.Tenancies, "No tenancy agreements filed yet."},
		{"owner-copies", shelf.Copies, "Nothing shared with you here yet."},
	} {
		if got := render(c.block, c.data).Text(); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q", c.block, got)
		}
	}
	href, _ := render("owner-reports", shelf.Reports).Find("a.owner-doc-link").Attr("href")
	if res := w.olgaB.Get(href); res.Code != http.StatusOK || w.gilB.Get(href).Code != http.StatusNotFound {
		t.Errorf("the report's link %q: Olga %d", href, res.Code)
	}
}
