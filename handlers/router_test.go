package handlers

import (
	"bytes"
	"context"
	"database/sql"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/estate"
	"porch/internal/testclock"
	"porch/tenants"
	"porch/views"
)

const base = "porch.test"

var testNow = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

// fixture is a Porch HTTP stack on a temporary data directory.
type fixture struct {
	t     testing.TB
	clock *testclock.Clock
	tm    *tenants.Manager
	e     *echo.Echo
	cfg   Config
	logs  *bytes.Buffer
}

type orgSpec struct {
	slug, name, colour, email string
	logo                      bool
}

var acme = orgSpec{"acme", "Acme Property Management", "#0f6e6e", "office@acme.example", true}
var bravo = orgSpec{"bravo", "Bravo Lettings", "#8b1d5e", "hello@bravo.example", false}

func newFixture(t testing.TB, mutate func(*Config), orgs ...orgSpec) *fixture {
	t.Helper()
	dir := t.TempDir()
	tm, err := tenants.NewManager(context.Background(), tenants.Options{DataDir: dir, BaseDomain: base})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tm.Close() })
	for _, o := range orgs {
		createOrg(t, tm, o)
	}
	logs := &bytes.Buffer{}
	clock := testclock.New(testNow.Add(24 * time.Hour))
	cfg := Config{Now: clock.Now, Tenants: tm, Views: views.MustNew(), MailDir: filepath.Join(dir, "mail"), Keys: testKeys(t),
		Logger: slog.New(slog.NewJSONHandler(logs, nil))}
	if mutate != nil {
		mutate(&cfg)
	}
	return &fixture{t: t, clock: clock, tm: tm, e: New(cfg, Features...), cfg: cfg, logs: logs}
}

func testKeys(t testing.TB) *auth.Keys {
	k, err := auth.NewKeys(bytes.Repeat([]byte("k"), 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func createOrg(t testing.TB, tm *tenants.Manager, o orgSpec) {
	t.Helper()
	err := tm.Create(context.Background(), o.slug, o.name, func(ctx context.Context, db *tenants.DB) error {
		return db.Write(ctx, func(tx *sql.Tx) error {
			if err := estate.InitSettings(ctx, tx, o.name, testNow); err != nil {
				return err
			}
			if err := estate.UpdateBranding(ctx, tx, estate.Branding{Name: o.name, PrimaryColour: o.colour,
				ContactEmail: o.email, ContactPhone: "020 7946 0000", Address: "1 High Street\nLondon\nN1 1AA"}, testNow); err != nil {
				return err
			}
			if o.logo {
				return estate.SetLogo(ctx, tx, pngBytes(t), testNow)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func pngBytes(t testing.TB) []byte {
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

// do sends a request for host through the full router.
func (f *fixture) do(method, host, path string, hdr map[string]string) *httptest.ResponseRecorder {
	f.t.Helper()
	req := httptest.NewRequest(method, "http://"+host+path, nil)
	req.Host = host
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.e.ServeHTTP(rec, req)
	return rec
}

func doc(t testing.TB, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestOrgsServeOwnBranding(t *testing.T) {
	f := newFixture(t, nil, acme, bravo)
	if err := f.tm.AddHostname(context.Background(), "portal.bravo.co.uk", "bravo"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		host       string
		own, other orgSpec
	}{
		{"acme." + base, acme, bravo},
		{"ACME.Porch.Test:8080", acme, bravo},
		{"bravo." + base, bravo, acme},
		{"portal.bravo.co.uk", bravo, acme},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			rec := f.do("GET", tt.host, "/", nil)
			if rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			body := rec.Body.String()
			d := doc(t, rec)
			if got := strings.TrimSpace(d.Find("h1").Text()); got != tt.own.name {
				t.Errorf("h1 = %q, want %q", got, tt.own.name)
			}
			if style := d.Find("style").Text(); !strings.Contains(style, "--primary:"+tt.own.colour) {
				t.Errorf("style = %q, want primary %s", style, tt.own.colour)
			}
			if !strings.Contains(d.Find("footer").Text(), tt.own.email) {
				t.Errorf("footer lacks %s", tt.own.email)
			}
			for _, leak := range []string{tt.other.name, tt.other.email, tt.other.colour} {
				if strings.Contains(body, leak) {
					t.Errorf("page for %s shows %q of the other org", tt.host, leak)
				}
			}
			hasLogo := d.Find("img.brand-logo").Length() == 1
			if hasLogo != tt.own.logo {
				t.Errorf("logo shown = %v, want %v", hasLogo, tt.own.logo)
			}
		})
	}
}

func TestUnknownOrgAndLanding(t *testing.T) {
	for _, dev := range []bool{false, true} {
		f := newFixture(t, func(c *Config) { c.Dev = dev }, acme)
		rec := f.do("GET", "nobody."+base, "/", nil)
		if rec.Code != 404 {
			t.Fatalf("unknown org: %d", rec.Code)
		}
		d := doc(t, rec)
		if d.Find("h1").Text() != "Page not found" || d.Find(`a[href="/"]`).Length() == 0 {
			t.Errorf("unknown org page: %.300s", rec.Body.String())
		}
		if strings.Contains(rec.Body.String(), "goroutine") {
			t.Error("stack trace in page")
		}
		rec = f.do("GET", base, "/", nil)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "youragent."+base) {
			t.Fatalf("landing: %d %.300s", rec.Code, rec.Body.String())
		}
		listed := strings.Contains(rec.Body.String(), acme.name)
		if listed != dev {
			t.Errorf("dev=%v: orgs listed on landing = %v", dev, listed)
		}
	}
}

func TestHtmxGetsFragment(t *testing.T) {
	f := newFixture(t, nil, acme)
	tests := []struct {
		name    string
		hdr     map[string]string
		partial bool
	}{
		{"plain", nil, false},
		{"htmx", map[string]string{"HX-Request": "true"}, true},
		{"boosted", map[string]string{"HX-Request": "true", "HX-Boosted": "true"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do("GET", "acme."+base, "/", tt.hdr)
			body := rec.Body.String()
			isPage := strings.Contains(body, "<html") && strings.Contains(body, "<header")
			if isPage == tt.partial {
				t.Errorf("full page = %v, want %v", isPage, !tt.partial)
			}
			if !strings.Contains(body, `class="page-title"`) {
				t.Error("no page title in response")
			}
			if !strings.Contains(rec.Header().Get("Vary"), "HX-Request") {
				t.Errorf("Vary = %q", rec.Header().Get("Vary"))
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	for _, tlsProxy := range []bool{false, true} {
		f := newFixture(t, func(c *Config) { c.TLSProxy = tlsProxy }, acme)
		rec := f.do("GET", "acme."+base, "/", nil)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		d := doc(t, rec)
		nonce, _ := d.Find("script").Attr("nonce")
		styleNonce, _ := d.Find("style").Attr("nonce")
		if nonce == "" || nonce != styleNonce || !strings.Contains(csp, "'nonce-"+nonce+"'") {
			t.Errorf("nonce %q/%q not in CSP %q", nonce, styleNonce, csp)
		}
		for _, want := range []string{"frame-ancestors 'none'", "default-src 'self'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("CSP lacks %s", want)
			}
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("headers: %v", h)
		}
		if hsts := h.Get("Strict-Transport-Security") != ""; hsts != tlsProxy {
			t.Errorf("tls-proxy=%v: HSTS sent = %v", tlsProxy, hsts)
		}
		// Two requests never share a nonce.
		if again := f.do("GET", "acme."+base, "/", nil).Header().Get("Content-Security-Policy"); again == csp {
			t.Error("nonce reused")
		}
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	f := newFixture(t, nil, acme, bravo)
	tests := []struct {
		name string
		path string
		hdr  map[string]string
		want int
	}{
		{"cross-site", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"other org subdomain", "/", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"other org by Origin", "/", map[string]string{"Origin": "http://bravo." + base}, 403},
		{"same origin", "/", map[string]string{"Sec-Fetch-Site": "same-origin"}, 405},
		{"webhook from provider", "/webhooks/stripe", map[string]string{"Sec-Fetch-Site": "cross-site"}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do("POST", "acme."+base, tt.path, tt.hdr)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %.200s", rec.Code, tt.want, rec.Body.String())
			}
			if tt.want == 403 && !strings.Contains(rec.Body.String(), "another site") {
				t.Errorf("refusal page: %.300s", rec.Body.String())
			}
		})
	}
}

func TestErrorPages(t *testing.T) {
	f := newFixture(t, nil, acme)
	rec := f.do("GET", "acme."+base, "/no/such/page", nil)
	if rec.Code != 404 || !strings.Contains(doc(t, rec).Find("footer").Text(), acme.name) {
		t.Fatalf("404: %d %.300s", rec.Code, rec.Body.String())
	}
	rec = f.do("GET", "acme."+base, "/no/such/page", map[string]string{"HX-Request": "true"})
	if rec.Code != 404 || rec.Header().Get("HX-Retarget") != "#main" || strings.Contains(rec.Body.String(), "<html") {
		t.Fatalf("htmx 404: %d %v %.100s", rec.Code, rec.Header(), rec.Body.String())
	}
}

func TestCorruptOrgIs503OthersServe(t *testing.T) {
	f := newFixture(t, nil, acme, bravo)
	// A fresh manager over the same directory, after damaging bravo's file.
	dir := f.tm.DataDir()
	f.tm.Close()
	if err := os.WriteFile(filepath.Join(dir, "orgs", "bravo.db"), bytes.Repeat([]byte("junk"), 2000), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(filepath.Join(dir, "orgs", "bravo.db"+suffix))
	}
	tm, err := tenants.NewManager(context.Background(), tenants.Options{DataDir: dir, BaseDomain: base})
	if err != nil {
		t.Fatal(err)
	}
	defer tm.Close()
	f.cfg.Tenants = tm
	f.e = New(f.cfg)

	rec := f.do("GET", "bravo."+base, "/", nil)
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "Reference: "+rec.Header().Get("X-Request-Id")) {
		t.Fatalf("corrupt org: %d %v %.400s", rec.Code, rec.Header(), rec.Body.String())
	}
	if !strings.Contains(f.logs.String(), `"org":"bravo"`) {
		t.Errorf("no log line naming the org: %s", f.logs.String())
	}
	if rec := f.do("GET", "acme."+base, "/", nil); rec.Code != 200 {
		t.Fatalf("healthy org: %d", rec.Code)
	}
}

func TestLogoAndStatic(t *testing.T) {
	f := newFixture(t, nil, acme, bravo)
	page := doc(t, f.do("GET", "acme."+base, "/", nil))
	src, _ := page.Find("img.brand-logo").Attr("src")
	rec := f.do("GET", "acme."+base, src, nil)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("logo %s: %d %v", src, rec.Code, rec.Header())
	}
	if !bytes.Equal(rec.Body.Bytes(), pngBytes(t)) {
		t.Error("logo bytes differ")
	}
	if rec := f.do("GET", "bravo."+base, "/branding/logo", nil); rec.Code != 404 {
		t.Errorf("org without logo: %d", rec.Code)
	}
	if rec := f.do("GET", base, "/branding/logo", nil); rec.Code != 404 {
		t.Errorf("logo on base domain: %d", rec.Code)
	}
	css, _ := page.Find(`link[rel="stylesheet"]`).Attr("href")
	rec = f.do("GET", "acme."+base, css, nil)
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("stylesheet %s: %d %v", css, rec.Code, rec.Header())
	}
	if rec := f.do("GET", "anything", "/healthz", nil); rec.Code != 200 || rec.Body.String() != "ok\n" {
		t.Fatalf("healthz: %d %q", rec.Code, rec.Body.String())
	}
}

func TestRequestLogNamesOrg(t *testing.T) {
	f := newFixture(t, nil, acme)
	rec := f.do("GET", "acme."+base, "/", nil)
	id := rec.Header().Get("X-Request-Id")
	var line string
	for _, l := range strings.Split(f.logs.String(), "\n") {
		if strings.Contains(l, `"msg":"request"`) {
			line = l
		}
	}
	for _, want := range []string{`"org":"acme"`, `"req_id":"` + id + `"`, `"status":200`, `"path":"/"`} {
		if !strings.Contains(line, want) {
			t.Errorf("log line %q lacks %s", line, want)
		}
	}
}

func TestDevMail(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Dev = true }, acme)
	dir := filepath.Join(f.cfg.MailDir, "acme")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	eml := "From: Acme <no-reply@porch.test>\r\nTo: jo@example.com\r\nSubject: Your code\r\nDate: Sat, 14 Mar 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYour code is 123456.\r\n"
	if err := os.WriteFile(filepath.Join(dir, "20260314T100000.000000000Z-abc.eml"), []byte(eml), 0o640); err != nil {
		t.Fatal(err)
	}
	rec := f.do("GET", "acme."+base, "/_dev/mail", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Your code") {
		t.Fatalf("list: %d %.300s", rec.Code, rec.Body.String())
	}
	href, _ := doc(t, rec).Find(".mail-list a").Attr("href")
	rec = f.do("GET", "acme."+base, href, nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Your code is 123456.") {
		t.Fatalf("message %s: %d", href, rec.Code)
	}
	for _, bad := range []string{"/_dev/mail/..%2f..%2fcatalog.db", "/_dev/mail/nope.eml", "/_dev/mail/x.txt"} {
		if rec := f.do("GET", "acme."+base, bad, nil); rec.Code != 404 {
			t.Errorf("%s: %d", bad, rec.Code)
		}
	}
	prod := newFixture(t, nil, acme)
	if rec := prod.do("GET", "acme."+base, "/_dev/mail", nil); rec.Code != 404 {
		t.Errorf("dev mail outside dev mode: %d", rec.Code)
	}
}
