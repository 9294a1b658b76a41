package staff_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

func TestWelcomeEmailEditor(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	const path = "/admin/settings/welcome-email"

	rec := mgr.Get(path)
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || !d.Find("main").HasClass("wide") {
		t.Fatalf("editor: %d", rec.Code)
	}
	if v, _ := d.Find("#welcome-subject").Attr("value"); v != "You're invited to the "+webtest.Acme.Name+" portal" {
		t.Errorf("default subject %q", v)
	}
	if !strings.Contains(d.Find("#welcome-text").Text(), webtest.Acme.Name+" has set up") {
		t.Errorf("default text %q", d.Find("#welcome-text").Text())
	}
	srcdoc, _ := d.Find("iframe.email-frame").Attr("srcdoc")
	if _, ok := d.Find("iframe.email-frame").Attr("sandbox"); !ok || !strings.Contains(srcdoc, "Hello Sam,") {
		t.Errorf("preview frame: %.300s", srcdoc)
	}
	if !strings.Contains(d.Find("#welcome-preview pre").Text(), "Hello Sam,") {
		t.Error("no plain-text preview")
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "style-src-attr 'unsafe-hashes' 'sha256-") {
		t.Errorf("CSP does not allow the email's styles: %s", csp)
	}

	long := strings.Repeat("é", estate.MaxWelcomeText+1)
	invalid := []struct {
		name          string
		form          url.Values
		htmx          bool
		field, errMsg string
	}{
		{"empty subject", url.Values{"subject": {"  "}, "text": {"Hello"}}, false, "subject", "Enter a subject"},
		{"long subject", url.Values{"subject": {strings.Repeat("s", 151)}, "text": {"Hello"}}, true, "subject", "150 characters or fewer"},
		{"empty text", url.Values{"subject": {"Hi"}, "text": {""}}, true, "text", "Enter the welcome text"},
		{"long text", url.Values{"subject": {"Hi"}, "text": {long}}, false, "text", "4,000 characters or fewer"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.htmx {
				hdr = []string{"HX-Request", "true", "HX-Target", "welcome-editor"}
			}
			rec := mgr.Post(path, tt.form, hdr...)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", rec.Code)
			}
			d := webtest.Doc(t, rec)
			if tt.htmx != (d.Find("header.site-header").Length() == 0) {
				t.Errorf("htmx=%v but fragment=%v", tt.htmx, d.Find("header.site-header").Length() == 0)
			}
			input := d.Find("#welcome-" + tt.field)
			errID := "welcome-" + tt.field + "-error"
			if inv, _ := input.Attr("aria-invalid"); inv != "true" {
				t.Error("field not marked invalid")
			}
			if desc, _ := input.Attr("aria-describedby"); !strings.Contains(desc, errID) {
				t.Errorf("aria-describedby %q", desc)
			}
			if msg := d.Find("#" + errID).Text(); !strings.Contains(msg, tt.errMsg) || !d.Find("#"+errID).HasClass("error-text") {
				t.Errorf("message %q", msg)
			}
			if d.Find("div.field > #"+errID).Length() != 1 {
				t.Error("message is not inside the field")
			}
		})
	}
	if f.AuditCount("acme", "settings.welcome_email") != 0 {
		t.Fatal("invalid input saved")
	}

	// Preview renders the typed text without saving it, escaped.
	form := url.Values{"subject": {"Welcome to Harbour View"}, "text": {"First <b>line</b>.\n\nSecond paragraph."}}
	rec = mgr.Post(path+"/preview", form, "HX-Request", "true", "HX-Target", "welcome-preview")
	d = webtest.Doc(t, rec)
	srcdoc, _ = d.Find("#welcome-preview iframe").Attr("srcdoc")
	if rec.Code != 200 || d.Find("header.site-header").Length() != 0 || !strings.Contains(srcdoc, "First &lt;b&gt;line&lt;/b&gt;.") ||
		!strings.Contains(srcdoc, "Second paragraph.") {
		t.Errorf("preview fragment: %d %.500s", rec.Code, srcdoc)
	}
	if d.Find("#welcome-preview dd").First().Text() != "Welcome to Harbour View" || !strings.Contains(d.Find("pre").Text(), "First <b>line</b>.") {
		t.Errorf("preview subject/text: %q", d.Find("#welcome-preview").Text())
	}
	// Without JavaScript the preview button shows the whole editor.
	if rec := mgr.Post(path+"/preview", form); rec.Code != 200 || !strings.Contains(rec.Body.String(), "<html") {
		t.Errorf("plain preview: %d", rec.Code)
	}
	if f.AuditCount("acme", "settings.welcome_email") != 0 {
		t.Error("preview saved")
	}

	// Saving, plain and with htmx.
	rec = mgr.Post(path, form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?saved=1" {
		t.Fatalf("save: %d %v", rec.Code, rec.Header())
	}
	d = webtest.Doc(t, mgr.Get(path+"?saved=1"))
	if v, _ := d.Find("#welcome-subject").Attr("value"); v != "Welcome to Harbour View" || !strings.Contains(d.Find(".notice.success").Text(), "saved") {
		t.Errorf("after saving: %q %q", v, d.Find(".notice").Text())
	}
	if d.Find(".notice").Text() == "This is the default text." {
		t.Error("still called the default")
	}
	form.Set("subject", "  Second version  ")
	rec = mgr.Post(path, form, "HX-Request", "true", "HX-Target", "welcome-editor")
	d = webtest.Doc(t, rec)
	if v, _ := d.Find("#welcome-subject").Attr("value"); rec.Code != 200 || v != "Second version" || d.Find(".notice.success").Length() != 1 {
		t.Errorf("htmx save: %d %q", rec.Code, v)
	}
	if f.AuditCount("acme", "settings.welcome_email") != 2 {
		t.Error("saves not audited")
	}
}
