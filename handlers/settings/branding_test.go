package settings_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

const path = "/admin/settings/branding"

// brandingForm is the screen's form filled as Acme's, with changes.
func brandingForm(changes ...string) url.Values {
	v := url.Values{"name": {webtest.Acme.Name}, "legal_name": {""}, "primary_colour": {webtest.Acme.Colour},
		"contact_email": {webtest.Acme.Email}, "contact_phone": {""}, "address": {""}, "office_hours": {""}}
	for i := 0; i+1 < len(changes); i += 2 {
		v.Set(changes[i], changes[i+1])
	}
	return v
}

func TestBrandingScreenSavesAndAudits(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)

	d := webtest.Doc(t, mgr.Get("/admin"))
	if d.Find(`a.link-card[href="`+path+`"]`).Length() != 1 {
		t.Error("the dashboard has no Branding card for an administrator")
	}
	rec := mgr.Get(path)
	d = webtest.Doc(t, rec)
	if rec.Code != 200 || !d.Find("main").HasClass("wide") {
		t.Fatalf("screen: %d", rec.Code)
	}
	if v, _ := d.Find("#branding-name").Attr("value"); v != webtest.Acme.Name {
		t.Errorf("name field %q", v)
	}
	if v, _ := d.Find("#branding-primary_colour").Attr("value"); v != webtest.Acme.Colour {
		t.Errorf("colour field %q", v)
	}

	rec = mgr.Post(path, brandingForm("name", "Acme Homes", "primary_colour", "#8B1D5E", "address", "1 Quay Street\r\nBristol",
		"contact_phone", "0117 496 0000", "office_hours", "Weekdays 9 to 5"))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?saved=1" {
		t.Fatalf("save: %d %s", rec.Code, rec.Body.String())
	}
	d = webtest.Doc(t, mgr.Get(path+"?saved=1"))
	if !strings.Contains(d.Find(".notice.success").Text(), "Branding saved") {
		t.Error("no confirmation")
	}
	if got := strings.TrimSpace(d.Find(".brand-name").Text()); got != "Acme Homes" {
		t.Errorf("header shows %q", got)
	}
	if !strings.Contains(d.Find("footer").Text(), "Weekdays 9 to 5") || !strings.Contains(d.Find("footer").Text(), "1 Quay Street, Bristol") {
		t.Errorf("footer: %s", d.Find("footer").Text())
	}
	if !strings.Contains(d.Find("head style").Text(), "#8b1d5e") {
		t.Errorf("theme: %s", d.Find("head style").Text())
	}
	var detail string
	if err := f.DB("acme").ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = 'settings.branding'`).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`name "` + webtest.Acme.Name + `" → "Acme Homes"`, "colour #0f6e6e → #8b1d5e", "address changed", "phone changed", "opening hours changed"} {
		if !strings.Contains(detail, want) {
			t.Errorf("audit detail %q lacks %q", detail, want)
		}
	}
	if strings.Contains(detail, "email changed") {
		t.Errorf("audit names a field that did not change: %q", detail)
	}
}

func TestBrandingRefusesAnUnreadableColourAndSuggestsOne(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)

	rec := mgr.Post(path, brandingForm("name", "Renamed", "primary_colour", "#ffcc00"))
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	if msg := webtest.FieldErrorByID(d.Selection, "branding-primary_colour"); !strings.Contains(msg, "1.5:1") || !strings.Contains(msg, "#907300") {
		t.Errorf("colour message %q", msg)
	}
	use := d.Find(`#colour-advice button[name="use_colour"]`)
	if v, _ := use.Attr("value"); v != "#907300" {
		t.Errorf("use button value %q", v)
	}
	if v, _ := d.Find("#branding-name").Attr("value"); v != "Renamed" {
		t.Errorf("typed name lost: %q", v)
	}
	if st, _ := estate.GetSettings(t.Context(), f.DB("acme").Read()); st.Name != webtest.Acme.Name || st.PrimaryColour != webtest.Acme.Colour {
		t.Errorf("saved anyway: %+v", st)
	}

	// Using the suggestion fills it in, without saving.
	form := brandingForm("primary_colour", "#ffcc00", "use_colour", "#907300")
	d = webtest.Doc(t, mgr.Post(path+"/preview", form, "HX-Request", "true", "HX-Target", "branding-editor"))
	if v, _ := d.Find("#branding-primary_colour").Attr("value"); v != "#907300" {
		t.Errorf("after use, colour field %q", v)
	}
	if d.Find("#colour-advice button").Length() != 0 || !strings.Contains(d.Find("#colour-advice").Text(), "passes") {
		t.Errorf("advice after use: %s", d.Find("#colour-advice").Text())
	}
	if rec := mgr.Post(path, brandingForm("primary_colour", "#907300")); rec.Code != http.StatusSeeOther {
		t.Errorf("the suggestion is refused: %d", rec.Code)
	}
}

func TestBrandingPreviewFollowsTyping(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)

	rec := mgr.Post(path+"/preview", brandingForm("name", "Harbour <Homes>", "primary_colour", "#FFCC00", "contact_phone", "0117 1"),
		"HX-Request", "true", "HX-Target", "branding-preview")
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || d.Find("header.site-header").Length() != 0 {
		t.Fatalf("preview: %d, want the block alone", rec.Code)
	}
	if got := d.Find("#branding-preview .bp-name").Text(); got != "Harbour <Homes>" {
		t.Errorf("preview name %q", got)
	}
	css, _ := d.Find(`#branding-preview link[rel="stylesheet"]`).Attr("href")
	if css != path+"/preview.css?c=ffcc00" {
		t.Errorf("preview stylesheet %q", css)
	}
	if oob, _ := d.Find("#colour-advice").Attr("hx-swap-oob"); oob != "true" || !strings.Contains(d.Find("#colour-advice").Text(), "#907300") {
		t.Errorf("advice not refreshed out of band: %q", d.Find("#colour-advice").Text())
	}
	if !strings.Contains(d.Find(".bp-note").Text(), "#ffcc00 is too light") {
		t.Errorf("note %q", d.Find(".bp-note").Text())
	}
	if d.Find("[style]").Length() != 0 {
		t.Error("the preview has inline styles, which the page's policy refuses")
	}
	body := mgr.Get(css)
	if body.Code != 200 || !strings.HasPrefix(body.Header().Get("Content-Type"), "text/css") ||
		!strings.Contains(body.Body.String(), "--pv-primary:#907300;--pv-typed:#ffcc00") {
		t.Errorf("stylesheet: %d %s", body.Code, body.Body.String())
	}
	if evil := mgr.Get(path + "/preview.css?c=000}body{x:url(//evil)"); strings.Contains(evil.Body.String(), "evil") {
		t.Errorf("the stylesheet takes any text: %s", evil.Body.String())
	}

	src, _ := d.Find("#branding-preview iframe.email-frame").Attr("src")
	if _, ok := d.Find("#branding-preview iframe.email-frame").Attr("sandbox"); !ok || !strings.HasPrefix(src, path+"/email-preview?") {
		t.Fatalf("email frame src %q", src)
	}
	em := mgr.Get(src)
	csp := em.Header().Get("Content-Security-Policy")
	if em.Code != 200 || !strings.Contains(em.Body.String(), "Harbour &lt;Homes&gt;") || !strings.Contains(em.Body.String(), "#907300") ||
		!strings.Contains(em.Body.String(), "0117 1") {
		t.Errorf("email preview: %d %.400s", em.Code, em.Body.String())
	}
	for _, want := range []string{"default-src 'none'", "sandbox", "style-src-attr 'unsafe-hashes' 'sha256-", "frame-ancestors 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("email preview CSP lacks %q: %s", want, csp)
		}
	}
	if st, _ := estate.GetSettings(t.Context(), f.DB("acme").Read()); st.Name != webtest.Acme.Name {
		t.Error("the preview saved the name")
	}

	// Without JavaScript the Preview button shows the whole screen.
	d = webtest.Doc(t, mgr.Post(path+"/preview", brandingForm("name", "Typed Name")))
	if d.Find("header.site-header").Length() != 1 || d.Find("#branding-preview .bp-name").Text() != "Typed Name" {
		t.Error("the no-JavaScript preview is not the whole screen")
	}
	if d.Find("#colour-advice").Length() != 1 {
		t.Errorf("%d colour advice blocks", d.Find("#colour-advice").Length())
	}
}
