package handlers_test

import (
	"bytes"
	"context"
	"database/sql"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/internal/webtest"
)

// The settings and logo are kept in memory between requests. These tests
// change them the ways the application does and expect the very next
// request to show the change.

// brandOf reads the name, colour and logo address a page shows.
func brandOf(t *testing.T, b *webtest.Browser) (name, style, logo string) {
	t.Helper()
	rec := b.Get("/")
	if rec.Code != http.StatusOK {
		t.Fatalf("home: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	logo, _ = d.Find("img.brand-logo").Attr("src")
	return strings.TrimSpace(d.Find(".brand-name").Text()), d.Find("style").Text(), logo
}

// Branding and logo written by the functions the demo and organisation
// set-up use, while the organisation is open and its settings cached.
func TestBrandingChangeShowsOnNextRequest(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	b := f.Browser("acme." + webtest.Base)
	name, style, logo := brandOf(t, b)
	if name != webtest.Acme.Name || !strings.Contains(style, webtest.Acme.Colour) || logo == "" {
		t.Fatalf("before: %q %q %q", name, style, logo)
	}
	if got := b.Get(logo); got.Code != 200 || !bytes.Equal(got.Body.Bytes(), webtest.PNG(t)) {
		t.Fatalf("logo before: %d", got.Code)
	}

	newLogo := redSquare(t)
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if err := estate.UpdateBranding(ctx, tx, estate.Branding{Name: "Acme Homes", PrimaryColour: "#123456",
			ContactEmail: webtest.Acme.Email}, webtest.Now); err != nil {
			return err
		}
		return estate.SetLogo(ctx, tx, newLogo, webtest.Now)
	})
	name, style, logo2 := brandOf(t, b)
	if name != "Acme Homes" || !strings.Contains(style, "#123456") {
		t.Fatalf("after the change the page shows %q with style %q", name, style)
	}
	if logo2 == logo {
		t.Fatalf("logo address unchanged: %s", logo2)
	}
	if got := b.Get(logo2); got.Code != 200 || !bytes.Equal(got.Body.Bytes(), newLogo) {
		t.Fatalf("new logo: %d, %d bytes", got.Code, got.Body.Len())
	}
	// The old address is not a way back to the old image.
	if got := b.Get(logo); !bytes.Equal(got.Body.Bytes(), newLogo) {
		t.Fatalf("old logo address still serves the old image")
	}
}

func redSquare(t *testing.T) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		for y := range 16 {
			img.Set(x, y, color.NRGBA{200, 20, 20, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Saving the welcome email through its screen moves the settings'
// updated_at on; the settings the next request gets from the cache say so.
func TestWelcomeEmailSaveRefreshesCachedSettings(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	db := f.DB("acme")
	cached := func() estate.Settings {
		s, err := estate.CachedSettings(context.Background(), db, db.Read())
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if rec := mgr.Get("/admin/settings/welcome-email"); rec.Code != 200 {
		t.Fatalf("editor: %d", rec.Code)
	}
	before := cached().UpdatedAt

	f.Clock.Advance(time.Hour)
	rec := mgr.Post("/admin/settings/welcome-email", url.Values{"subject": {"Welcome to Acme"}, "text": {"Hello from the new team."}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", rec.Code, rec.Body.String())
	}
	if after := cached().UpdatedAt; !after.Equal(f.Clock.Now()) || !after.After(before) {
		t.Fatalf("cached settings updated %s, want %s (was %s)", after, f.Clock.Now(), before)
	}
	d := webtest.Doc(t, mgr.Get("/admin/settings/welcome-email"))
	if v, _ := d.Find("#welcome-subject").Attr("value"); v != "Welcome to Acme" {
		t.Fatalf("subject after saving: %q", v)
	}
}

// A custom hostname serves as soon as it is added, and follows the
// organisation it is pointed at next, though its last answer was cached.
func TestNewHostnameResolvesAtOnce(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	const host = "portal.example.co.uk"
	nameAt := func() (int, string) {
		rec := f.Do("GET", host, "/", nil)
		return rec.Code, strings.TrimSpace(webtest.Doc(t, rec).Find(".brand-name").Text())
	}
	if code, _ := nameAt(); code != http.StatusNotFound {
		t.Fatalf("unknown host: %d", code)
	}
	ctx := context.Background()
	if err := f.Tenants.AddHostname(ctx, host, "acme"); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second answer comes from the cache
		if code, name := nameAt(); code != 200 || name != webtest.Acme.Name {
			t.Fatalf("after adding: %d %q", code, name)
		}
	}
	if err := f.Tenants.AddHostname(ctx, host, "bravo"); err != nil {
		t.Fatal(err)
	}
	if code, name := nameAt(); code != 200 || name != webtest.Bravo.Name {
		t.Fatalf("after re-pointing: %d %q", code, name)
	}
}
