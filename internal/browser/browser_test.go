package browser

import (
	"bytes"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

const acmePage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme</title>
<style>body { margin: 0; font: 16px sans-serif } p { margin: 1rem }</style>
</head>
<body>
<h1 id="org">Acme Estates</h1>
<p>Host: <span id="host"></span></p>
</body>
</html>`

func TestPhoneWidthOnSubdomain(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(bytes.Replace([]byte(acmePage), []byte(`<span id="host"></span>`),
			[]byte(`<span id="host">`+r.Host+`</span>`), 1))
	}))
	defer srv.Close()
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	host := "acme.localhost:" + port

	ctx := New(t, 390, 844)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+host+"/")); err != nil {
		t.Fatalf("navigate: %v", err)
	}

	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width != 390 {
		t.Errorf("clientWidth = %d, want 390", width)
	}
	org, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("org")))
	if err != nil {
		t.Fatal(err)
	}
	if org != "Acme Estates" {
		t.Errorf("#org text = %q, want %q", org, "Acme Estates")
	}
	gotHost, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("host")))
	if err != nil {
		t.Fatal(err)
	}
	if gotHost != host {
		t.Errorf("server saw Host %q, want %q", gotHost, host)
	}

	path := Screenshot(t, ctx, "phone/acme home")
	if filepath.Base(path) != "phone_acme_home.png" {
		t.Errorf("screenshot file = %q", filepath.Base(path))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if cfg.Width != 390 {
		t.Errorf("screenshot width = %d, want 390", cfg.Width)
	}
	if cfg.Height < 844 {
		t.Errorf("screenshot height = %d, want at least the viewport's 844", cfg.Height)
	}
}

func TestScreenshotCopy(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shots")
	t.Setenv("PORCH_SCREENSHOTS", dir)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// Taller than the viewport, so the capture must go beyond it.
		_, _ = w.Write([]byte(`<!doctype html><meta name="viewport" content="width=device-width">` +
			`<body style="margin:0"><div style="height:2000px;background:#eef">tall</div>`))
	}))
	defer srv.Close()

	ctx := New(t, 800, 600)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	path := Screenshot(t, ctx, "tall")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := os.ReadFile(filepath.Join(dir, "tall.png"))
	if err != nil {
		t.Fatalf("no copy in PORCH_SCREENSHOTS: %v", err)
	}
	if !bytes.Equal(orig, cp) {
		t.Error("copy differs from the screenshot")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 800 || cfg.Height != 2000 {
		t.Errorf("screenshot is %dx%d, want 800x2000", cfg.Width, cfg.Height)
	}
}

func TestSafeName(t *testing.T) {
	tests := map[string]string{
		"home":            "home",
		"admin/units 390": "admin_units_390",
		"../../etc":       "_.._etc",
		"":                "screenshot",
		"..":              "screenshot",
	}
	for in, want := range tests {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}
