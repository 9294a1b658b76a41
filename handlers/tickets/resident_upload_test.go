package tickets_test

import (
	"context"
	"image/color"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/files"
	"porch/handlers"
	"porch/internal/webtest"
	"porch/tickets"
)

// smallFiles limits uploads to 1 MB, so a photo too large is quick to make.
func smallFiles(cfg *handlers.Config) {
	cfg.Files = files.New(files.Config{MaxBytes: 1 << 20, Now: cfg.Now})
}

// keptTokens are the photo tokens a page carries.
func keptTokens(d *goquery.Document) []string {
	var out []string
	d.Find(`input[type="hidden"][name="kept_photos"]`).Each(func(_ int, s *goquery.Selection) { out = append(out, s.AttrOr("value", "")) })
	return out
}

// A refused photo is named next to the photos field and everything typed
// stays; photos accepted alongside are kept as signed tokens with their
// thumbnails, and attached when the form is sent again.
func TestRequestPhotosRefusedKeepTheForm(t *testing.T) {
	t.Parallel()
	h := newHome(t, smallFiles)
	good := upload{"tap.jpg", photo(t, 64, 48, color.RGBA{20, 90, 200, 255})}
	noise := make([]byte, 1100<<10)
	for i := range noise {
		noise[i] = byte(i * 7919)
	}
	six := []upload{good}
	for i := range 5 {
		six = append(six, upload{"more.jpg", photo(t, 30+i, 30, color.Gray{uint8(40 * i)})})
	}
	for _, tt := range []struct {
		name   string
		photos []upload
		msg    string
		kept   int
	}{
		{"text named .jpg", []upload{good, {"notes.jpg", []byte("just some words, not a picture")}}, `"notes.jpg": This file is not a photo`, 1},
		{"too large", []upload{good, {"huge.jpg", append(photo(t, 8, 8, color.White), noise...)}}, `"huge.jpg" is larger than 1 MB`, 1},
		{"six photos", six, "Add up to 5 photos.", 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			form := h.form(t)
			rec := post(h.alice, "/requests", form, tt.photos)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%d %.300s", rec.Code, rec.Body.String())
			}
			d := webtest.Doc(t, rec)
			if got := webtest.FieldError(d.Selection, "photos"); !strings.HasPrefix(got, tt.msg) {
				t.Errorf("photos message %q, want %q", got, tt.msg)
			}
			if d.Find(`#request-title`).AttrOr("value", "") != form.Get("title") || d.Find(`#request-description`).Text() != form.Get("description") ||
				d.Find(`#request-access-notes`).Text() != "Cat indoors" || d.Find(`#request-may-enter[checked]`).Length() != 1 ||
				d.Find(`#request-category option[selected]`).AttrOr("value", "") != form.Get("category") {
				t.Error("what was typed was not kept")
			}
			if got := keptTokens(d); len(got) != tt.kept {
				t.Errorf("%d photos kept, want %d", len(got), tt.kept)
			}
			for _, img := range d.Find(`.photo-preview img`).EachIter() {
				if rec := h.alice.Get(img.AttrOr("src", "")); rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/jpeg" ||
					rec.Header().Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(rec.Header().Get("Cache-Control"), "no-store") {
					t.Errorf("kept thumbnail: %d %v", rec.Code, rec.Header())
				}
			}
		})
	}
	if n := h.count(t, `SELECT count(*) FROM tickets`); n != 0 {
		t.Fatalf("%d requests filed by refused posts", n)
	}

	// The good photo travels as a token through a post refused for its
	// title, then is attached once the title is filled in.
	form := h.form(t)
	form.Set("title", "")
	d := webtest.Doc(t, post(h.alice, "/requests", form, []upload{good}))
	if webtest.FieldError(d.Selection, "title") == "" || webtest.FieldError(d.Selection, "photos") != "" {
		t.Fatal("the blank title was not the only problem")
	}
	tokens := keptTokens(d)
	if len(tokens) != 1 {
		t.Fatalf("%d tokens", len(tokens))
	}
	// Another person cannot see it, nor can anyone with a token altered.
	carol := h.signIn(h.carol)
	if rec := carol.Get("/requests/kept-photo?f=" + url.QueryEscape(tokens[0])); rec.Code != http.StatusNotFound {
		t.Errorf("Carol sees Alice's kept photo: %d", rec.Code)
	}
	forged := strings.Replace(tokens[0], "n=tap.jpg", "n=other.jpg", 1)
	if forged == tokens[0] {
		t.Fatalf("token %q does not name the file", tokens[0])
	}
	form = h.form(t)
	form["kept_photos"] = []string{tokens[0], forged}
	tk := h.raise(t, h.alice, form)
	ps, err := tickets.Photos(context.Background(), h.f.DB("acme").Read(), tk.ID, false)
	if err != nil || len(ps) != 1 || ps[0].Name != "tap.jpg" {
		t.Errorf("attached %+v %v", ps, err)
	}
	if rec := h.alice.Get("/requests/kept-photo?f=" + url.QueryEscape(forged)); rec.Code != http.StatusNotFound {
		t.Errorf("forged token: %d", rec.Code)
	}
}

// With JavaScript, photos go up as soon as they are chosen: the photos
// field comes back with their thumbnails and tokens, a refused one named,
// and a photo ticked Remove left out.
func TestRequestPhotosUploadedWhenChosen(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	hx := []string{"HX-Request", "true", "HX-Target", "photos-field"}
	rec := post(h.alice, "/requests/photos", url.Values{"title": {"Leak"}},
		[]upload{{"a.jpg", photo(t, 40, 40, color.Black)}, {"b.jpg", photo(t, 41, 40, color.White)}}, hx...)
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || d.Find(`h1`).Length() != 0 || d.Find(`#photos-field`).Length() != 1 {
		t.Fatalf("%d %.300s", rec.Code, rec.Body.String())
	}
	tokens := keptTokens(d)
	if len(tokens) != 2 || d.Find(`input[name="photos"][data-upload-preview]`).Length() != 1 {
		t.Fatalf("tokens %q", tokens)
	}
	drop := d.Find(`input[name="remove_photos"]`).First().AttrOr("value", "")
	rec = post(h.alice, "/requests/photos", url.Values{"kept_photos": tokens, "remove_photos": {drop}},
		[]upload{{"c.txt", []byte("hello")}}, hx...)
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || !strings.HasPrefix(webtest.FieldError(d.Selection, "photos"), `"c.txt": This file is not a photo`) {
		t.Errorf("bad file: %d %q", rec.Code, webtest.FieldError(d.Selection, "photos"))
	}
	if got := keptTokens(d); len(got) != 1 || got[0] != tokens[1] {
		t.Errorf("after removing one: %q", got)
	}
	if rec := post(h.alice, "/requests/photos", nil, nil); rec.Code != http.StatusSeeOther {
		t.Errorf("plain post: %d", rec.Code)
	}
}
