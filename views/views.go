// Package views renders Porch's HTML: templates embedded and parsed once at
// start-up, a base layout, and pages that name their fragments so an htmx
// request gets only the part it swaps.
package views

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"

	"porch/estate"
)

//go:embed templates
var files embed.FS

// Data is what every page template receives. Page holds the page's own
// data.
type Data struct {
	Title     string
	Org       *estate.Settings // nil outside an organisation
	OrgSlug   string
	Theme     Theme
	LogoURL   string
	RequestID string
	Dev       bool
	Path      string // request path, for marking the current nav link
	Wide      bool   // admin screens use the wide main column
	User      *User  // the signed-in person, nil when anonymous
	Page      any
	Chrome    Chrome // set by the Renderer from Org and LogoURL (see Renderer.Chrome)
}

// User is the signed-in person as the layout shows them.
type User struct {
	Name    string
	IsStaff bool
	IsOwner bool // owns a property the agency lets or sells: the owner portal is theirs
	// Allows answers Can from the role matrix; the HTTP layer sets it.
	Allows func(permission string) (bool, error)
}

// Can reports whether the person may use the permission of the role
// matrix with that key (see auth.Permission), so a page offers only what
// they can use. An unknown key is an error, which fails the page rather
// than hide a form from everyone for ever.
func (u *User) Can(permission string) (bool, error) {
	if u == nil || u.Allows == nil {
		return false, nil
	}
	return u.Allows(permission)
}

// Renderer holds the parsed template sets, one per page.
type Renderer struct {
	pages   map[string]*template.Template
	emails  *emails
	chromes chromes
}

// New parses every page under templates/pages with the layout and partials.
// It returns an error (and the server does not start) if any template is
// malformed.
func New() (*Renderer, error) {
	base, err := template.New("base").Funcs(funcs()).ParseFS(files, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("views: layout: %w", err)
	}
	names, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	em, err := parseEmails()
	if err != nil {
		return nil, err
	}
	r := &Renderer{pages: map[string]*template.Template{}, emails: em}
	if r.chromes.t, err = base.Clone(); err != nil {
		return nil, err
	}
	for _, n := range names {
		t, err := template.Must(base.Clone()).ParseFS(files, n)
		if err != nil {
			return nil, fmt.Errorf("views: %s: %w", n, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("views: %s defines no \"content\" block", n)
		}
		if err := checkCalls(t); err != nil {
			return nil, fmt.Errorf("views: %s: %w", n, err)
		}
		r.pages[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return r, nil
}

// MustNew is New for start-up code: a template error is a programming error.
func MustNew() *Renderer {
	r, err := New()
	if err != nil {
		panic(err)
	}
	return r
}

// Page writes the whole page, or only its "content" block when partial is
// true (an htmx request that is not boosted).
func (r *Renderer) Page(w http.ResponseWriter, status int, page string, partial bool, d *Data) error {
	name := "layout"
	if partial {
		name = "content"
	}
	return r.Fragment(w, status, page, name, d)
}

// Fragment writes one named template of a page: a block that an htmx
// request targets. The output is rendered to a buffer first, so a template
// error becomes a clean 500 rather than half a page.
func (r *Renderer) Fragment(w http.ResponseWriter, status int, page, name string, d *Data) error {
	t, ok := r.pages[page]
	if !ok {
		return fmt.Errorf("views: no page %q", page)
	}
	if t.Lookup(name) == nil {
		return fmt.Errorf("views: page %q has no template %q", page, name)
	}
	if _, err := r.Chrome(d); err != nil {
		return err
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := t.ExecuteTemplate(buf, name, d); err != nil {
		return fmt.Errorf("views: render %s/%s: %w", page, name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Add("Vary", "HX-Request")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// buffers holds the buffers pages are rendered into, so a page does not
// grow a new one from nothing on every request.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

// putBuffer returns b to the pool unless it grew past what most pages
// need, so one huge export does not stay pinned in memory.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 256<<10 {
		return
	}
	b.Reset()
	buffers.Put(b)
}

// Has reports whether a page exists, for tests and start-up checks.
func (r *Renderer) Has(page string) bool {
	_, ok := r.pages[page]
	return ok
}
