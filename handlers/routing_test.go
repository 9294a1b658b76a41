package handlers_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/handlers"
	"porch/internal/webtest"
)

// These tests complement router_test.go: the same fixture, driven harder at
// the edges (real sockets, every error path's headers, fragments of every
// page, isolation of one org's data and failures from another's).

// serverClient starts f's router on a real listener and returns a client
// that sends every request there, whatever host the URL names, so the Host
// header reaches Porch exactly as a browser would send it.
func serverClient(t *testing.T, f *webtest.Fixture) *http.Client {
	t.Helper()
	srv := httptest.NewServer(f.Echo)
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	var d net.Dialer
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// noLeak fails if body shows anything only a developer should see.
func noLeak(t *testing.T, body string) {
	t.Helper()
	for _, bad := range []string{"goroutine ", ".go:", "panic", "runtime.", "sqlite", "SQL logic"} {
		if strings.Contains(body, bad) {
			t.Errorf("response shows %q: %.400s", bad, body)
		}
	}
}

func TestRealServerRoutesByHost(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	if err := f.Tenants.AddHostname(context.Background(), "portal.bravo.co.uk", "bravo"); err != nil {
		t.Fatal(err)
	}
	client := serverClient(t, f)
	tests := []struct {
		url    string
		status int
		h1     string
	}{
		{"http://acme.porch.test:8080/", 200, webtest.Acme.Name},
		{"http://ACME.PORCH.TEST/", 200, webtest.Acme.Name},
		{"http://bravo.porch.test:8443/", 200, webtest.Bravo.Name},
		{"http://PORTAL.Bravo.co.uk:8080/", 200, webtest.Bravo.Name},
		{"http://porch.test:8080/", 200, "Porch"},
		{"http://nobody.porch.test:8080/", 404, "Page not found"},
		{"http://unmapped.example.org/", 404, "Page not found"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			resp, err := client.Get(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %.300s", resp.StatusCode, tt.status, body)
			}
			rec := httptest.NewRecorder()
			rec.Body.Write(body)
			if got := strings.TrimSpace(webtest.Doc(t, rec).Find("h1").First().Text()); got != tt.h1 {
				t.Errorf("h1 = %q, want %q", got, tt.h1)
			}
		})
	}
}

func TestUnknownHostsAreUnbranded404(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	hosts := []string{
		"nobody." + webtest.Base,
		"www." + webtest.Base,            // reserved, never an org
		"a." + webtest.Base,              // too short to be a slug
		"x--y." + webtest.Base,           // not a valid slug
		"deep.acme." + webtest.Base,      // a subdomain of an org is not the org
		"acme." + webtest.Base + ".evil", // the base domain must be the suffix
		"acme.porch.testing",             // nor a prefix of it
		"example.org",                    // never mapped
		"[::1]:8080",                     // an address, not a name
	}
	for _, host := range hosts {
		t.Run(host, func(t *testing.T) {
			rec := f.Do("GET", host, "/", nil)
			if rec.Code != 404 {
				t.Fatalf("status %d: %.200s", rec.Code, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q", ct)
			}
			d := webtest.Doc(t, rec)
			if got := d.Find("h1").Text(); got != "Page not found" {
				t.Errorf("h1 = %q", got)
			}
			if d.Find(`a[href="/"]`).Length() == 0 {
				t.Error("no link home")
			}
			body := rec.Body.String()
			for _, o := range []webtest.OrgSpec{webtest.Acme, webtest.Bravo} {
				if strings.Contains(body, o.Name) || strings.Contains(body, o.Email) {
					t.Errorf("unknown host shows %s's branding", o.Slug)
				}
			}
			noLeak(t, body)
		})
	}
}

func TestDevLandingLinksKeepPort(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme, webtest.Bravo)
	rec := f.Do("GET", webtest.Base+":8080", "/", nil)
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	links := map[string]string{}
	webtest.Doc(t, rec).Find("main a").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		links[strings.TrimSpace(s.Text())] = href
	})
	for _, o := range []webtest.OrgSpec{webtest.Acme, webtest.Bravo} {
		if want := "http://" + o.Slug + "." + webtest.Base + ":8080/"; links[o.Name] != want {
			t.Errorf("link to %s = %q, want %q", o.Name, links[o.Name], want)
		}
	}
}
