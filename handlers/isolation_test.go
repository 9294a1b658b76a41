package handlers_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"porch/handlers"
	"porch/internal/webtest"
	"porch/tenants"
)

// TestUnavailableOrgIsIsolated damages one org's database and checks that
// it fails cleanly, every time and in every form, while the other org goes
// on serving under concurrent load.
func TestUnavailableOrgIsIsolated(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	dir := f.Tenants.DataDir()
	f.Tenants.Close()
	path := filepath.Join(dir, "orgs", "bravo.db")
	if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	tm, err := tenants.NewManager(context.Background(), tenants.Options{DataDir: dir, BaseDomain: webtest.Base})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tm.Close() })
	f.Cfg.Tenants = tm
	f.Tenants = tm
	f.Rebuild()

	tests := []struct {
		name, path string
		hdr        map[string]string
	}{
		{"page", "/", nil},
		{"page again", "/", nil},
		{"fragment", "/", map[string]string{"HX-Request": "true"}},
		{"logo", "/branding/logo", nil},
		{"unknown path", "/nope", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Do("GET", "bravo."+webtest.Base, tt.path, tt.hdr)
			if rec.Code != 503 {
				t.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
			}
			id := rec.Header().Get("X-Request-Id")
			if rec.Header().Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
			d := webtest.Doc(t, rec)
			if got := d.Find("h1").Text(); got != handlers.HeadingOf[503] {
				t.Errorf("h1 = %q", got)
			}
			if got := strings.TrimSpace(d.Find(".request-id").Text()); got != "Reference: "+id {
				t.Errorf("reference = %q, want id %s", got, id)
			}
			noLeak(t, rec.Body.String())
			partial := tt.hdr != nil
			if partial != (rec.Header().Get("HX-Retarget") == "#main") || partial == strings.Contains(rec.Body.String(), "<html") {
				t.Errorf("partial=%v: %v %.200s", partial, rec.Header(), rec.Body.String())
			}
			line := requestLine(t, f, id)
			if line["org"] != "bravo" || line["status"] != float64(503) || line["level"] != "ERROR" {
				t.Errorf("request log line %v", line)
			}
		})
	}

	var wg sync.WaitGroup
	errc := make(chan string, 64)
	for i := range 16 {
		wg.Go(func() {
			org, want := "acme", 200
			if i%2 == 1 {
				org, want = "bravo", 503
			}
			for range 5 {
				req := httptest.NewRequest("GET", "http://"+org+"."+webtest.Base+"/", nil)
				rec := httptest.NewRecorder()
				f.Echo.ServeHTTP(rec, req)
				if rec.Code != want {
					errc <- org + ": " + rec.Result().Status
					return
				}
			}
		})
	}
	wg.Wait()
	close(errc)
	for e := range errc {
		t.Error(e)
	}
}

// TestBrandingIsPerRequest alternates orgs on one router, concurrently, so
// that any state shared between requests would show one org's branding on
// another's page.
func TestBrandingIsPerRequest(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	var wg sync.WaitGroup
	errc := make(chan string, 64)
	for i := range 8 {
		wg.Go(func() {
			own, other := webtest.Acme, webtest.Bravo
			if i%2 == 1 {
				own, other = other, own
			}
			for range 10 {
				req := httptest.NewRequest("GET", "http://"+own.Slug+"."+webtest.Base+"/", nil)
				rec := httptest.NewRecorder()
				f.Echo.ServeHTTP(rec, req)
				body := rec.Body.String()
				if rec.Code != 200 || !strings.Contains(body, "--primary:"+own.Colour) || strings.Contains(body, other.Name) {
					errc <- own.Slug + ": wrong page"
					return
				}
			}
		})
	}
	wg.Wait()
	close(errc)
	for e := range errc {
		t.Error(e)
	}
}
