package settings_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// webpLogo is a 1x1 lossless WebP image.
var webpLogo, _ = base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

// uploadLogo posts a logo file as the screen's upload form does.
func uploadLogo(b *webtest.Browser, name string, data []byte) *http.Response {
	rec := b.PostFiles(path+"/logo", nil, []webtest.File{{Field: "logo", Name: name, Data: data}})
	return rec.Result()
}

// logoShown returns the address of the logo in the page's header.
func logoShown(t *testing.T, b *webtest.Browser) string {
	t.Helper()
	src, _ := webtest.Doc(t, b.Get("/")).Find("img.brand-logo").Attr("src")
	return src
}

func TestLogoUploadAcceptsWebPAndCleansSVG(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)

	if res := uploadLogo(mgr, "logo.webp", webpLogo); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("webp: %d", res.StatusCode)
	}
	got := mgr.Get(logoShown(t, mgr))
	if got.Header().Get("Content-Type") != "image/webp" || !bytes.Equal(got.Body.Bytes(), webpLogo) {
		t.Errorf("webp served as %q", got.Header().Get("Content-Type"))
	}

	svg := `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 40 10" onload="alert(1)">` +
		`<script>alert(document.cookie)</script><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>` +
		`<a href="javascript:alert(2)"><rect width="40" height="10" fill="#0f6e6e"/></a><use href="http://evil.example/s.svg#x"/>` +
		`<style>@import url(http://evil.example/x.css);</style><circle cx="5" cy="5" r="4" fill="#fff" onclick="alert(3)"/></svg>`
	if res := uploadLogo(mgr, "logo.svg", []byte(svg)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("svg: %d", res.StatusCode)
	}
	if n := f.AuditCount("acme", "settings.logo"); n != 2 {
		t.Errorf("%d logo audit entries, want 2", n)
	}
	got = mgr.Get(logoShown(t, mgr))
	body := got.Body.String()
	if got.Header().Get("Content-Type") != estate.SVGType || !strings.Contains(body, "<circle") {
		t.Fatalf("svg served as %q: %s", got.Header().Get("Content-Type"), body)
	}
	for _, bad := range []string{"script", "alert", "onload", "onclick", "foreignObject", "javascript", "evil.example", "@import"} {
		if strings.Contains(body, bad) {
			t.Errorf("the served SVG has %q: %s", bad, body)
		}
	}
	csp := got.Header().Get("Content-Security-Policy")
	if csp != "default-src 'none'; style-src 'unsafe-inline'; sandbox" || got.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("svg served with CSP %q", csp)
	}

	// A DOCTYPE cannot be cleaned: refused with the reason by the field.
	rec := mgr.PostFiles(path+"/logo", nil, []webtest.File{{Field: "logo", Name: "x.svg",
		Data: []byte(`<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>`)}})
	if msg := webtest.FieldErrorByID(webtest.Doc(t, rec).Selection, "branding-logo"); rec.Code != 422 || !strings.Contains(msg, "DOCTYPE") {
		t.Errorf("doctype: %d %q", rec.Code, msg)
	}
	// A text file named .png is no image, whatever its name.
	rec = mgr.PostFiles(path+"/logo", nil, []webtest.File{{Field: "logo", Name: "logo.png", Data: []byte("just some text\n")}})
	if msg := webtest.FieldErrorByID(webtest.Doc(t, rec).Selection, "branding-logo"); rec.Code != 422 || !strings.Contains(msg, "PNG, JPEG, GIF, WebP or SVG") {
		t.Errorf("text as png: %d %q", rec.Code, msg)
	}
	if rec := mgr.PostFiles(path+"/logo", nil, nil); rec.Code != 422 {
		t.Errorf("no file: %d", rec.Code)
	}
	if st, _ := estate.GetSettings(t.Context(), f.DB("acme").Read()); st.LogoType != estate.SVGType {
		t.Errorf("a refused upload replaced the logo: %q", st.LogoType)
	}

	// Removed: the header shows the name alone.
	if rec := mgr.Post(path+"/logo/remove", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("remove: %d", rec.Code)
	}
	if src := logoShown(t, mgr); src != "" {
		t.Errorf("logo still shown: %s", src)
	}
	if f.AuditCount("acme", "settings.logo") != 3 {
		t.Error("removal not audited")
	}
}
