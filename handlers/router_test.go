package handlers_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"porch/handlers"
	"porch/internal/webtest"
	"porch/tenants"
)

func TestOrgsServeOwnBranding(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	if err := f.Tenants.AddHostname(context.Background(), "portal.bravo.co.uk", "bravo"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		host       string
		own, other webtest.OrgSpec
	}{
		{"acme." + webtest.Base, webtest.Acme, webtest.Bravo},
		{"ACME.Porch.Test:8080", webtest.Acme, webtest.Bravo},
		{"bravo." + webtest.Base, webtest.Bravo, webtest.Acme},
		{"portal.bravo.co.uk", webtest.Bravo, webtest.Acme},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			rec := f.Do("GET", tt.host, "/", nil)
			if rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			body := rec.Body.String()
			d := webtest.Doc(t, rec)
			if got := strings.TrimSpace(d.Find("h1").Text()); got != tt.own.Name {
				t.Errorf("h1 = %q, want %q", got, tt.own.Name)
			}
			if style := d.Find("style").Text(); !strings.Contains(style, "--primary:"+tt.own.Colour) {
				t.Errorf("style = %q, want primary %s", style, tt.own.Colour)
			}
			if !strings.Contains(d.Find("footer").Text(), tt.own.Email) {
				t.Errorf("footer lacks %s", tt.own.Email)
			}
			for _, leak := range []string{tt.other.Name, tt.other.Email, tt.other.Colour} {
				if strings.Contains(body, leak) {
					t.Errorf("page for %s shows %q of the other org", tt.host, leak)
				}
			}
			hasLogo := d.Find("img.brand-logo").Length() == 1
			if hasLogo != tt.own.Logo {
				t.Errorf("logo shown = %v, want %v", hasLogo, tt.own.Logo)
			}
		})
	}
}

func TestUnknownOrgAndLanding(t *testing.T) {
	t.Parallel()
	for _, dev := range []bool{false, true} {
		f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = dev }, webtest.Acme)
		rec := f.Do("GET", "nobody."+webtest.Base, "/", nil)
		if rec.Code != 404 {
			t.Fatalf("unknown org: %d", rec.Code)
		}
		d := webtest.Doc(t, rec)
		if d.Find("h1").Text() != "Page not found" || d.Find(`a[href="/"]`).Length() == 0 {
			t.Errorf("unknown org page: %.300s", rec.Body.String())
		}
		if strings.Contains(rec.Body.String(), "goroutine") {
			t.Error("stack trace in page")
		}
		rec = f.Do("GET", webtest.Base, "/", nil)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "youragent."+webtest.Base) {
			t.Fatalf("landing: %d %.300s", rec.Code, rec.Body.String())
		}
		listed := strings.Contains(rec.Body.String(), webtest.Acme.Name)
		if listed != dev {
			t.Errorf("dev=%v: orgs listed on landing = %v", dev, listed)
		}
	}
}

func TestHtmxGetsFragment(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
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
			rec := f.Do("GET", "acme."+webtest.Base, "/", tt.hdr)
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
	t.Parallel()
	for _, tlsProxy := range []bool{false, true} {
		f := webtest.NewFixture(t, func(c *handlers.Config) { c.TLSProxy = tlsProxy }, webtest.Acme)
		rec := f.Do("GET", "acme."+webtest.Base, "/", nil)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		d := webtest.Doc(t, rec)
		// The page's one inline style, the theme, is allowed by its hash;
		// scripts come from the site's own files, none inline.
		sum := sha256.Sum256([]byte(d.Find("style").Text()))
		styleHash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !strings.Contains(csp, "style-src 'self' "+styleHash+";") || !strings.Contains(csp, "script-src 'self';") {
			t.Errorf("CSP %q does not allow exactly the theme %s and the site's scripts", csp, styleHash)
		}
		if d.Find("script:not([src])").Length() > 0 || d.Find("[nonce]").Length() > 0 {
			t.Error("the page carries an inline script or a nonce")
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
		// A page is the same bytes on every request: nothing random in it.
		if again := f.Do("GET", "acme."+webtest.Base, "/", nil); again.Body.String() != rec.Body.String() ||
			again.Header().Get("Content-Security-Policy") != csp {
			t.Error("the same page differs from one request to the next")
		}
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	tests := []struct {
		name string
		path string
		hdr  map[string]string
		want int
	}{
		{"cross-site", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"other org subdomain", "/", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"other org by Origin", "/", map[string]string{"Origin": "http://bravo." + webtest.Base}, 403},
		{"same origin", "/", map[string]string{"Sec-Fetch-Site": "same-origin"}, 405},
		{"webhook from provider", "/webhooks/stripe", map[string]string{"Sec-Fetch-Site": "cross-site"}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Do("POST", "acme."+webtest.Base, tt.path, tt.hdr)
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
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	rec := f.Do("GET", "acme."+webtest.Base, "/no/such/page", nil)
	if rec.Code != 404 || !strings.Contains(webtest.Doc(t, rec).Find("footer").Text(), webtest.Acme.Name) {
		t.Fatalf("404: %d %.300s", rec.Code, rec.Body.String())
	}
	rec = f.Do("GET", "acme."+webtest.Base, "/no/such/page", map[string]string{"HX-Request": "true"})
	if rec.Code != 404 || rec.Header().Get("HX-Retarget") != "#main" || strings.Contains(rec.Body.String(), "<html") {
		t.Fatalf("htmx 404: %d %v %.100s", rec.Code, rec.Header(), rec.Body.String())
	}
}

func TestCorruptOrgIs503OthersServe(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	// A fresh manager over the same directory, after damaging bravo's file.
	dir := f.Tenants.DataDir()
	f.Tenants.Close()
	if err := os.WriteFile(filepath.Join(dir, "orgs", "bravo.db"), bytes.Repeat([]byte("junk"), 2000), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(filepath.Join(dir, "orgs", "bravo.db"+suffix))
	}
	tm, err := tenants.NewManager(context.Background(), tenants.Options{DataDir: dir, BaseDomain: webtest.Base})
	if err != nil {
		t.Fatal(err)
	}
	defer tm.Close()
	f.Cfg.Tenants = tm
	f.Rebuild()

	rec := f.Do("GET", "bravo."+webtest.Base, "/", nil)
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "Reference: "+rec.Header().Get("X-Request-Id")) {
		t.Fatalf("corrupt org: %d %v %.400s", rec.Code, rec.Header(), rec.Body.String())
	}
	if !strings.Contains(f.Logs.String(), `"org":"bravo"`) {
		t.Errorf("no log line naming the org: %s", f.Logs.String())
	}
	if rec := f.Do("GET", "acme."+webtest.Base, "/", nil); rec.Code != 200 {
		t.Fatalf("healthy org: %d", rec.Code)
	}
}

func TestLogoAndStatic(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	page := webtest.Doc(t, f.Do("GET", "acme."+webtest.Base, "/", nil))
	src, _ := page.Find("img.brand-logo").Attr("src")
	rec := f.Do("GET", "acme."+webtest.Base, src, nil)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("logo %s: %d %v", src, rec.Code, rec.Header())
	}
	if !bytes.Equal(rec.Body.Bytes(), webtest.PNG(t)) {
		t.Error("logo bytes differ")
	}
	if rec := f.Do("GET", "bravo."+webtest.Base, "/branding/logo", nil); rec.Code != 404 {
		t.Errorf("org without logo: %d", rec.Code)
	}
	if rec := f.Do("GET", webtest.Base, "/branding/logo", nil); rec.Code != 404 {
		t.Errorf("logo on base domain: %d", rec.Code)
	}
	css, _ := page.Find(`link[rel="stylesheet"]`).Attr("href")
	rec = f.Do("GET", "acme."+webtest.Base, css, nil)
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("stylesheet %s: %d %v", css, rec.Code, rec.Header())
	}
	if rec := f.Do("GET", "anything", "/healthz", nil); rec.Code != 200 || rec.Body.String() != "ok\n" {
		t.Fatalf("healthz: %d %q", rec.Code, rec.Body.String())
	}
}

func TestRequestLogNamesOrg(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	rec := f.Do("GET", "acme."+webtest.Base, "/", nil)
	id := rec.Header().Get("X-Request-Id")
	var line string
	for _, l := range strings.Split(f.Logs.String(), "\n") {
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
	t.Parallel()
	f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme)
	dir := filepath.Join(f.Cfg.MailDir, "acme")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	eml := "From: Acme <no-reply@porch.test>\r\nTo: jo@example.com\r\nSubject: Your code\r\nDate: Sat, 14 Mar 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYour code is 123456.\r\n"
	if err := os.WriteFile(filepath.Join(dir, "20260314T100000.000000000Z-abc.eml"), []byte(eml), 0o640); err != nil {
		t.Fatal(err)
	}
	rec := f.Do("GET", "acme."+webtest.Base, "/_dev/mail", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Your code") {
		t.Fatalf("list: %d %.300s", rec.Code, rec.Body.String())
	}
	href, _ := webtest.Doc(t, rec).Find(".mail-list a").Attr("href")
	rec = f.Do("GET", "acme."+webtest.Base, href, nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Your code is 123456.") {
		t.Fatalf("message %s: %d", href, rec.Code)
	}
	for _, bad := range []string{"/_dev/mail/..%2f..%2fcatalog.db", "/_dev/mail/nope.eml", "/_dev/mail/x.txt"} {
		if rec := f.Do("GET", "acme."+webtest.Base, bad, nil); rec.Code != 404 {
			t.Errorf("%s: %d", bad, rec.Code)
		}
	}
	prod := webtest.NewFixture(t, nil, webtest.Acme)
	if rec := prod.Do("GET", "acme."+webtest.Base, "/_dev/mail", nil); rec.Code != 404 {
		t.Errorf("dev mail outside dev mode: %d", rec.Code)
	}
}
