package webtest

import (
	"bytes"
	"context"
	"database/sql"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/estate"
	"porch/handlers"
	"porch/handlers/app"
	"porch/internal/testclock"
	"porch/internal/testdb"
	"porch/tenants"
	"porch/views"
)

const Base = "porch.test"

var Now = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

// Fixture is a Porch HTTP stack on a temporary data directory.
type Fixture struct {
	T       testing.TB
	Clock   *testclock.Clock
	Tenants *tenants.Manager
	Echo    *echo.Echo
	Cfg     handlers.Config
	Logs    *bytes.Buffer
}

type OrgSpec struct {
	Slug, Name, Colour, Email string
	Logo                      bool
}

var Acme = OrgSpec{"acme", "Acme Property Management", "#0f6e6e", "office@acme.example", true}

var Bravo = OrgSpec{"bravo", "Bravo Lettings", "#8b1d5e", "hello@bravo.example", false}

func NewFixture(t testing.TB, mutate func(*handlers.Config), orgs ...OrgSpec) *Fixture {
	t.Helper()
	return NewFixtureDriver(t, "", mutate, orgs...)
}

// NewFixtureDriver is NewFixture with the organisations' databases opened
// through the database/sql driver registered as driverName (see
// tenants.Options.Driver), such as a sqldb.CountingDriver.
func NewFixtureDriver(t testing.TB, driverName string, mutate func(*handlers.Config), orgs ...OrgSpec) *Fixture {
	t.Helper()
	dir := t.TempDir()
	tm, err := tenants.NewManager(context.Background(), tenants.Options{DataDir: dir, BaseDomain: Base, Driver: driverName})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tm.Close() })
	for _, o := range orgs {
		CreateOrg(t, tm, o)
	}
	logs := &bytes.Buffer{}
	clock := testclock.New(Now.Add(24 * time.Hour))
	cfg := handlers.Config{Now: clock.Now, Tenants: tm, Views: views.MustNew(), MailDir: filepath.Join(dir, "mail"), Keys: Keys(t),
		Logger: slog.New(slog.NewJSONHandler(logs, nil))}
	if mutate != nil {
		mutate(&cfg)
	}
	return &Fixture{T: t, Clock: clock, Tenants: tm, Echo: app.New(cfg), Cfg: cfg, Logs: logs}
}

func Keys(t testing.TB) *auth.Keys {
	k, err := auth.NewKeys(bytes.Repeat([]byte("k"), 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func CreateOrg(t testing.TB, tm *tenants.Manager, o OrgSpec) {
	t.Helper()
	err := tm.Create(context.Background(), o.Slug, o.Name, func(ctx context.Context, db *tenants.DB) error {
		return db.Write(ctx, func(tx *sql.Tx) error {
			if err := estate.InitSettings(ctx, tx, o.Name, Now); err != nil {
				return err
			}
			if err := estate.UpdateBranding(ctx, tx, estate.Branding{Name: o.Name, PrimaryColour: o.Colour,
				ContactEmail: o.Email, ContactPhone: "020 7946 0000", Address: "1 High Street\nLondon\nN1 1AA"}, Now); err != nil {
				return err
			}
			if err := testdb.Summaries(ctx, tx, Now); err != nil {
				return err
			}
			if o.Logo {
				return estate.SetLogo(ctx, tx, PNG(t), Now)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func PNG(t testing.TB) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for x := range 40 {
		img.Set(x, 10, color.NRGBA{15, 110, 110, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Do sends a request for host through the full router.
func (f *Fixture) Do(method, host, path string, hdr map[string]string) *httptest.ResponseRecorder {
	f.T.Helper()
	req := httptest.NewRequest(method, "http://"+host+path, nil)
	req.Host = host
	req.RemoteAddr = LocalPeer
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.Echo.ServeHTTP(rec, req)
	return rec
}

func Doc(t testing.TB, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// LocalPeer is the address test requests come from: this machine, as a
// browser on the developer's own machine would.
const LocalPeer = "127.0.0.1:50123"

// Rebuild makes the application anew from f.Cfg, after a test changed it.
func (f *Fixture) Rebuild() { f.Echo = app.New(f.Cfg) }
