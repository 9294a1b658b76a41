package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"porch/auth"
	"porch/demo"
	"porch/estate"
	"porch/tenants"
)

// The spread benchmark's data directory: spreadOrgs demo-sized
// organisations on disk, of which spreadUsed have a signed-in leaseholder
// and take the traffic.
const (
	spreadOrgs = 1000
	spreadUsed = 300
	// spreadSecret signs the cookies: fixed, so every server started on the
	// directory accepts the sessions made by the first.
	spreadSecret = "6c6f6164746573742d6f6e6c792d6e6f742d612d7265616c2d7365637265742e"
)

// BenchmarkSpreadOrgs measures a signed-in page (the leaseholder's home)
// over real HTTP when the requests are spread at random over 300 of 1,000
// organisations on disk, against the same traffic on one organisation. It
// is the case the organisation cache is for: with the default
// --max-open-orgs of 256, some requests find their database closed and
// open it (closing the least recently used); with 512 all 300 stay open.
//
// Each organisation is a copy of the demo (about 1 MiB, so 1 GiB in the
// temporary directory) whose leaseholder accepted an invitation, over HTTP,
// before timing. The client runs in the same process, 32 connections as in
// scripts/loadtest.sh, so req/s counts the client's work too: read the
// variants against one another (x-one-org), not against the wrk table.
//
//	go test -run '^$' -bench SpreadOrgs -benchtime 10s .
func BenchmarkSpreadOrgs(b *testing.B) {
	if testing.Short() {
		b.Skip("sets up 1,000 organisations")
	}
	dir := b.TempDir()
	token := spreadDataDir(b, dir)
	cookies := spreadSignIn(b, dir, token)

	var oneOrg float64
	for _, v := range []struct {
		name    string
		orgs    int
		maxOpen int
	}{
		{"one-org", 1, 256},
		{"300-of-1000", spreadUsed, 256},
		{"300-of-1000-open-512", spreadUsed, 512},
	} {
		// One server per variant, started outside b.Run (which calls its
		// function several times) and after its start-up pass over every
		// organisation (the daily ledger jobs) has finished.
		m, port := spreadServer(b, dir, v.maxOpen)
		c := spreadClient(m.Addr())
		get := func(i int) error {
			req, _ := http.NewRequest("GET", "http://"+m.Addr()+"/", nil)
			req.Host = fmt.Sprintf("org%03d.localhost:%s", i, port)
			req.Header.Set("Cookie", cookies[i])
			req.Header.Set("Accept", "text/html")
			res, err := c.Do(req)
			if err != nil {
				return err
			}
			defer res.Body.Close()
			if _, err := io.Copy(io.Discard, res.Body); err != nil {
				return err
			}
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("%s: status %d", req.Host, res.StatusCode)
			}
			return nil
		}
		// Every organisation used is visited once before timing, as on
		// a server that has been up for a while.
		for i := range v.orgs {
			if err := get(i); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(v.name, func(b *testing.B) {
			b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
				for pb.Next() {
					if err := get(rng.IntN(v.orgs)); err != nil {
						b.Error(err)
						return
					}
				}
			})
			rate := float64(b.N) / b.Elapsed().Seconds()
			b.ReportMetric(rate, "req/s")
			if v.orgs == 1 {
				oneOrg = rate
			} else if oneOrg > 0 {
				b.ReportMetric(rate/oneOrg, "x-one-org")
			}
		})
		if err := m.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// spreadDataDir makes the organisations: the demo, seeded once, with an
// invitation for its leaseholder, copied over each new organisation's file.
// Every copy holds the same invitation, and each accepts it once. It
// returns the invitation's token.
func spreadDataDir(b *testing.B, dir string) string {
	ctx := context.Background()
	now := time.Now()
	secret, err := auth.ParseSecret(spreadSecret)
	if err != nil {
		b.Fatal(err)
	}
	keys, err := auth.NewKeys(secret)
	if err != nil {
		b.Fatal(err)
	}
	tdir := b.TempDir()
	tm, err := tenants.NewManager(ctx, tenants.Options{DataDir: tdir, BaseDomain: "localhost"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ensureDemo(ctx, tm, now, nil); err != nil {
		b.Fatal(err)
	}
	db, release, err := tm.Acquire(ctx, demo.DemoSlug)
	if err != nil {
		b.Fatal(err)
	}
	var token string
	err = db.Write(ctx, func(tx *sql.Tx) error {
		p, err := estate.FindPersonByEmail(ctx, tx, demo.ResidentEmail)
		if err != nil {
			return err
		}
		token, err = keys.CreateInvitation(ctx, tx, now, p.ID, p.Email, nil)
		return err
	})
	release()
	if err != nil {
		b.Fatal(err)
	}
	if err := tm.Close(); err != nil {
		b.Fatal(err)
	}
	template, err := os.ReadFile(filepath.Join(tdir, "orgs", demo.DemoSlug+".db"))
	if err != nil {
		b.Fatal(err)
	}

	if tm, err = tenants.NewManager(ctx, tenants.Options{DataDir: dir, BaseDomain: "localhost"}); err != nil {
		b.Fatal(err)
	}
	// Creating an organisation is mostly migrations on its own file, so a
	// few at once take the set-up from about a minute to seconds.
	var wg sync.WaitGroup
	errc := make(chan error, spreadOrgs)
	next := make(chan int)
	for range 4 {
		wg.Go(func() {
			for i := range next {
				slug := fmt.Sprintf("org%03d", i)
				if err := tm.Create(ctx, slug, "Org "+slug, nil); err != nil {
					errc <- err
				}
			}
		})
	}
	for i := range spreadOrgs {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
	if err := tm.Close(); err != nil {
		b.Fatal(err)
	}
	for i := range spreadOrgs {
		if err := os.WriteFile(filepath.Join(dir, "orgs", fmt.Sprintf("org%03d.db", i)), template, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return token
}

// spreadSignIn accepts the invitation in each organisation that will take
// traffic, as a browser does, and returns each one's Cookie header.
func spreadSignIn(b *testing.B, dir, token string) []string {
	m, port := spreadServer(b, dir, spreadUsed+1)
	defer m.Close()
	c := spreadClient(m.Addr())
	cookies := make([]string, spreadUsed)
	for i := range cookies {
		host := fmt.Sprintf("org%03d.localhost:%s", i, port)
		req, _ := http.NewRequest("POST", "http://"+m.Addr()+"/invite/"+token, strings.NewReader(url.Values{}.Encode()))
		req.Host = host
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			b.Fatalf("%s: accept invitation: %d %v", host, res.StatusCode, res.Header)
		}
		var parts []string
		for _, ck := range res.Cookies() {
			if ck.MaxAge >= 0 && ck.Value != "" {
				parts = append(parts, ck.Name+"="+ck.Value)
			}
		}
		cookies[i] = strings.Join(parts, "; ")
	}
	// The cookies must make a signed-in page, not a sign-in prompt.
	req, _ := http.NewRequest("GET", "http://"+m.Addr()+"/", nil)
	req.Host = "org000.localhost:" + port
	req.Header.Set("Cookie", cookies[0])
	res, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "Hello, Amara") {
		b.Fatalf("not signed in after the invitation: %d %.300s", res.StatusCode, body)
	}
	return cookies
}

// spreadServer starts Porch on dir and returns once its start-up pass of
// the daily ledger jobs, which opens every organisation, is done, so that
// pass is not timed.
func spreadServer(b *testing.B, dir string, maxOpen int) (*Main, string) {
	w := &logWatch{text: "daily ledger jobs done", seen: make(chan struct{})}
	m := &Main{Logger: slog.New(slog.NewTextHandler(w, nil)), Config: Config{Addr: "127.0.0.1:0", DataDir: dir,
		BaseDomain: "localhost", MaxOpenOrgs: maxOpen, OrgIdle: time.Hour, SecretKey: spreadSecret}}
	if err := m.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	select {
	case <-w.seen:
	case <-time.After(5 * time.Minute):
		m.Close()
		b.Fatal("the start-up run of the daily ledger jobs did not finish (or its log line changed)")
	}
	_, port, _ := net.SplitHostPort(m.Addr())
	return m, port
}

// spreadClient keeps enough idle connections for 32 clients; every
// organisation is reached through the same address, so they share them.
func spreadClient(addr string) *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// logWatch discards the server's log but says when a line containing
// text has been written.
type logWatch struct {
	text string
	seen chan struct{}
	once sync.Once
}

func (w *logWatch) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(w.text)) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}
