//go:build unix

package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"porch/estate"
	"porch/ledger"
	"porch/mail"
	"porch/tenants"
)

// TestCrashDuringReceiptBurst builds the real binary, signs a manager in
// over HTTP, and kills the server (SIGKILL) while several clients record
// receipts as fast as it takes them. After a restart every receipt that was
// answered with success must be there exactly once, and the ledger must
// still balance: a commit is durable once the client hears of it, and a
// transaction cut short by the kill leaves nothing half-written.
func TestCrashDuringReceiptBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildPorch(t)
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	data := t.TempDir()

	out, err := exec.CommandContext(ctx, bin, "org", "create", "acme", "--name", "Acme Crash Test",
		"--manager-email", "ops@acme.example", "--data", data).CombinedOutput()
	if err != nil {
		t.Fatalf("org create: %v\n%s", err, out)
	}
	unitID, bankID := seedCrashEstate(t, ctx, filepath.Join(data, "orgs", "acme.db"))

	srv := startPorch(t, ctx, bin, data)
	jar, _ := cookiejar.New(nil)
	c := srv.client(jar)
	c.signIn(t, ctx, data, "ops@acme.example")

	// The burst: four clients post receipts with unique references until
	// the server dies under them.
	const (
		workers    = 4
		killAfter  = 120 // successes before the kill
		maxPerTest = 3000
	)
	var (
		mu        sync.Mutex
		succeeded []string
		unexpect  []string
		sent      atomic.Int64
		wg        sync.WaitGroup
	)
	enough := make(chan struct{})
	var enoughOnce sync.Once
	form := func(ref string) url.Values {
		return url.Values{"account": {bankID}, "date": {"2026-03-02"}, "amount": {"12.34"},
			"method": {ledger.MethodBankTransfer}, "reference": {ref}}
	}
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := sent.Add(1)
				if n > maxPerTest || ctx.Err() != nil {
					return
				}
				ref := fmt.Sprintf("CRASH-%05d", n)
				res, err := c.post(ctx, "/admin/ledger/units/"+unitID+"/receipt", form(ref))
				if err != nil {
					return // the server is gone; this one may or may not have committed
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				mu.Lock()
				if res.StatusCode == http.StatusSeeOther && strings.Contains(res.Header.Get("Location"), "done=receipt") {
					succeeded = append(succeeded, ref)
					if len(succeeded) >= killAfter {
						enoughOnce.Do(func() { close(enough) })
					}
				} else {
					unexpect = append(unexpect, fmt.Sprintf("%s: %d %s", ref, res.StatusCode, res.Header.Get("Location")))
				}
				mu.Unlock()
			}
		}()
	}
	select {
	case <-enough:
	case <-ctx.Done():
		t.Fatalf("the burst did not reach %d successes in time\n%s", killAfter, srv.logTail())
	}
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	burst := time.Since(start)
	wg.Wait()
	if err := srv.cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("server exit after SIGKILL: %v", err)
	}
	// The clients have all stopped (wg.Wait), so their results can be read.
	ok := succeeded
	if len(unexpect) > 0 {
		t.Fatalf("%d receipts were refused before the kill, e.g. %s\n%s", len(unexpect), unexpect[0], srv.logTail())
	}
	t.Logf("killed after %d successful receipts in %v (%.0f a second), %d requests sent",
		len(ok), burst.Round(time.Millisecond), float64(len(ok))/burst.Seconds(), min(sent.Load(), maxPerTest))

	// Restart on the same data: it serves the same session, and takes writes.
	srv = startPorch(t, ctx, bin, data)
	c = srv.client(jar)
	res, err := c.get(ctx, "/admin/ledger/units/"+unitID)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("unit account after restart: %v %v\n%s", res, err, srv.logTail())
	}
	res.Body.Close()
	res, err = c.post(ctx, "/admin/ledger/units/"+unitID+"/receipt", form("AFTER-RESTART"))
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("receipt after restart: %v %v\n%s", res, err, srv.logTail())
	}
	res.Body.Close()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.cmd.Wait(); err != nil {
		t.Fatalf("graceful stop after restart: %v\n%s", err, srv.logTail())
	}

	checkCrashLedger(t, ctx, filepath.Join(data, "orgs", "acme.db"), ok)
}

// checkCrashLedger checks that every acknowledged receipt is in the
// database once, and that the ledger balances.
func checkCrashLedger(t *testing.T, ctx context.Context, path string, acknowledged []string) {
	t.Helper()
	db, err := tenants.Open(ctx, "acme", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := db.Read()
	var integrity string
	if err := q.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check = %q, %v", integrity, err)
	}
	count := map[string]int{}
	rows, err := q.QueryContext(ctx, `SELECT reference, count(*) FROM journals
		WHERE kind = 'receipt' AND (reference LIKE 'CRASH-%' OR reference = 'AFTER-RESTART') GROUP BY reference`)
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	for rows.Next() {
		var ref string
		var n int
		if err := rows.Scan(&ref, &n); err != nil {
			t.Fatal(err)
		}
		count[ref] = n
		stored += n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	missing := 0
	for _, ref := range acknowledged {
		if count[ref] != 1 {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged receipt %s is stored %d times", ref, count[ref])
			}
		}
	}
	for ref, n := range count {
		if n != 1 {
			t.Errorf("receipt %s stored %d times", ref, n)
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged receipts are not stored exactly once", missing, len(acknowledged))
	}
	if count["AFTER-RESTART"] != 1 {
		t.Error("the receipt taken after the restart is not stored")
	}
	t.Logf("%d acknowledged, %d stored (the rest were in flight at the kill)", len(acknowledged), stored)

	// Every journal balances and has its two sides; the money adds up.
	var unbalanced, oneSided int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT journal_id FROM postings
		GROUP BY journal_id HAVING sum(amount) <> 0)`).Scan(&unbalanced); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM journals j
		WHERE (SELECT count(*) FROM postings p WHERE p.journal_id = j.id) < 2`).Scan(&oneSided); err != nil {
		t.Fatal(err)
	}
	if unbalanced != 0 || oneSided != 0 {
		t.Fatalf("%d journals do not balance and %d have fewer than two postings", unbalanced, oneSided)
	}
	var receipts, banked int64
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM journals WHERE kind = 'receipt'`).Scan(&receipts); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRowContext(ctx, `SELECT coalesce(sum(p.amount), 0) FROM postings p
		JOIN ledger_accounts a ON a.id = p.account_id WHERE a.purpose = 'bank'`).Scan(&banked); err != nil {
		t.Fatal(err)
	}
	if receipts != int64(stored) || banked != receipts*1234 {
		t.Fatalf("%d receipt journals (want %d) put %d pence in the bank (want %d)", receipts, stored, banked, receipts*1234)
	}
}

// buildPorch builds the binary as the Dockerfile does (CGO_ENABLED=0), but
// without -trimpath, so that it reuses the packages `go test` just compiled.
func buildPorch(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary with")
	}
	bin := filepath.Join(t.TempDir(), "porch")
	cmd := exec.CommandContext(ctx, gobin, "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// seedCrashEstate gives the org created on the command line a block with
// one flat and a client bank account, writing straight to its file before
// any server runs. It returns the flat's and the account's public ids.
func seedCrashEstate(t *testing.T, ctx context.Context, path string) (unit, bank string) {
	t.Helper()
	db, err := tenants.Open(ctx, "acme", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now()
	err = db.Write(ctx, func(tx *sql.Tx) error {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Harbour View", Kind: estate.KindBlock,
			AddressLine1: "1 Quay Street", Town: "Bristol", Postcode: "BS1 4RN"}, now)
		if err != nil {
			return err
		}
		u, err := estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "Flat 1", Share: "100"}, now)
		if err != nil {
			return err
		}
		if err := ledger.EnsureChart(ctx, tx, now); err != nil {
			return err
		}
		a, err := ledger.CreateBankAccount(ctx, tx, now, site.ID, ledger.BankAccountInput{Name: "Harbour View client account",
			SortCode: "20-00-00", AccountNumber: "55779911"})
		unit, bank = u.PublicID, a.PublicID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return unit, bank
}

// porchProcess is `porch serve` running as a child process.
type porchProcess struct {
	cmd  *exec.Cmd
	addr string

	mu  sync.Mutex
	log []string
}

var listenRE = regexp.MustCompile(`msg="porch listening" addr=(\S+)`)

// startPorch starts `porch serve` on a free loopback port and waits until it
// listens. The test's context bounds its life.
func startPorch(t *testing.T, ctx context.Context, bin, data string) *porchProcess {
	t.Helper()
	p := &porchProcess{cmd: exec.CommandContext(ctx, bin, "serve", "--data", data, "--addr", "127.0.0.1:0", "--dev")}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PORCH_") {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.log = append(p.log, line)
			p.mu.Unlock()
			if m := listenRE.FindStringSubmatch(line); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case p.addr = <-addr:
	case <-time.After(20 * time.Second):
		t.Fatalf("porch serve did not start listening\n%s", p.logTail())
	}
	return p
}

// logTail is the end of the server's log, for failure messages.
func (p *porchProcess) logTail() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.log[max(0, len(p.log)-20):], "\n")
}

// crashClient is a browser-like client of the org acme on a running server.
type crashClient struct {
	http *http.Client
	site string
}

func (p *porchProcess) client(jar http.CookieJar) *crashClient {
	_, port, _ := net.SplitHostPort(p.addr)
	hc := client(p.addr)
	hc.Jar = jar
	hc.Timeout = 10 * time.Second
	return &crashClient{http: hc, site: "http://acme.localhost:" + port}
}

func (c *crashClient) get(ctx context.Context, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.site+path, nil)
	if err != nil {
		return nil, err
	}
	return c.http.Do(req)
}

// post sends a form as the page's own form would.
func (c *crashClient) post(ctx context.Context, path string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", c.site+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.http.Do(req)
}

// signIn asks for a code, reads it from the mail the server wrote to
// <data>/mail, and enters it.
func (c *crashClient) signIn(t *testing.T, ctx context.Context, data, email string) {
	t.Helper()
	res, err := c.post(ctx, "/sign-in", url.Values{"email": {email}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /sign-in: %v %v", res, err)
	}
	res.Body.Close()
	var code string
	for code == "" {
		msgs, err := mail.ListFiles(filepath.Join(data, "mail"), "acme")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if sub := crashCodeRE.FindStringSubmatch(m.Text); sub != nil && strings.Contains(m.To, email) {
				code = sub[1]
			}
		}
		if code == "" {
			select {
			case <-ctx.Done():
				t.Fatal("no sign-in code was mailed")
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	res, err = c.post(ctx, "/sign-in/code", url.Values{"code": {code}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /sign-in/code: %v %v", res, err)
	}
	res.Body.Close()
	res, err = c.get(ctx, "/admin")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /admin after sign-in: %v %v", res, err)
	}
	res.Body.Close()
}

var crashCodeRE = regexp.MustCompile(`\b(\d{6})\b`)
