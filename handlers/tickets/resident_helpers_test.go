package tickets_test

import (
	"bytes"
	"context"
	"database/sql"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/files"
	"porch/handlers"
	"porch/internal/webtest"
	"porch/tickets"
)

// home is the people fixture with Alice, leaseholder of Flat 1, signed in;
// Carol lives in Flat 1 too.
type home struct {
	f     *webtest.Fixture
	ppl   webtest.People
	alice *webtest.Browser
	carol estate.Person
}

func newHome(t *testing.T, mutate func(*handlers.Config)) *home {
	t.Helper()
	f := webtest.NewFixture(t, func(cfg *handlers.Config) {
		cfg.Files = files.New(files.Config{Now: cfg.Now})
		if mutate != nil {
			mutate(cfg)
		}
	}, webtest.Acme)
	h := &home{f: f, ppl: f.SeedPeople("acme")}
	h.carol = f.AddPortalPerson("acme", "Carol Chen", "carol@example.com")
	f.LinkPerson("acme", h.ppl.FlatA.ID, h.carol.ID, estate.RoleOccupier, "2025-01-01", "")
	h.alice = h.signIn(h.ppl.Alice)
	return h
}

// signIn is a browser signed in as p.
func (h *home) signIn(p estate.Person) *webtest.Browser {
	b := h.f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", p)
	return b
}

// category finds a category by name.
func (h *home) category(t *testing.T, name string) tickets.Category {
	t.Helper()
	return (&book{f: h.f}).category(t, name)
}

// form is a request Alice may raise, filed under Leak or flood.
func (h *home) form(t *testing.T) url.Values {
	return url.Values{"unit": {h.ppl.FlatA.PublicID}, "location": {tickets.LocationHome},
		"category": {h.category(t, "Leak or flood").PublicID}, "title": {"Water through the ceiling"},
		"description": {"Dripping from the bathroom light since Monday."}, "may_enter": {"yes"}, "access_notes": {"Cat indoors"}}
}

// upload is a file as a browser sends it in a form.
type upload struct {
	name string
	data []byte
}

// post sends a multipart form with its photos, as a browser without
// JavaScript does.
func post(b *webtest.Browser, path string, fields url.Values, photos []upload, hdr ...string) *httptest.ResponseRecorder {
	b.T.Helper()
	fs := make([]webtest.File, len(photos))
	for i, p := range photos {
		fs[i] = webtest.File{Field: "photos", Name: p.name, Data: p.data}
	}
	return b.PostFiles(path, fields, fs, hdr...)
}

// photo is a JPEG of the size, a colour filling it.
func photo(t testing.TB, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// raise posts the form and returns the request it filed.
func (h *home) raise(t *testing.T, b *webtest.Browser, fields url.Values, photos ...upload) tickets.Ticket {
	t.Helper()
	rec := post(b, "/requests", fields, photos)
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=sent") {
		t.Fatalf("raise: %d %s %.500s", rec.Code, loc, rec.Body.String())
	}
	return h.ticket(t, strings.TrimSuffix(strings.TrimPrefix(loc, "/requests/"), "?done=sent"))
}

// ticket reads a request as staff do.
func (h *home) ticket(t *testing.T, publicID string) tickets.Ticket {
	t.Helper()
	tk, err := tickets.Get(context.Background(), h.f.DB("acme").Read(), publicID)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// tickets counts the requests filed.
func (h *home) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := h.f.DB("acme").ReadPool().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// write runs fn in a transaction on the organisation's database.
func (h *home) write(fn func(ctx context.Context, tx *sql.Tx) error) { h.f.DbWrite("acme", fn) }
