package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"porch/handlers"
)

// compressed runs h behind the compression middleware for a client that
// accepts gzip.
func compressed(t *testing.T, h echo.HandlerFunc) *httptest.ResponseRecorder {
	t.Helper()
	e := echo.New()
	e.Use(handlers.Compress)
	e.GET("/", h)
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

var page = strings.Repeat("<p>Service charge for the quarter</p>\n", 100)

func TestCompressWriter(t *testing.T) {
	t.Run("in small writes", func(t *testing.T) {
		rec := compressed(t, func(c echo.Context) error {
			c.Response().Header().Set("Content-Type", "text/html; charset=utf-8")
			c.Response().Header().Set("Content-Length", strconv.Itoa(len(page)))
			c.Response().Header().Set("ETag", `"v1"`)
			c.Response().WriteHeader(http.StatusOK)
			for line := range strings.Lines(page) {
				if _, err := c.Response().Write([]byte(line)); err != nil {
					return err
				}
			}
			return nil
		})
		if got := gunzip(t, rec); got != page {
			t.Errorf("decoded %d bytes, want %d", len(got), len(page))
		}
		if got := rec.Header().Get("ETag"); got != `W/"v1"` {
			t.Errorf("ETag %s for a changed body", got)
		}
	})
	t.Run("streamed", func(t *testing.T) {
		rec := compressed(t, func(c echo.Context) error {
			c.Response().Header().Set("Content-Type", "text/html")
			c.Response().WriteHeader(http.StatusOK)
			_, _ = c.Response().Write([]byte("<p>first</p>"))
			c.Response().Flush()
			if !rec(c).Flushed {
				t.Error("flush did not reach the connection")
			}
			_, _ = c.Response().Write([]byte("<p>second</p>"))
			return nil
		})
		if got := gunzip(t, rec); got != "<p>first</p><p>second</p>" {
			t.Errorf("decoded %q", got)
		}
	})
	// Each of these goes out exactly as the handler wrote it.
	for _, tc := range []struct {
		what   string
		status int
		body   string
		h      echo.HandlerFunc
	}{
		{"a PDF", 200, page, func(c echo.Context) error { return c.Blob(http.StatusOK, "application/pdf", []byte(page)) }},
		{"a PNG", 200, page, func(c echo.Context) error { return c.Blob(http.StatusOK, "image/png", []byte(page)) }},
		{"events", 200, page, func(c echo.Context) error { return c.Blob(http.StatusOK, "text/event-stream", []byte(page)) }},
		{"no type", 200, page, func(c echo.Context) error { _, err := c.Response().Write([]byte(page)); return err }},
		{"a small page", 200, page[:1000], func(c echo.Context) error { return c.HTML(http.StatusOK, page[:1000]) }},
		{"not modified", 304, "", func(c echo.Context) error { return c.NoContent(http.StatusNotModified) }},
		{"no content", 204, "", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }},
		{"a redirect", 303, "", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/next") }},
		{"already encoded", 200, page, encodedAlready},
	} {
		rec := compressed(t, tc.h)
		if rec.Code != tc.status || rec.Body.String() != tc.body {
			t.Errorf("%s: %d with %d bytes, want %d with %d", tc.what, rec.Code, rec.Body.Len(), tc.status, len(tc.body))
		}
		if got := rec.Header().Get("Content-Encoding"); got != "" && tc.what != "already encoded" || got != "gzip" && tc.what == "already encoded" {
			t.Errorf("%s: Content-Encoding %q", tc.what, got)
		}
		if !varies(rec) {
			t.Errorf("%s: Vary %q", tc.what, rec.Header().Values("Vary"))
		}
	}
}

// encodedAlready answers with a body its handler says it encoded itself,
// which must not be compressed again.
func encodedAlready(c echo.Context) error {
	c.Response().Header().Set("Content-Encoding", "gzip")
	return c.Blob(http.StatusOK, "text/css", []byte(page))
}

// rec finds the recorder under the compressing writer.
func rec(c echo.Context) *httptest.ResponseRecorder {
	w := c.Response().Writer
	for {
		if r, ok := w.(*httptest.ResponseRecorder); ok {
			return r
		}
		w = w.(interface{ Unwrap() http.ResponseWriter }).Unwrap()
	}
}

// BenchmarkCompress is the middleware's own cost for a real statement page
// (the last year's, about 12 KB), sent as it is and gzipped.
func BenchmarkCompress(b *testing.B) {
	br, statement := tenYearStatement(b)
	html := br.Get(statement).Body.Bytes()
	e := echo.New()
	e.Use(handlers.Compress)
	e.GET("/", func(c echo.Context) error { return c.HTMLBlob(http.StatusOK, html) })
	for _, enc := range encodings {
		b.Run(enc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/", nil)
			req.Header.Set("Accept-Encoding", enc.accept)
			w := discard{h: http.Header{}}
			b.ReportAllocs()
			b.SetBytes(int64(len(html)))
			for b.Loop() {
				clear(w.h)
				e.ServeHTTP(w, req)
			}
		})
	}
}

// discard is a response writer that keeps nothing, so the benchmark counts
// the middleware's work and not a recorder's buffer.
type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(p []byte) (int, error) { return len(p), nil }
func (d discard) WriteHeader(int)             {}
