package handlers_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/handlers"
	"porch/internal/webtest"
	"porch/mail"
	"porch/tenants"
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

// logLines decodes the fixture's JSON log, one map per line.
func logLines(t *testing.T, f *webtest.Fixture) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(f.Logs.Bytes()))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// requestLine returns the "request" log line of the request with id.
func requestLine(t *testing.T, f *webtest.Fixture, id string) map[string]any {
	t.Helper()
	for _, m := range logLines(t, f) {
		if m["msg"] == "request" && m["req_id"] == id {
			return m
		}
	}
	t.Fatalf("no request log line for %s in:\n%s", id, f.Logs.String())
	return nil
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

// TestEveryHTMLResponseVaries checks the headers that every HTML response
// needs, whichever path produced it: pages, the landing page and each kind
// of error page.
func TestEveryHTMLResponseVaries(t *testing.T) {
	f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme)
	tests := []struct {
		name, method, host, path string
		hdr                      map[string]string
		status                   int
	}{
		{"home", "GET", "acme." + webtest.Base, "/", nil, 200},
		{"home fragment", "GET", "acme." + webtest.Base, "/", map[string]string{"HX-Request": "true"}, 200},
		{"landing", "GET", webtest.Base, "/", nil, 200},
		{"dev mail", "GET", "acme." + webtest.Base, "/_dev/mail", nil, 200},
		{"unknown org", "GET", "nobody." + webtest.Base, "/", nil, 404},
		{"unknown path", "GET", "acme." + webtest.Base, "/nope", nil, 404},
		{"unknown path fragment", "GET", "acme." + webtest.Base, "/nope", map[string]string{"HX-Request": "true"}, 404},
		{"dev mail outside an org", "GET", webtest.Base, "/_dev/mail", nil, 404},
		{"no logo on landing", "GET", webtest.Base, "/branding/logo", nil, 404},
		{"wrong method", "POST", "acme." + webtest.Base, "/", map[string]string{"Sec-Fetch-Site": "same-origin"}, 405},
		{"cross-site", "POST", "acme." + webtest.Base, "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Do(tt.method, tt.host, tt.path, tt.hdr)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			h := rec.Header()
			if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if !strings.Contains(strings.Join(h.Values("Vary"), ","), "HX-Request") {
				t.Errorf("Vary = %q", h.Values("Vary"))
			}
			if !strings.Contains(h.Get("Cache-Control"), "no-store") {
				t.Errorf("Cache-Control = %q", h.Get("Cache-Control"))
			}
			if h.Get("X-Request-Id") == "" || h.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
				t.Errorf("security headers missing: %v", h)
			}
		})
	}
}

// TestFragmentsAreBare checks that an htmx request gets the main column
// only, for pages and for errors, while a boosted one gets the page.
func TestFragmentsAreBare(t *testing.T) {
	f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme)
	tests := []struct {
		name, path, h1 string
		status         int
	}{
		{"home", "/", webtest.Acme.Name, 200},
		{"dev mail", "/_dev/mail", "Sent mail", 200},
		{"not found", "/nope", "Page not found", 404},
	}
	layoutOnly := []string{"<!doctype", "<html", "<head", "<body", "<header", "<footer", "<main", "<title", "<script", "<style"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Do("GET", "acme."+webtest.Base, tt.path, map[string]string{"HX-Request": "true"})
			if rec.Code != tt.status {
				t.Fatalf("status %d", rec.Code)
			}
			body := strings.ToLower(rec.Body.String())
			for _, tag := range layoutOnly {
				if strings.Contains(body, tag) {
					t.Errorf("fragment contains %s: %.300s", tag, rec.Body.String())
				}
			}
			d := webtest.Doc(t, rec)
			if n := d.Find("h1").Length(); n != 1 {
				t.Errorf("%d h1 in fragment", n)
			}
			if got := strings.TrimSpace(d.Find("h1").Text()); got != tt.h1 {
				t.Errorf("h1 = %q, want %q", got, tt.h1)
			}

			for _, hdr := range []map[string]string{nil, {"HX-Request": "true", "HX-Boosted": "true"}} {
				rec := f.Do("GET", "acme."+webtest.Base, tt.path, hdr)
				d := webtest.Doc(t, rec)
				if d.Find("html > head > title").Length() != 1 || d.Find("body > header").Length() != 1 ||
					d.Find("main#main h1").Length() != 1 || d.Find("body > footer").Length() != 1 {
					t.Errorf("headers %v: not a full page: %.300s", hdr, rec.Body.String())
				}
				if rec.Header().Get("HX-Retarget") != "" {
					t.Errorf("headers %v: full page retargeted", hdr)
				}
			}
		})
	}
}

func TestCrossOriginRefusals(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	host := "acme." + webtest.Base
	tests := []struct {
		name, method, path string
		hdr                map[string]string
		want               int
	}{
		{"cross-site POST", "POST", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"cross-site PUT", "PUT", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"cross-site PATCH", "PATCH", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"cross-site DELETE", "DELETE", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"sibling org by Origin only", "POST", "/", map[string]string{"Origin": "http://bravo." + webtest.Base}, 403},
		{"base domain by Origin only", "POST", "/", map[string]string{"Origin": "http://" + webtest.Base}, 403},
		{"other scheme by Origin only", "POST", "/", map[string]string{"Origin": "https://evil.example"}, 403},
		{"htmx cross-site", "POST", "/", map[string]string{"Sec-Fetch-Site": "cross-site", "HX-Request": "true"}, 403},
		{"same-origin POST reaches routing", "POST", "/", map[string]string{"Sec-Fetch-Site": "same-origin"}, 405},
		{"own Origin reaches routing", "POST", "/", map[string]string{"Origin": "http://" + host}, 405},
		{"no browser headers reaches routing", "POST", "/", nil, 405},
		{"cross-site GET is a plain visit", "GET", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 200},
		{"webhook from a provider", "POST", "/webhooks/stripe", map[string]string{"Sec-Fetch-Site": "cross-site"}, 400},
		{"webhook by Origin", "POST", "/webhooks/gocardless", map[string]string{"Origin": "https://api.gocardless.com"}, 498},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.Logs.Reset()
			rec := f.Do(tt.method, host, tt.path, tt.hdr)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %.200s", rec.Code, tt.want, rec.Body.String())
			}
			refusalLogged := strings.Contains(f.Logs.String(), "cross-origin request refused")
			if refusalLogged != (tt.want == 403) {
				t.Errorf("refusal logged = %v", refusalLogged)
			}
			if tt.want != 403 {
				return
			}
			d := webtest.Doc(t, rec)
			if got := d.Find("h1").Text(); got != handlers.HeadingOf[403] {
				t.Errorf("h1 = %q", got)
			}
			if !strings.Contains(d.Find(".lead").Text(), "another site") {
				t.Errorf("no explanation: %.300s", rec.Body.String())
			}
			if tt.hdr["HX-Request"] != "" {
				if rec.Header().Get("HX-Retarget") != "#main" || strings.Contains(rec.Body.String(), "<html") {
					t.Errorf("htmx refusal: %v %.200s", rec.Header(), rec.Body.String())
				}
				return
			}
			if footer := d.Find("footer").Text(); !strings.Contains(footer, webtest.Acme.Name) || strings.Contains(rec.Body.String(), webtest.Bravo.Name) {
				t.Errorf("refusal page not branded for acme: footer %q", footer)
			}
			line := requestLine(t, f, rec.Header().Get("X-Request-Id"))
			if line["org"] != "acme" || line["status"] != float64(403) {
				t.Errorf("request log line %v", line)
			}
		})
	}
}

// TestUnavailableOrgIsIsolated damages one org's database and checks that
// it fails cleanly, every time and in every form, while the other org goes
// on serving under concurrent load.
func TestUnavailableOrgIsIsolated(t *testing.T) {
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

func TestLogoCaching(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	page := webtest.Doc(t, f.Do("GET", "acme."+webtest.Base, "/", nil))
	src, ok := page.Find("header img.brand-logo").Attr("src")
	if !ok || !strings.HasPrefix(src, "/branding/logo?v=") {
		t.Fatalf("logo src %q", src)
	}
	hash := strings.TrimPrefix(src, "/branding/logo?v=")
	tests := []struct {
		name, path string
		hdr        map[string]string
		status     int
		immutable  bool
	}{
		{"versioned", src, nil, 200, true},
		{"bare", "/branding/logo", nil, 200, false},
		{"stale version", "/branding/logo?v=0000", nil, 200, false},
		{"revalidated", "/branding/logo", map[string]string{"If-None-Match": `"` + hash + `"`}, 304, false},
		{"changed", "/branding/logo", map[string]string{"If-None-Match": `"other"`}, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Do("GET", "acme."+webtest.Base, tt.path, tt.hdr)
			if rec.Code != tt.status {
				t.Fatalf("status %d", rec.Code)
			}
			cc := rec.Header().Get("Cache-Control")
			if strings.Contains(cc, "immutable") != tt.immutable {
				t.Errorf("Cache-Control %q, want immutable=%v", cc, tt.immutable)
			}
			if rec.Header().Get("ETag") != `"`+hash+`"` {
				t.Errorf("ETag %q", rec.Header().Get("ETag"))
			}
			if tt.status == 304 {
				if rec.Body.Len() != 0 {
					t.Error("304 with a body")
				}
				return
			}
			if rec.Header().Get("Content-Type") != "image/png" || !bytes.Equal(rec.Body.Bytes(), webtest.PNG(t)) {
				t.Errorf("logo: %q, %d bytes", rec.Header().Get("Content-Type"), rec.Body.Len())
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("logo without nosniff")
			}
		})
	}
}

// TestDevMailFromOutbox sends mail the way Porch does (outbox, then the
// sender with the file transport) and reads it back through /_dev/mail,
// which must show each org only its own mail.
func TestDevMailFromOutbox(t *testing.T) {
	f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme, webtest.Bravo)
	ctx := context.Background()
	send := func(slug string, m mail.Message) {
		t.Helper()
		db, release, err := f.Tenants.Acquire(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		err = db.Write(ctx, func(tx *sql.Tx) error {
			_, err := mail.Enqueue(ctx, f.Tenants.Catalog(), slug, tx, webtest.Now, m)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sender := mail.NewSender(f.Tenants, mail.NewFileTransport(f.Cfg.MailDir), mail.SenderConfig{
			From: "no-reply@" + webtest.Base, Now: func() time.Time { return webtest.Now.Add(time.Minute) }, Logger: f.Cfg.Logger})
		if err := sender.DeliverDue(ctx, slug); err != nil {
			t.Fatal(err)
		}
	}
	send("acme", mail.Message{To: "jo@example.com", ToName: "Jo Bloggs", Subject: "Your sign-in code",
		Text: "Your code is 482913.\nIt expires in 10 minutes.", HTML: "<p>Your code is <b>482913</b>.</p>"})
	send("bravo", mail.Message{To: "sam@example.com", Subject: "Bravo secret notice", Text: "For Bravo's tenants only."})

	host := "acme." + webtest.Base
	rec := f.Do("GET", host, "/_dev/mail", nil)
	if rec.Code != 200 {
		t.Fatalf("list: %d", rec.Code)
	}
	items := webtest.Doc(t, rec).Find(".mail-list li")
	if items.Length() != 1 || !strings.Contains(items.Text(), "Your sign-in code") || !strings.Contains(items.Text(), "jo@example.com") {
		t.Fatalf("acme's list: %.500s", rec.Body.String())
	}
	if strings.Contains(rec.Body.String(), "Bravo secret") {
		t.Fatal("acme's list shows bravo's mail")
	}
	href, _ := items.Find("a").Attr("href")
	name := strings.TrimPrefix(href, "/_dev/mail/")

	rec = f.Do("GET", host, href, nil)
	if rec.Code != 200 {
		t.Fatalf("message %s: %d", href, rec.Code)
	}
	d := webtest.Doc(t, rec)
	if got := d.Find("h1").Text(); got != "Your sign-in code" {
		t.Errorf("h1 = %q", got)
	}
	if got := d.Find("pre.mail-body").Text(); !strings.Contains(got, "Your code is 482913.\nIt expires in 10 minutes.") {
		t.Errorf("body = %q", got)
	}
	if dl := d.Find("dl.details").Text(); !strings.Contains(dl, webtest.Acme.Name) || !strings.Contains(dl, "Jo Bloggs <jo@example.com>") ||
		!strings.Contains(dl, "plain text and HTML") {
		t.Errorf("details = %q", dl)
	}

	bravoList := webtest.Doc(t, f.Do("GET", "bravo."+webtest.Base, "/_dev/mail", nil))
	bravoHref, _ := bravoList.Find(".mail-list a").Attr("href")
	bravoName := strings.TrimPrefix(bravoHref, "/_dev/mail/")
	if bravoName == "" || strings.Contains(bravoList.Text(), "Your sign-in code") {
		t.Fatalf("bravo's list: %q", bravoList.Text())
	}

	for _, bad := range []string{
		"/_dev/mail/..%2fx.eml",
		"/_dev/mail/..%2fbravo%2f" + bravoName,
		"/_dev/mail/%2e%2e%2fbravo%2f" + bravoName,
		"/_dev/mail/..%5cbravo%5c" + bravoName,
		"/_dev/mail/../bravo/" + bravoName,
		"/_dev/mail/" + bravoName, // bravo's file is not in acme's folder
		"/_dev/mail/.hidden.eml",
		"/_dev/mail/" + strings.TrimSuffix(name, ".eml"),
		"/_dev/mail/x.txt",
		"/_dev/mail/%00.eml",
	} {
		rec := f.Do("GET", host, bad, nil)
		if rec.Code != 404 {
			t.Errorf("%s: %d", bad, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "Bravo secret") {
			t.Errorf("%s shows bravo's mail", bad)
		}
	}
	if rec := f.Do("GET", webtest.Base, "/_dev/mail", nil); rec.Code != 404 {
		t.Errorf("dev mail on the base domain: %d", rec.Code)
	}

	// The same data directory without development mode shows nothing.
	prod := *f
	prod.Cfg.Dev = false
	prod.Rebuild()
	for _, p := range []string{"/_dev/mail", href} {
		rec := prod.Do("GET", host, p, nil)
		if rec.Code != 404 || strings.Contains(rec.Body.String(), "482913") {
			t.Errorf("non-dev %s: %d", p, rec.Code)
		}
	}
	if strings.Contains(prod.Do("GET", host, "/", nil).Body.String(), "/_dev/mail") {
		t.Error("non-dev page links to dev mail")
	}
}

func TestRequestLogLines(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	tests := []struct {
		name, host, path string
		org              string
		status           int
		level            string
	}{
		{"org page", "acme." + webtest.Base, "/", "acme", 200, "INFO"},
		{"org not found page", "acme." + webtest.Base, "/nope", "acme", 404, "INFO"},
		{"logo", "acme." + webtest.Base, "/branding/logo", "acme", 200, "INFO"},
		{"landing", webtest.Base, "/", "", 200, "INFO"},
		{"unknown org", "nobody." + webtest.Base, "/", "", 404, "INFO"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Do("GET", tt.host, tt.path, nil)
			id := rec.Header().Get("X-Request-Id")
			if len(id) != 16 || seen[id] {
				t.Errorf("request id %q not fresh", id)
			}
			seen[id] = true
			line := requestLine(t, f, id)
			want := map[string]any{"org": tt.org, "status": float64(tt.status), "level": tt.level,
				"method": "GET", "path": tt.path}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("%s = %v, want %v (line %v)", k, line[k], v, line)
				}
			}
			if line["ip"] == "" || line["dur"] == nil {
				t.Errorf("line lacks ip or duration: %v", line)
			}
		})
	}
	// A request id sent by the client is not trusted.
	rec := f.Do("GET", "acme."+webtest.Base, "/", map[string]string{"X-Request-Id": "forged"})
	if rec.Header().Get("X-Request-Id") == "forged" {
		t.Error("client-chosen request id echoed")
	}
}

func TestOversizedBodyRefused(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	req := httptest.NewRequest("POST", "http://acme."+webtest.Base+"/", strings.NewReader("x"))
	req.ContentLength = 3 << 20
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	f.Echo.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413: %.200s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	if got := d.Find("h1").Text(); got != handlers.HeadingOf[413] {
		t.Errorf("h1 = %q", got)
	}
	if got := d.Find(".lead").Text(); !strings.Contains(got, "2 MB") {
		t.Errorf("message %q does not give the limit", got)
	}
}

// TestBrandingIsPerRequest alternates orgs on one router, concurrently, so
// that any state shared between requests would show one org's branding on
// another's page.
func TestBrandingIsPerRequest(t *testing.T) {
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

// compile-time check that the fixture's manager satisfies what the mail
// sender needs.
var _ mail.Orgs = (*tenants.Manager)(nil)
