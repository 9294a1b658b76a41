package handlers

import (
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"

	"porch/static"
)

// compressMin is the smallest body worth gzipping: below it gzip's own
// header and trailer eat most of the saving, and the body fits in one
// packet either way.
const compressMin = 1024

// gzipLevel favours CPU over the last few percent of size: pages are
// compressed on every request, unlike assets, which are compressed once
// at start-up at the best level. The compressor is klauspost/compress's
// gzip, the standard library's API at about half the CPU per page: at
// its fastest level it still builds the dynamic Huffman tables that make
// a small page small, where compress/flate spent more time on a page of
// a few kilobytes than rendering it.
const gzipLevel = gzip.BestSpeed

// compressible lists the media types worth gzipping: text. PDFs, images
// and fonts are compressed already, and a stream of events must reach the
// browser as it is written.
var compressible = map[string]bool{
	"text/html":              true,
	"text/css":               true,
	"text/javascript":        true,
	"application/javascript": true,
	"text/csv":               true,
	"text/plain":             true,
	"text/calendar":          true,
	"application/json":       true,
	"image/svg+xml":          true,
}

// compressors keeps gzip writers between requests: each holds large
// tables that are costly to allocate.
var compressors = sync.Pool{New: func() any { return new(compressWriter) }}

// compress gzips text responses of at least compressMin bytes for clients
// that accept gzip. Errors are handled here, inside the compressing writer,
// so error pages are compressed like any page.
func compress(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req, res := c.Request(), c.Response()
		if strings.HasPrefix(req.URL.Path, static.Prefix) {
			return next(c) // assets carry gzip bodies made at start-up, and their own Vary
		}
		res.Before(func() { varyOnEncoding(res.Header()) })
		if req.Method == http.MethodHead || !static.AcceptsGzip(req.Header.Get("Accept-Encoding")) {
			return next(c)
		}
		w := compressors.Get().(*compressWriter)
		w.ResponseWriter = res.Writer
		res.Writer = w
		defer func() {
			w.finish()
			res.Writer = w.ResponseWriter
			w.ResponseWriter = nil
			compressors.Put(w)
		}()
		if err := next(c); err != nil {
			c.Error(err)
		}
		return nil
	}
}

// varyOnEncoding adds Accept-Encoding to the response's Vary, on one line
// with what the handler named (HX-Request), just before the headers go.
func varyOnEncoding(h http.Header) {
	vary := h.Values("Vary")
	switch {
	case slices.ContainsFunc(vary, func(v string) bool { return strings.Contains(v, "Accept-Encoding") }):
		return
	case len(vary) == 0:
		h.Set("Vary", "Accept-Encoding")
	case len(vary) == 1:
		h.Set("Vary", vary[0]+", Accept-Encoding")
	default:
		h.Set("Vary", strings.Join(vary, ", ")+", Accept-Encoding")
	}
}

// compressWriter holds back the status line and the first compressMin
// bytes, until the body is known to be long enough to gzip.
type compressWriter struct {
	http.ResponseWriter
	status int    // the status the handler wrote, not yet sent
	plain  bool   // decided: sent as it is
	gzip   bool   // decided: sent through zw
	held   []byte // the start of the body, while undecided
	zw     *gzip.Writer
}

func (w *compressWriter) WriteHeader(code int) {
	switch {
	case code < http.StatusOK || w.plain || w.gzip:
		w.ResponseWriter.WriteHeader(code)
	case w.status == 0:
		w.status = code
		if code == http.StatusNoContent || code == http.StatusNotModified || !w.worthIt() {
			w.sendPlain()
		}
	}
}

// worthIt reports whether the headers allow compressing: a text type, no
// encoding already, and not known to be too short.
func (w *compressWriter) worthIt() bool {
	h := w.Header()
	if h.Get("Content-Encoding") != "" {
		return false
	}
	ctype, _, _ := strings.Cut(h.Get("Content-Type"), ";")
	if !compressible[strings.ToLower(strings.TrimSpace(ctype))] {
		return false
	}
	if n, err := strconv.Atoi(h.Get("Content-Length")); err == nil && n < compressMin {
		return false
	}
	return true
}

func (w *compressWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	switch {
	case w.plain:
		return w.ResponseWriter.Write(p)
	case w.gzip:
		return w.zw.Write(p)
	case len(w.held)+len(p) < compressMin:
		w.held = append(w.held, p...)
		return len(p), nil
	}
	if err := w.startGzip(); err != nil {
		return 0, err
	}
	return w.zw.Write(p)
}

// sendPlain sends the status and whatever was held back, uncompressed.
func (w *compressWriter) sendPlain() {
	w.plain = true
	if w.status != 0 {
		w.ResponseWriter.WriteHeader(w.status)
	}
	if len(w.held) > 0 {
		_, _ = w.ResponseWriter.Write(w.held)
		w.held = w.held[:0]
	}
}

// startGzip sends the status with gzip's headers and compresses from the
// start of the body on.
func (w *compressWriter) startGzip() error {
	w.gzip = true
	h := w.Header()
	h.Del("Content-Length") // the handler counted the uncompressed bytes
	h.Set("Content-Encoding", "gzip")
	if etag := h.Get("ETag"); strings.HasPrefix(etag, `"`) {
		h.Set("ETag", "W/"+etag) // no longer byte for byte what a strong tag promised
	}
	w.ResponseWriter.WriteHeader(w.status)
	if w.zw == nil {
		w.zw, _ = gzip.NewWriterLevel(w.ResponseWriter, gzipLevel)
	} else {
		w.zw.Reset(w.ResponseWriter)
	}
	held := w.held
	w.held = w.held[:0]
	_, err := w.zw.Write(held)
	return err
}

// Flush sends what has been written so far. A streamed text response is
// compressed from here on whatever its length: the rest is not known.
func (w *compressWriter) Flush() {
	if !w.plain && !w.gzip {
		if w.status == 0 {
			w.WriteHeader(http.StatusOK)
		}
		if !w.plain {
			_ = w.startGzip()
		}
	}
	if w.gzip {
		_ = w.zw.Flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// finish ends the response: a short body goes out as it is, a compressed
// one gets gzip's trailer. The writer is then ready for another request.
func (w *compressWriter) finish() {
	switch {
	case w.gzip:
		_ = w.zw.Close()
		w.zw.Reset(io.Discard)
	case !w.plain && (w.status != 0 || len(w.held) > 0):
		w.sendPlain()
	}
	w.status, w.plain, w.gzip, w.held = 0, false, false, w.held[:0]
}
