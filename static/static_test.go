package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, method, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	return rec
}

func TestURLIsHashed(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"css/app.css", `^/static/css/app\.[0-9a-f]{10}\.css$`},
		{"js/htmx-2.0.11.min.js", `^/static/js/htmx-2\.0\.11\.min\.[0-9a-f]{10}\.js$`},
		{"img/favicon.svg", `^/static/img/favicon\.[0-9a-f]{10}\.svg$`},
	}
	for _, tt := range tests {
		if got := URL(tt.name); !regexp.MustCompile(tt.want).MatchString(got) {
			t.Errorf("URL(%q) = %q, want match for %s", tt.name, got, tt.want)
		}
	}
}

func TestHandlerServesEveryAsset(t *testing.T) {
	wantType := map[string]string{
		"css/app.css":           "text/css; charset=utf-8",
		"js/htmx-2.0.11.min.js": "text/javascript; charset=utf-8",
		"img/favicon.svg":       "image/svg+xml",
	}
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			want, err := fs.ReadFile(files, name)
			if err != nil {
				t.Fatal(err)
			}
			rec := get(t, http.MethodGet, URL(name), nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			h := rec.Header()
			if got := h.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Errorf("Cache-Control = %q", got)
			}
			if ct, ok := wantType[name]; ok && h.Get("Content-Type") != ct {
				t.Errorf("Content-Type = %q, want %q", h.Get("Content-Type"), ct)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q", h.Get("X-Content-Type-Options"))
			}
			if h.Get("ETag") == "" || !strings.HasPrefix(h.Get("ETag"), `"`) {
				t.Errorf("ETag = %q, want a strong ETag", h.Get("ETag"))
			}
			if h.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary = %q", h.Get("Vary"))
			}
			if h.Get("Content-Encoding") != "" {
				t.Errorf("Content-Encoding = %q without Accept-Encoding", h.Get("Content-Encoding"))
			}
			if !bytes.Equal(rec.Body.Bytes(), want) {
				t.Errorf("body differs from the embedded file (%d vs %d bytes)", rec.Body.Len(), len(want))
			}
		})
	}
}

func TestHTMXIsVendoredUnchanged(t *testing.T) {
	b, err := fs.ReadFile(files, "js/htmx-2.0.11.min.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("var htmx=function(){")) || !bytes.Contains(b, []byte(`version:"2.0.11"`)) {
		t.Error("js/htmx-2.0.11.min.js is not the htmx 2.0.11 minified build")
	}
}

func TestGzip(t *testing.T) {
	for _, name := range []string{"css/app.css", "js/htmx-2.0.11.min.js"} {
		t.Run(name, func(t *testing.T) {
			plain := get(t, http.MethodGet, URL(name), nil)
			rec := get(t, http.MethodGet, URL(name), map[string]string{"Accept-Encoding": "br, gzip;q=0.8, deflate"})
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d", rec.Code)
			}
			if got := rec.Header().Get("Content-Encoding"); got != "gzip" {
				t.Fatalf("Content-Encoding = %q, want gzip", got)
			}
			if rec.Body.Len() >= plain.Body.Len() {
				t.Errorf("gzip body %d bytes, identity %d bytes", rec.Body.Len(), plain.Body.Len())
			}
			if rec.Header().Get("ETag") == plain.Header().Get("ETag") {
				t.Error("gzip and identity bodies share one ETag")
			}
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain.Body.Bytes()) {
				t.Error("decompressed body differs from the identity body")
			}
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := map[string]bool{
		"":                      false,
		"gzip":                  true,
		"GZIP":                  true,
		"gzip, deflate, br":     true,
		"br;q=1.0, gzip;q=0.5":  true,
		"gzip;q=0":              false,
		"gzip; q=0.000":         false,
		"*":                     true,
		"*;q=0":                 false,
		"*, gzip;q=0":           false,
		"identity":              false,
		"deflate, x-gzip":       true,
		"br, *;q=0.1":           true,
		"gzip;q=0, *;q=1":       false,
		"identity;q=1, *;q=0.5": true,
	}
	for header, want := range tests {
		if got := AcceptsGzip(header); got != want {
			t.Errorf("AcceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestHead(t *testing.T) {
	gz := map[string]string{"Accept-Encoding": "gzip"}
	full := get(t, http.MethodGet, URL("css/app.css"), gz)
	head := get(t, http.MethodHead, URL("css/app.css"), gz)
	if head.Code != http.StatusOK {
		t.Fatalf("status = %d", head.Code)
	}
	if head.Body.Len() != 0 {
		t.Errorf("HEAD wrote %d body bytes", head.Body.Len())
	}
	for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding", "ETag", "Cache-Control"} {
		if head.Header().Get(k) != full.Header().Get(k) || head.Header().Get(k) == "" {
			t.Errorf("HEAD %s = %q, GET has %q", k, head.Header().Get(k), full.Header().Get(k))
		}
	}
}

func TestConditionalGet(t *testing.T) {
	gz := map[string]string{"Accept-Encoding": "gzip"}
	plainTag := get(t, http.MethodGet, URL("css/app.css"), nil).Header().Get("ETag")
	gzipTag := get(t, http.MethodGet, URL("css/app.css"), gz).Header().Get("ETag")
	tests := []struct {
		ifNoneMatch, acceptEncoding string
		want                        int
	}{
		{plainTag, "", http.StatusNotModified},
		{"W/" + plainTag, "", http.StatusNotModified},
		{`"other", ` + gzipTag, "gzip", http.StatusNotModified},
		{"*", "", http.StatusNotModified},
		{gzipTag, "", http.StatusOK},
		{plainTag, "gzip", http.StatusOK},
		{`"other"`, "", http.StatusOK},
	}
	for _, tt := range tests {
		rec := get(t, http.MethodGet, URL("css/app.css"), map[string]string{
			"If-None-Match":   tt.ifNoneMatch,
			"Accept-Encoding": tt.acceptEncoding,
		})
		if rec.Code != tt.want {
			t.Errorf("If-None-Match %s, Accept-Encoding %q: status = %d, want %d", tt.ifNoneMatch, tt.acceptEncoding, rec.Code, tt.want)
		}
		if rec.Code == http.StatusNotModified && rec.Body.Len() != 0 {
			t.Errorf("304 wrote %d body bytes", rec.Body.Len())
		}
	}
}

func TestNotFound(t *testing.T) {
	hashed := URL("css/app.css")
	for _, target := range []string{
		"/static/css/app.css",                 // logical name, no hash
		"/static/css/app.0000000000.css",      // stale or made-up hash
		strings.TrimPrefix(hashed, "/static"), // missing prefix
		hashed + ".gz",
		"/static/",
		"/static/css/",
		"/static/../static.go",
		"/static/nope.js",
	} {
		rec := get(t, http.MethodGet, target, map[string]string{"Accept-Encoding": "gzip"})
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status = %d, want 404", target, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("GET %s: Content-Type = %q, want text/plain", target, ct)
		}
		if cc := rec.Header().Get("Cache-Control"); strings.Contains(cc, "immutable") {
			t.Errorf("GET %s: 404 is cached as immutable", target)
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		rec := get(t, m, URL("css/app.css"), nil)
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s: status = %d, want 405", m, rec.Code)
		}
		if got := rec.Header().Get("Allow"); got != "GET, HEAD" {
			t.Errorf("%s: Allow = %q", m, got)
		}
	}
}

func TestURLPanicsOnUnknownName(t *testing.T) {
	for _, name := range []string{"css/missing.css", "app.css", "/static/css/app.css", ""} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("URL(%q) did not panic", name)
				}
			}()
			URL(name)
		}()
	}
}

func TestHashedName(t *testing.T) {
	tests := map[string]string{
		"css/app.css":           "css/app.abc.css",
		"js/htmx-2.0.11.min.js": "js/htmx-2.0.11.min.abc.js",
		"img/LICENSE":           "img/LICENSE.abc",
		"img/.hidden":           "img/.hidden.abc",
	}
	for in, want := range tests {
		if got := hashedName(in, "abc"); got != want {
			t.Errorf("hashedName(%q) = %q, want %q", in, got, want)
		}
	}
}
