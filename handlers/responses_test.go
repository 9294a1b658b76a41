package handlers_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"porch/handlers"
	"porch/internal/webtest"
)

// TestEveryHTMLResponseVaries checks the headers that every HTML response
// needs, whichever path produced it: pages, the landing page and each kind
// of error page.
func TestEveryHTMLResponseVaries(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme)
	tests := []struct {
		name, method, host, path string
		hdr                      map[string]string
		status                   int
	}{
		{"home", "GET", "acme." + webtest.Base, "/", nil, 200},
		{"home fragment", "GET", "acme." + webtest.Base, "/", map[string]string{"HX-Request": "true"}, 200},
		{"landing", "GET", webtest.Base, "/", nil, 200},
		{"dev mail", "GET", "acme." + webtest.Base, "/_dev/mail", nil, 200},
		{"unknown org", "GET", "nobody." + webtest.Base, "/", nil, 404},
		{"unknown path", "GET", "acme." + webtest.Base, "/nope", nil, 404},
		{"unknown path fragment", "GET", "acme." + webtest.Base, "/nope", map[string]string{"HX-Request": "true"}, 404},
		{"dev mail outside an org", "GET", webtest.Base, "/_dev/mail", nil, 404},
		{"no logo on landing", "GET", webtest.Base, "/branding/logo", nil, 404},
		{"wrong method", "POST", "acme." + webtest.Base, "/", map[string]string{"Sec-Fetch-Site": "same-origin"}, 405},
		{"cross-site", "POST", "acme." + webtest.Base, "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Do(tt.method, tt.host, tt.path, tt.hdr)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			h := rec.Header()
			if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if !strings.Contains(strings.Join(h.Values("Vary"), ","), "HX-Request") {
				t.Errorf("Vary = %q", h.Values("Vary"))
			}
			if !strings.Contains(h.Get("Cache-Control"), "no-store") {
				t.Errorf("Cache-Control = %q", h.Get("Cache-Control"))
			}
			if h.Get("X-Request-Id") == "" || h.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
				t.Errorf("security headers missing: %v", h)
			}
		})
	}
}

// TestFragmentsAreBare checks that an htmx request gets the main column
// only, for pages and for errors, while a boosted one gets the page.
func TestFragmentsAreBare(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme)
	tests := []struct {
		name, path, h1 string
		status         int
	}{
		{"home", "/", webtest.Acme.Name, 200},
		{"dev mail", "/_dev/mail", "Sent mail", 200},
		{"not found", "/nope", "Page not found", 404},
	}
	layoutOnly := []string{"<!doctype", "<html", "<head", "<body", "<header", "<footer", "<main", "<title", "<script", "<style"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Do("GET", "acme."+webtest.Base, tt.path, map[string]string{"HX-Request": "true"})
			if rec.Code != tt.status {
				t.Fatalf("status %d", rec.Code)
			}
			body := strings.ToLower(rec.Body.String())
			for _, tag := range layoutOnly {
				if strings.Contains(body, tag) {
					t.Errorf("fragment contains %s: %.300s", tag, rec.Body.String())
				}
			}
			d := webtest.Doc(t, rec)
			if n := d.Find("h1").Length(); n != 1 {
				t.Errorf("%d h1 in fragment", n)
			}
			if got := strings.TrimSpace(d.Find("h1").Text()); got != tt.h1 {
				t.Errorf("h1 = %q, want %q", got, tt.h1)
			}

			for _, hdr := range []map[string]string{nil, {"HX-Request": "true", "HX-Boosted": "true"}} {
				rec := f.Do("GET", "acme."+webtest.Base, tt.path, hdr)
				d := webtest.Doc(t, rec)
				if d.Find("html > head > title").Length() != 1 || d.Find("body > header").Length() != 1 ||
					d.Find("main#main h1").Length() != 1 || d.Find("body > footer").Length() != 1 {
					t.Errorf("headers %v: not a full page: %.300s", hdr, rec.Body.String())
				}
				if rec.Header().Get("HX-Retarget") != "" {
					t.Errorf("headers %v: full page retargeted", hdr)
				}
			}
		})
	}
}

func TestCrossOriginRefusals(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	host := "acme." + webtest.Base
	tests := []struct {
		name, method, path string
		hdr                map[string]string
		want               int
	}{
		{"cross-site POST", "POST", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"cross-site PUT", "PUT", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"cross-site PATCH", "PATCH", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"cross-site DELETE", "DELETE", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"sibling org by Origin only", "POST", "/", map[string]string{"Origin": "http://bravo." + webtest.Base}, 403},
		{"base domain by Origin only", "POST", "/", map[string]string{"Origin": "http://" + webtest.Base}, 403},
		{"other scheme by Origin only", "POST", "/", map[string]string{"Origin": "https://evil.example"}, 403},
		{"htmx cross-site", "POST", "/", map[string]string{"Sec-Fetch-Site": "cross-site", "HX-Request": "true"}, 403},
		{"same-origin POST reaches routing", "POST", "/", map[string]string{"Sec-Fetch-Site": "same-origin"}, 405},
		{"own Origin reaches routing", "POST", "/", map[string]string{"Origin": "http://" + host}, 405},
		{"no browser headers reaches routing", "POST", "/", nil, 405},
		{"cross-site GET is a plain visit", "GET", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 200},
		{"webhook from a provider", "POST", "/webhooks/stripe", map[string]string{"Sec-Fetch-Site": "cross-site"}, 400},
		{"webhook by Origin", "POST", "/webhooks/gocardless", map[string]string{"Origin": "https://api.gocardless.com"}, 498},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.Logs.Reset()
			rec := f.Do(tt.method, host, tt.path, tt.hdr)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %.200s", rec.Code, tt.want, rec.Body.String())
			}
			refusalLogged := strings.Contains(f.Logs.String(), "cross-origin request refused")
			if refusalLogged != (tt.want == 403) {
				t.Errorf("refusal logged = %v", refusalLogged)
			}
			if tt.want != 403 {
				return
			}
			d := webtest.Doc(t, rec)
			if got := d.Find("h1").Text(); got != handlers.HeadingOf[403] {
				t.Errorf("h1 = %q", got)
			}
			if !strings.Contains(d.Find(".lead").Text(), "another site") {
				t.Errorf("no explanation: %.300s", rec.Body.String())
			}
			if tt.hdr["HX-Request"] != "" {
				if rec.Header().Get("HX-Retarget") != "#main" || strings.Contains(rec.Body.String(), "<html") {
					t.Errorf("htmx refusal: %v %.200s", rec.Header(), rec.Body.String())
				}
				return
			}
			if footer := d.Find("footer").Text(); !strings.Contains(footer, webtest.Acme.Name) || strings.Contains(rec.Body.String(), webtest.Bravo.Name) {
				t.Errorf("refusal page not branded for acme: footer %q", footer)
			}
			line := requestLine(t, f, rec.Header().Get("X-Request-Id"))
			if line["org"] != "acme" || line["status"] != float64(403) {
				t.Errorf("request log line %v", line)
			}
		})
	}
}

func TestLogoCaching(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	page := webtest.Doc(t, f.Do("GET", "acme."+webtest.Base, "/", nil))
	src, ok := page.Find("header img.brand-logo").Attr("src")
	if !ok || !strings.HasPrefix(src, "/branding/logo?v=") {
		t.Fatalf("logo src %q", src)
	}
	hash := strings.TrimPrefix(src, "/branding/logo?v=")
	tests := []struct {
		name, path string
		hdr        map[string]string
		status     int
		immutable  bool
	}{
		{"versioned", src, nil, 200, true},
		{"bare", "/branding/logo", nil, 200, false},
		{"stale version", "/branding/logo?v=0000", nil, 200, false},
		{"revalidated", "/branding/logo", map[string]string{"If-None-Match": `"` + hash + `"`}, 304, false},
		{"changed", "/branding/logo", map[string]string{"If-None-Match": `"other"`}, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Do("GET", "acme."+webtest.Base, tt.path, tt.hdr)
			if rec.Code != tt.status {
				t.Fatalf("status %d", rec.Code)
			}
			cc := rec.Header().Get("Cache-Control")
			if strings.Contains(cc, "immutable") != tt.immutable {
				t.Errorf("Cache-Control %q, want immutable=%v", cc, tt.immutable)
			}
			if rec.Header().Get("ETag") != `"`+hash+`"` {
				t.Errorf("ETag %q", rec.Header().Get("ETag"))
			}
			if tt.status == 304 {
				if rec.Body.Len() != 0 {
					t.Error("304 with a body")
				}
				return
			}
			if rec.Header().Get("Content-Type") != "image/png" || !bytes.Equal(rec.Body.Bytes(), webtest.PNG(t)) {
				t.Errorf("logo: %q, %d bytes", rec.Header().Get("Content-Type"), rec.Body.Len())
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("logo without nosniff")
			}
		})
	}
}

func TestOversizedBodyRefused(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	req := httptest.NewRequest("POST", "http://acme."+webtest.Base+"/", strings.NewReader("x"))
	req.ContentLength = 3 << 20
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	f.Echo.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413: %.200s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	if got := d.Find("h1").Text(); got != handlers.HeadingOf[413] {
		t.Errorf("h1 = %q", got)
	}
	if got := d.Find(".lead").Text(); !strings.Contains(got, "2 MB") {
		t.Errorf("message %q does not give the limit", got)
	}
}
