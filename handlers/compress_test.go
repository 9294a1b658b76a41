package handlers_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/static"
)

const gzipped = "gzip, deflate, br"

// gunzip decodes a gzipped response body, failing the test if it is not.
func gunzip(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	if got := rec.Header().Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", got)
	}
	// A page compressed as it is sent has no length; a kept page (the
	// page cache) is sent with the length of its gzipped bytes.
	if got := rec.Header().Get("Content-Length"); got != "" && got != strconv.Itoa(rec.Body.Len()) {
		t.Errorf("Content-Length %s on a gzipped body of %d bytes", got, rec.Body.Len())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// varies reports whether a response says it varies by Accept-Encoding.
func varies(rec *httptest.ResponseRecorder) bool {
	return strings.Contains(strings.Join(rec.Header().Values("Vary"), ","), "Accept-Encoding")
}

// TestStatementCompressed: a resident's statement page, its htmx block and
// its CSV download come gzipped to a browser that accepts gzip, and decode
// to what a browser that does not gets; the PDF does not.
func TestStatementCompressed(t *testing.T) {
	t.Parallel()
	br, statement := tenYearStatement(t)
	for _, tc := range []struct {
		what, path string
		hdr        []string
	}{
		{"page", statement + "?from=2016-01-01", nil},
		{"htmx block", statement + "?from=2016-01-01", []string{"HX-Request", "true", "HX-Target", "money-statement"}},
		{"CSV download", statement + ".csv?from=2016-01-01", nil},
	} {
		plain := br.Get(tc.path, tc.hdr...)
		zipped := br.Get(tc.path, append(tc.hdr, "Accept-Encoding", gzipped)...)
		if plain.Code != http.StatusOK || zipped.Code != http.StatusOK {
			t.Fatalf("%s: %d and %d", tc.what, plain.Code, zipped.Code)
		}
		if plain.Header().Get("Content-Encoding") != "" || !varies(plain) || !varies(zipped) {
			t.Errorf("%s: headers %v and %v", tc.what, plain.Header(), zipped.Header())
		}
		if got, want := gunzip(t, zipped), plain.Body.String(); got != want {
			t.Errorf("%s: gzipped body decodes to %d bytes, not the %d sent plain", tc.what, len(got), len(want))
		}
		if zipped.Body.Len()*3 > plain.Body.Len() {
			t.Errorf("%s: %d bytes gzipped, %d plain", tc.what, zipped.Body.Len(), plain.Body.Len())
		}
		if ct := zipped.Header().Get("Content-Type"); ct != plain.Header().Get("Content-Type") {
			t.Errorf("%s: Content-Type %q", tc.what, ct)
		}
	}
	pdf := br.Get(statement+".pdf?from=2016-01-01", "Accept-Encoding", gzipped)
	if pdf.Code != http.StatusOK || pdf.Header().Get("Content-Encoding") != "" || !bytes.HasPrefix(pdf.Body.Bytes(), []byte("%PDF")) ||
		pdf.Header().Get("Content-Length") == "" {
		t.Errorf("PDF: %d %v %.10q", pdf.Code, pdf.Header(), pdf.Body.String())
	}
}

// TestCompressionSkips: nothing small, nothing for HEAD, nothing for a
// client that refuses gzip; error pages are compressed like pages.
func TestCompressionSkips(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	acme := "acme." + webtest.Base
	gz := map[string]string{"Accept-Encoding": gzipped}
	small := f.Do("GET", acme, "/healthz", gz)
	if small.Code != http.StatusOK || small.Header().Get("Content-Encoding") != "" || small.Body.String() != "ok\n" || !varies(small) {
		t.Errorf("small: %d %v %q", small.Code, small.Header(), small.Body.String())
	}
	head := f.Do("HEAD", acme, "/", gz)
	if head.Header().Get("Content-Encoding") != "" || head.Body.Len() != 0 {
		t.Errorf("HEAD: %d %v", head.Code, head.Header())
	}
	refused := f.Do("GET", acme, "/", map[string]string{"Accept-Encoding": "gzip;q=0, identity"})
	if refused.Code != http.StatusOK || refused.Header().Get("Content-Encoding") != "" || !varies(refused) {
		t.Errorf("gzip;q=0: %d %v", refused.Code, refused.Header())
	}
	home := f.Do("GET", acme, "/", gz)
	if got := gunzip(t, home); got != refused.Body.String() {
		t.Error("home page decodes to something else")
	}
	missing, missingPlain := f.Do("GET", acme, "/no-such-page", gz), f.Do("GET", acme, "/no-such-page", nil)
	if missing.Code != http.StatusNotFound || !strings.Contains(gunzip(t, missing), "Page not found") || missingPlain.Code != http.StatusNotFound {
		t.Errorf("404: %d", missing.Code)
	}
	if !strings.Contains(f.Logs.String(), `"path":"/no-such-page","status":404`) {
		t.Errorf("the log does not see the 404:\n%s", f.Logs.String())
	}
}

// TestAssetsServedCompressed: through the router, text assets come with
// the gzip body made at start-up and one Vary, never gzipped twice.
func TestAssetsServedCompressed(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	for _, name := range []string{"css/app.css", "js/porch.js"} {
		plain := f.Do("GET", "acme."+webtest.Base, static.URL(name), nil)
		zipped := f.Do("GET", "acme."+webtest.Base, static.URL(name), map[string]string{"Accept-Encoding": gzipped})
		if got := zipped.Header().Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding" {
			t.Errorf("%s: Vary %q", name, got)
		}
		if plain.Header().Get("Vary") != "Accept-Encoding" || plain.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: plain headers %v", name, plain.Header())
		}
		zipped.Header().Del("Content-Length") // set by the asset handler for its stored gzip body
		if got := gunzip(t, zipped); got != plain.Body.String() {
			t.Errorf("%s: gzipped asset decodes to %d bytes, not %d", name, len(got), plain.Body.Len())
		}
	}
}
