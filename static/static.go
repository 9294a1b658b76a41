// Package static embeds Porch's style sheet, scripts and images and serves
// them under content-hashed URLs.
//
// Every file gets a public name that carries the first 10 hex digits of the
// SHA-256 of its content (css/app.css -> /static/css/app.3f2a9c01b7.css), so a
// response can be cached for a year: a changed file is a new URL. Templates
// ask for URLs by logical name with URL, which panics on a name that does not
// exist, so a template that references a missing asset fails as soon as it is
// executed (at start-up, or in the first test that renders it) rather than
// shipping a broken link.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed css js img
var files embed.FS

// Prefix is the URL path under which Handler serves assets.
const Prefix = "/static/"

// hashLen is how many hex digits of the SHA-256 go into a public name.
const hashLen = 10

// asset is one embedded file, ready to serve.
type asset struct {
	name        string // logical name: "css/app.css"
	url         string // public path: "/static/css/app.<hash>.css"
	contentType string
	etag        string // strong ETag of the identity body
	body        []byte
	gz          []byte // gzip body, nil when gzip would not be smaller
}

var (
	byName map[string]*asset // logical name -> asset
	byURL  map[string]*asset // public path -> asset
)

func init() {
	var err error
	byName, byURL, err = load(files)
	if err != nil {
		panic("static: " + err.Error())
	}
}

// load reads every file of fsys and prepares its hashed name, headers and
// compressed body.
func load(fsys fs.FS) (map[string]*asset, map[string]*asset, error) {
	names := map[string]*asset{}
	urls := map[string]*asset{}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])
		a := &asset{
			name:        name,
			url:         Prefix + hashedName(name, hash[:hashLen]),
			contentType: contentType(name),
			etag:        `"` + hash[:32] + `"`,
			body:        body,
		}
		if compressible(name) {
			gz, err := gzipBytes(body)
			if err != nil {
				return fmt.Errorf("gzip %s: %w", name, err)
			}
			if len(gz) < len(body) {
				a.gz = gz
			}
		}
		if prev, ok := urls[a.url]; ok {
			return fmt.Errorf("%s and %s have the same public name %s", prev.name, name, a.url)
		}
		names[name] = a
		urls[a.url] = a
		return nil
	})
	return names, urls, err
}

// hashedName inserts hash before the extension: "css/app.css" ->
// "css/app.<hash>.css"; a name without an extension gets it appended.
func hashedName(name, hash string) string {
	ext := path.Ext(name)
	if ext == "" || ext == path.Base(name) {
		return name + "." + hash
	}
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}

// types pins the Content-Type of the formats Porch ships, rather than relying
// on the host's mime tables, which differ between machines.
var types = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".txt":   "text/plain; charset=utf-8",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// compressible reports whether a file is text worth gzipping; images other
// than SVG and fonts are compressed already.
func compressible(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".css", ".js", ".mjs", ".svg", ".json", ".map", ".txt":
		return true
	}
	return false
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// URL returns the public, content-hashed URL of the asset with the logical
// name, such as "css/app.css" or "js/htmx-2.0.11.min.js". It panics when no
// such asset is embedded.
func URL(name string) string {
	a, ok := byName[name]
	if !ok {
		panic(fmt.Sprintf("static: no asset named %q (have %s)", name, strings.Join(Names(), ", ")))
	}
	return a.url
}

// Names returns the logical names of all embedded assets, sorted.
func Names() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Handler serves GET and HEAD requests for the public URLs that URL returns,
// with the full path (Prefix included) in the request. Responses are cached
// for a year as immutable; a name without the current hash is not found, so
// a stale page can never pair with a newer file under an old URL.
func Handler() http.Handler {
	return http.HandlerFunc(serve)
}

func serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	a, ok := byURL[r.URL.Path]
	if !ok {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	body, etag, encoding := a.body, a.etag, ""
	h.Set("Vary", "Accept-Encoding")
	if a.gz != nil && AcceptsGzip(r.Header.Get("Accept-Encoding")) {
		// A different representation needs a different strong ETag.
		body, etag, encoding = a.gz, strings.TrimSuffix(a.etag, `"`)+`-gz"`, "gzip"
	}
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", etag)
	if noneMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	// Written by hand rather than with http.ServeContent, which leaves out
	// Content-Length for encoded bodies. Range requests get the whole body,
	// which HTTP allows and which assets this small never need.
	h.Set("Content-Type", a.contentType)
	if encoding != "" {
		h.Set("Content-Encoding", encoding)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// noneMatch reports whether an If-None-Match header value names etag (with
// the weak comparison that RFC 9110 asks for) or is "*".
func noneMatch(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}

// AcceptsGzip reports whether an Accept-Encoding header value allows gzip:
// listed (or matched by "*") with a q-value above zero. The handlers'
// compression of pages asks it too, so assets and pages agree.
func AcceptsGzip(header string) bool {
	gzipQ, starQ := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch coding {
		case "gzip", "x-gzip":
			gzipQ = q
		case "*":
			starQ = q
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}
