package documents_test

import (
	"context"
	"database/sql"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/documents"
	"porch/files"
	"porch/handlers"
	"porch/internal/webtest"
)

func TestUploadShowsItToThoseWhoMaySeeAndAlertsThemOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	rules := w.folder(t, w.harbour, "Building rules")
	res := w.upload(t, rules, "House rules 2026", "rules.pdf", pdfOf(t, "No bikes in the hall."))
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/admin/documents/folders/"+rules.PublicID+"?done=alerted" {
		t.Fatalf("upload: %d %s", res.Code, res.Header().Get("Location"))
	}
	id := w.docID(t, "House rules 2026")
	for _, to := range []string{"alice@example.com", "bob@example.com"} {
		subject, text := w.f.LastMail("acme", to)
		if subject != "New document: House rules 2026" || !strings.Contains(text, "/documents") {
			t.Errorf("alert to %s: %q %q", to, subject, text)
		}
		if got := w.attachments(t, to); len(got) != 1 || got[0] != "rules.pdf" {
			t.Errorf("attached to %s: %q", to, got)
		}
	}
	if n := w.f.MailCount("acme", "carol@example.com"); n != 0 {
		t.Errorf("Carol, at another site, got %d alerts", n)
	}
	if w.f.AuditCount("acme", "document.uploaded", id) != 1 {
		t.Error("the upload is not audited")
	}

	list := webtest.Doc(t, w.alice.Get("/documents"))
	if got := list.Find(".doc-download").Text(); !strings.Contains(got, "House rules 2026") {
		t.Fatalf("Alice's documents: %q", list.Find("main").Text())
	}
	if got := webtest.Doc(t, w.carolB.Get("/documents")).Find(".doc-download").Length(); got != 0 {
		t.Errorf("Carol sees %d documents of Harbour View", got)
	}

	// A new version, and the same file uploaded again, alert nobody twice.
	v2 := pdfOf(t, "v2")
	w.mgr.PostFiles("/admin/documents/files/"+id+"/replace", nil, []webtest.File{{Field: "file", Name: "rules v2.pdf", Data: v2}})
	w.mgr.Post("/admin/documents/files/"+id+"/remove", url.Values{"remove": {"yes"}})
	w.mgr.Post("/admin/documents/files/"+id+"/remove", url.Values{"remove": {"no"}})
	if n := w.f.MailCount("acme", "alice@example.com"); n != 1 {
		t.Errorf("Alice has %d alerts after a new version and a restore", n)
	}
	dl := w.alice.Get("/documents/" + id)
	if dl.Code != http.StatusOK || dl.Body.String() != string(v2) {
		t.Errorf("Alice downloads %d, the new version: %v", dl.Code, dl.Body.String() == string(v2))
	}
}

func TestFolderVisibilityByRole(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	insurance := w.folder(t, w.quay, "Insurance")
	minutes := w.folder(t, w.quay, "Meeting minutes")
	if res := w.mgr.Post("/admin/sites/"+w.quay.PublicID+"/settings/folders", url.Values{"folder": {insurance.PublicID}, "owners": {insurance.PublicID}}); res.Code != http.StatusSeeOther {
		t.Fatalf("visibility: %d", res.Code)
	}
	w.mgr.Post("/admin/sites/"+w.quay.PublicID+"/settings/folders", url.Values{"folder": {minutes.PublicID}, "residents": {minutes.PublicID}})
	w.upload(t, insurance, "Landlord insurance", "ins.pdf", pdfOf(t, "insurance"))
	w.upload(t, minutes, "Residents meeting", "min.pdf", pdfOf(t, "minutes"))
	seen := func(b *webtest.Browser) string {
		return webtest.Doc(t, b.Get("/documents")).Find(".doc-download").Text()
	}
	if got := seen(w.olgaB); got != "Landlord insurance" {
		t.Errorf("Olga (owner) sees %q", got)
	}
	if got := seen(w.carolB); got != "Residents meeting" {
		t.Errorf("Carol (tenant) sees %q", got)
	}
	if w.f.MailCount("acme", "olga@example.com") != 1 || w.f.MailCount("acme", "carol@example.com") != 1 {
		t.Error("each should have one alert, for the document she sees")
	}
	// Carol asking for the owners' document gets the same 404 as a guess.
	for _, path := range []string{"/documents/" + w.docID(t, "Landlord insurance"), "/documents/2345678923456789", "/documents/..%2F..%2Fetc%2Fpasswd"} {
		if res := w.carolB.Get(path); res.Code != http.StatusNotFound {
			t.Errorf("Carol GET %s: %d", path, res.Code)
		}
	}
}

func TestYearEndPackWaitsForRelease(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	yearEnd := w.folder(t, w.harbour, "Year-end accounts")
	res := w.upload(t, yearEnd, "Service charge accounts 2025", "accounts.pdf", pdfOf(t, "accounts"))
	if !strings.HasSuffix(res.Header().Get("Location"), "done=awaiting") {
		t.Fatalf("upload: %d %s", res.Code, res.Header().Get("Location"))
	}
	id := w.docID(t, "Service charge accounts 2025")
	if got := webtest.Doc(t, w.alice.Get("/documents")).Find("main").Text(); strings.Contains(got, "Service charge") || strings.Contains(got, "Year-end") {
		t.Errorf("Alice sees the pack before release: %q", got)
	}
	if res := w.alice.Get("/documents/" + id); res.Code != http.StatusNotFound {
		t.Errorf("Alice downloading it before release: %d", res.Code)
	}
	if n := w.f.MailCount("acme", "alice@example.com"); n != 0 {
		t.Errorf("%d alerts before release", n)
	}
	page := webtest.Doc(t, w.mgr.Get("/admin/documents/folders/"+yearEnd.PublicID))
	if page.Find(".doc-item .badge.warn").Text() != "Waiting for release" {
		t.Errorf("manager's folder: %q", page.Find(".doc-item").Text())
	}
	for i := 0; i < 2; i++ {
		if res := w.mgr.Post("/admin/documents/files/"+id+"/release", nil); res.Code != http.StatusSeeOther {
			t.Fatalf("release %d: %d", i+1, res.Code)
		}
	}
	if n := w.f.MailCount("acme", "alice@example.com"); n != 1 {
		t.Errorf("%d alerts after releasing twice", n)
	}
	if res := w.alice.Get("/documents/" + id); res.Code != http.StatusOK {
		t.Errorf("after release: %d", res.Code)
	}

	// Quay House releases automatically.
	if res := w.mgr.Post("/admin/sites/"+w.quay.PublicID+"/settings/release", url.Values{"year_end_release": {"auto"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("setting: %d", res.Code)
	}
	if res := w.mgr.Post("/admin/sites/"+w.quay.PublicID+"/settings/release", url.Values{"year_end_release": {"sometimes"}}); res.Code != http.StatusUnprocessableEntity {
		t.Errorf("a made-up setting: %d", res.Code)
	}
	w.upload(t, w.folder(t, w.quay, "Year-end accounts"), "Quay accounts 2025", "q.pdf", pdfOf(t, "q"))
	if got := webtest.Doc(t, w.carolB.Get("/documents")).Find(".doc-download").Text(); got != "Quay accounts 2025" {
		t.Errorf("Carol sees %q after an automatic release", got)
	}
}

func TestUnitDocumentsGoToTheChosenRoles(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	path := "/admin/documents/units/" + w.flat9.PublicID + "/upload"
	res := w.mgr.PostFiles(path, url.Values{"kind": {"Tenancy agreement"}, "roles": {"owner"}},
		[]webtest.File{{Field: "file", Name: "tenancy.pdf", Data: pdfOf(t, "AST")}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.Code)
	}
	w.mgr.PostFiles(path, url.Values{"kind": {"Gas safety certificate"}, "title": {"Gas safety 2026"}, "roles": {"owner", "tenant"}},
		[]webtest.File{{Field: "file", Name: "cp12.pdf", Data: pdfOf(t, "CP12")}})
	seen := func(b *webtest.Browser) string {
		return webtest.Doc(t, b.Get("/documents")).Find(".doc-download").Text()
	}
	if got := seen(w.olgaB); got != "Gas safety 2026tenancy" {
		t.Errorf("Olga sees %q", got)
	}
	if got := seen(w.carolB); got != "Gas safety 2026" {
		t.Errorf("Carol sees %q", got)
	}
	if got := seen(w.alice); got != "" {
		t.Errorf("Alice sees %q", got)
	}
	if w.f.MailCount("acme", "olga@example.com") != 2 || w.f.MailCount("acme", "carol@example.com") != 1 {
		t.Errorf("alerts: Olga %d, Carol %d", w.f.MailCount("acme", "olga@example.com"), w.f.MailCount("acme", "carol@example.com"))
	}
	// No kind and no role: refused on the fields, the file kept.
	res = w.mgr.PostFiles(path, url.Values{"title": {"Inventory"}}, []webtest.File{{Field: "file", Name: "inv.pdf", Data: pdfOf(t, "inv")}})
	d := webtest.Doc(t, res)
	if res.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "kind") == "" || d.Find("#doc-roles-error").Text() == "" {
		t.Errorf("refused: %d kind %q roles %q", res.Code, webtest.FieldError(d.Selection, "kind"), d.Find("#doc-roles-error").Text())
	}
	if v, _ := d.Find(`input[name="kept_file"]`).Attr("value"); v == "" || d.Find(`input[name="title"]`).AttrOr("value", "") != "Inventory" {
		t.Error("the refused form lost its file or its title")
	}
}

func TestDownloadHeadersAndOddNames(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	rules := w.folder(t, w.harbour, "Building rules")
	for _, name := range []string{"../../etc/passwd.pdf", `Minutes "final" ; x=1.pdf`, "Règlement d’immeuble ✓.pdf"} {
		if res := w.upload(t, rules, "", name, pdfOf(t, name)); res.Code != http.StatusSeeOther {
			t.Fatalf("upload %q: %d %s", name, res.Code, res.Body.String())
		}
	}
	// A title typed with quotes and a line break, and a stored name with
	// a header injection, straight through the domain.
	ref, err := files.New(files.Config{}).Put(context.Background(), w.f.DB("acme"), files.Upload{Name: "x.pdf", Data: pdfOf(t, "inject")})
	if err != nil {
		t.Fatal(err)
	}
	w.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := documents.Upload(ctx, tx, webtest.Now, w.ppl.Manager.ID, documents.Input{Title: "Notice \"to quit\"\r\nSet-Cookie: a=b",
			FolderID: rules.ID, File: documents.File{Ref: ref, Name: "evil\r\nSet-Cookie: a=b.pdf"}})
		return err
	})
	var ids []string
	rows, err := w.f.DB("acme").ReadPool().Query(`SELECT public_id FROM documents ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) != 4 {
		t.Fatalf("%d documents", len(ids))
	}
	check := func(who string, b *webtest.Browser, path string) {
		t.Helper()
		res := b.Get(path)
		h := res.Header()
		if res.Code != http.StatusOK || h.Get("Content-Type") != files.TypePDF || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(h.Get("Cache-Control"), "no-store") || h.Get("Set-Cookie") != "" {
			t.Errorf("%s %s: %d %v", who, path, res.Code, h)
		}
		disp, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
		name := params["filename"]
		if err != nil || disp != "attachment" || !strings.HasSuffix(name, ".pdf") || strings.ContainsAny(name, "/\\\"\r\n;") ||
			strings.Contains(name, "..") || strings.TrimFunc(name, func(r rune) bool { return r < 128 }) != "" {
			t.Errorf("%s %s: Content-Disposition %q", who, path, h.Get("Content-Disposition"))
		}
	}
	for _, id := range ids {
		check("Alice", w.alice, "/documents/"+id)
		check("staff", w.mgr, "/admin/documents/files/"+id+"/versions/1")
	}
	if res := w.mgr.Get("/admin/documents/files/" + ids[0] + "/versions/9"); res.Code != http.StatusNotFound {
		t.Errorf("a version that does not exist: %d", res.Code)
	}
	if res := w.mgr.Get("/admin/documents/files/" + ids[0] + "/versions/..%2F1"); res.Code != http.StatusNotFound {
		t.Errorf("a made-up version: %d", res.Code)
	}
}

func TestUploadValidation(t *testing.T) {
	t.Parallel()
	w := newWorld(t, func(c *handlers.Config) { c.Files = files.New(files.Config{MaxBytes: 200 << 10, Now: c.Now}) })
	rules := w.folder(t, w.harbour, "Building rules")
	for _, c := range []struct {
		what, name string
		data       []byte
		want       string
	}{
		{"a text file named .pdf", "rules.pdf", []byte("These are not really rules."), "not a document we can read"},
		{"an old Word file", "rules.doc", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 600)...), "save it as a PDF"},
		{"a file too large", "big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 300<<10)...), "too large"},
	} {
		res := w.upload(t, rules, "Typed title", c.name, c.data)
		d := webtest.Doc(t, res)
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(d.Selection, "file"), c.want) {
			t.Errorf("%s: %d %q", c.what, res.Code, webtest.FieldError(d.Selection, "file"))
		}
		if d.Find(`input[name="title"]`).AttrOr("value", "") != "Typed title" {
			t.Errorf("%s: the title typed was lost", c.what)
		}
	}
	// A refused form keeps an accepted file: sent back, it uploads.
	res := w.upload(t, rules, strings.Repeat("x", 200), "ok.pdf", pdfOf(t, "ok"))
	d := webtest.Doc(t, res)
	kept := d.Find(`input[name="kept_file"]`).AttrOr("value", "")
	if res.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "title") == "" || kept == "" {
		t.Fatalf("a long title: %d %q kept %v", res.Code, webtest.FieldError(d.Selection, "title"), kept != "")
	}
	res = w.mgr.PostFiles("/admin/documents/folders/"+rules.PublicID+"/upload", url.Values{"title": {"Short"}, "kept_file": {kept}}, nil)
	if res.Code != http.StatusSeeOther {
		t.Errorf("sent back with the kept file: %d", res.Code)
	}
	// Someone else's kept token is worthless.
	res = w.alice.PostFiles("/admin/documents/folders/"+rules.PublicID+"/upload", url.Values{"title": {"Mine"}, "kept_file": {kept}}, nil)
	if res.Code != http.StatusForbidden && res.Code != http.StatusNotFound {
		t.Errorf("Alice posting to the admin upload: %d", res.Code)
	}
}

func TestLargeDocumentIsLinkedNotAttached(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	big := append(pdfOf(t, "big"), make([]byte, 6<<20)...)
	if res := w.upload(t, w.folder(t, w.harbour, "Insurance"), "Insurance schedule", "schedule.pdf", big); res.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.Code)
	}
	_, text := w.f.LastMail("acme", "alice@example.com")
	if got := w.attachments(t, "alice@example.com"); len(got) != 0 || !strings.Contains(text, "too large to attach") || !strings.Contains(text, "/documents") {
		t.Errorf("attachments %q, text %q", got, text)
	}
}

func TestRefusalsAndOddAddresses(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	rules := w.folder(t, w.harbour, "Building rules")
	w.upload(t, rules, "Rules", "rules.pdf", pdfOf(t, "rules"))
	id := w.docID(t, "Rules")
	res := w.mgr.PostFiles("/admin/documents/files/"+id+"/replace", nil, []webtest.File{{Field: "file", Name: "rules.pdf", Data: []byte("plain text")}})
	if d := webtest.Doc(t, res); res.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldErrorByID(d.Selection, "doc-file-"+id), "not a document") {
		t.Errorf("a text file as a new version: %d %q", res.Code, webtest.FieldErrorByID(d.Selection, "doc-file-"+id))
	}
	res = w.mgr.Post("/admin/documents/files/"+id+"/rename", url.Values{"title": {"   "}})
	if d := webtest.Doc(t, res); res.Code != http.StatusUnprocessableEntity || webtest.FieldErrorByID(d.Selection, "doc-title-"+id) == "" {
		t.Errorf("an empty title: %d", res.Code)
	}
	for _, c := range []struct {
		method, path string
		want         int
	}{
		{"GET", "/admin/documents/folders/nope", http.StatusNotFound},
		{"GET", "/admin/documents/sites/2345678923456789", http.StatusNotFound},
		{"GET", "/admin/documents/units/..%2F..", http.StatusNotFound},
		{"GET", "/admin/documents/files/" + id + "/versions/abc", http.StatusNotFound},
		{"POST", "/admin/documents/files/2345678923456789/release", http.StatusNotFound},
		{"POST", "/admin/documents/folders/2345678923456789/upload", http.StatusNotFound},
		{"POST", "/admin/documents/files/" + id + "/move", http.StatusUnprocessableEntity},
	} {
		var code int
		if c.method == "GET" {
			code = w.mgr.Get(c.path).Code
		} else {
			code = w.mgr.Post(c.path, nil).Code
		}
		if code != c.want {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, code, c.want)
		}
	}
}
