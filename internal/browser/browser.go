// Package browser starts a headless Chromium for tests that need what only a
// browser shows: layout at phone width, focus, htmx swaps, screenshots.
//
// A test calls New for a chromedp context and drives it with chromedp.Run and
// chromedp.Do. Pages are reached at http://<org>.localhost:<port>/, because
// Chromium resolves every *.localhost name to loopback by itself, so an
// httptest server on 127.0.0.1 serves any organisation's subdomain with no
// DNS or hosts file.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Timeout bounds the whole life of a browser started by New: start-up, every
// action and the screenshots. A test that needs less per step can derive a
// shorter context from the one New returns.
const Timeout = 60 * time.Second

// candidates are the executable names tried, in order, when PORCH_CHROMIUM
// is not set.
var candidates = []string{"chromium", "chromium-browser", "google-chrome"}

// findChromium returns the browser executable: PORCH_CHROMIUM (a path or a
// name on PATH) if set, else the first of candidates on PATH.
func findChromium() (string, error) {
	if p := os.Getenv("PORCH_CHROMIUM"); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("PORCH_CHROMIUM=%s: %w", p, err)
		}
		return path, nil
	}
	for _, name := range candidates {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", errors.New("none of " + strings.Join(candidates, ", ") + " is on PATH")
}

// New starts a headless Chromium with a window and viewport of width x height
// CSS pixels (device scale 1, so a screenshot at 390 is 390 pixels wide) and
// returns a chromedp context for one tab in it. The browser is stopped, and
// its profile removed, when the test ends.
//
// Without Chromium the test is skipped, unless CI=true, where it fails: a CI
// image that lost its browser must not pass quietly. PORCH_CHROMIUM picks a
// specific executable. go test -short skips every browser journey.
func New(t testing.TB, width, height int) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser journeys are skipped by -short")
	}
	execPath, err := findChromium()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser: chromium is required when CI=true: %v (install it with apt-get install -y chromium, or set PORCH_CHROMIUM)", err)
		}
		if os.Getenv("PORCH_CHROMIUM") != "" {
			t.Fatalf("browser: %v", err)
		}
		t.Skip("chromium not installed: apt-get install -y chromium")
	}

	// A fresh profile per test: no shared cookies, cache or storage.
	profile := t.TempDir()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
	)

	// The whole browser lives under this deadline: chromedp binds the
	// browser's life to the context of its first Run.
	base, cancelBase := context.WithTimeout(context.Background(), Timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(base, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)

	t.Cleanup(func() {
		// Close the browser gracefully, then kill whatever is left, and
		// only then let the profile go: Chromium's helper processes can
		// write into it for a moment after the browser exits.
		_ = chromedp.Cancel(ctx)
		cancelTab()
		cancelAlloc()
		cancelBase()
		removeAllRetry(profile, 5*time.Second)
	})

	// The first Run starts the browser; then pin the viewport so the layout
	// width is exactly width, whatever the window manager of headless
	// Chromium makes of the window size.
	err = chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height)))
	if err != nil {
		t.Fatalf("browser: start %s: %v", execPath, err)
	}
	return ctx
}

// removeAllRetry removes dir, trying again while something still writes in it.
func removeAllRetry(dir string, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for {
		err := os.RemoveAll(dir)
		if err == nil || time.Now().After(deadline) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Screenshot saves a PNG of the whole page (beyond the viewport, down to the
// bottom of the document) as name.png in a temporary directory of the test,
// and returns its path. When PORCH_SCREENSHOTS names a directory, a copy goes
// there too, so a person can look at it after the run; the directory is
// created if needed.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, fullPage())
	if err != nil {
		t.Fatalf("browser: screenshot %s: %v", name, err)
	}
	file := safeName(name) + ".png"
	path := filepath.Join(t.TempDir(), file)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browser: %v", err)
	}
	if dir := os.Getenv("PORCH_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Errorf("browser: PORCH_SCREENSHOTS: %v", err)
		} else if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
			t.Errorf("browser: PORCH_SCREENSHOTS: %v", err)
		} else {
			t.Logf("screenshot %s", filepath.Join(dir, file))
		}
	}
	return path
}

// fullPage captures the document's whole content size as PNG at the
// emulated device scale. The width is the document's, which is the viewport
// width unless the page overflows sideways, and then the screenshot shows it.
func fullPage() chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		size := m.CSSContentSize
		if size == nil {
			return nil, errors.New("no content size in layout metrics")
		}
		width, height := size.Width, size.Height
		if vp := m.CSSLayoutViewport; vp != nil {
			width = max(width, float64(vp.ClientWidth))
			height = max(height, float64(vp.ClientHeight))
		}
		captureBeyond, fromSurface := true, true
		res, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			CaptureBeyondViewport: &captureBeyond,
			FromSurface:           &fromSurface,
			Clip:                  &page.Viewport{X: 0, Y: 0, Width: width, Height: height, Scale: 1},
		})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	}
}

// safeName keeps a screenshot name to characters that are safe in a file
// name on every system.
func safeName(name string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
	s = strings.Trim(s, ".")
	if s == "" {
		s = "screenshot"
	}
	return s
}

// DisableScripts turns JavaScript off in the tab, for checking that pages
// work without it.
func DisableScripts(t testing.TB, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
		return cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	}); err != nil {
		t.Fatalf("browser: turn JavaScript off: %v", err)
	}
}
