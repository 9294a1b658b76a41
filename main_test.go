package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/tenants"
)

// runCLI runs a command line as main would and returns its output.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

func TestOrgCreateAndList(t *testing.T) {
	dir := t.TempDir()
	out, _, err := runCLI(t, "org", "create", "acme", "--name", "Acme Property Management",
		"--manager-email", "ops@acme.example", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "http://acme.localhost:8080/") {
		t.Errorf("create output lacks the address: %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "orgs", "acme.db")); err != nil {
		t.Fatalf("database not created: %v", err)
	}
	// The first manager can sign in and is an admin.
	db, err := tenants.OpenMigrated(context.Background(), "acme", filepath.Join(dir, "orgs", "acme.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := estate.FindPersonByEmail(context.Background(), db.Read(), "ops@acme.example")
	if err != nil || !p.PortalEnabled || p.FullName != "Ops" {
		t.Fatalf("manager = %+v, %v", p, err)
	}
	if role, err := estate.StaffRole(context.Background(), db.Read(), p.ID); err != nil || role != estate.StaffRoleAdmin {
		t.Fatalf("manager role = %q, %v", role, err)
	}
	out, _, err = runCLI(t, "org", "list", "--data", dir)
	if err != nil || !strings.Contains(out, "acme") || !strings.Contains(out, "Acme Property Management") {
		t.Fatalf("list = %q, %v", out, err)
	}
}

func TestOrgCreateRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := runCLI(t, "org", "create", "acme", "--name", "Acme", "--manager-email", "ops@acme.example", "--data", dir); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"upper case", []string{"Acme2", "--name", "A", "--manager-email", "a@b.example"}, "upper-case"},
		{"spaces", []string{"acme two", "--name", "A", "--manager-email", "a@b.example"}, "spaces"},
		{"reserved", []string{"www", "--name", "A", "--manager-email", "a@b.example"}, "reserved"},
		{"admin reserved", []string{"admin", "--name", "A", "--manager-email", "a@b.example"}, "reserved"},
		{"too long", []string{strings.Repeat("x", 41), "--name", "A", "--manager-email", "a@b.example"}, "too long"},
		{"taken", []string{"acme", "--name", "A", "--manager-email", "a@b.example"}, "already taken"},
		{"no name", []string{"newco", "--manager-email", "a@b.example"}, "name"},
		{"no manager", []string{"newco", "--name", "New Co"}, "--manager-email"},
		{"bad manager email", []string{"newco", "--name", "New Co", "--manager-email", "not-an-email"}, "--manager-email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"org", "create"}, tt.args...)
			args = append(args, "--data", dir)
			_, _, err := runCLI(t, args...)
			if err == nil || !strings.Contains(message(err), tt.want) {
				t.Fatalf("err = %v, want a message with %q", err, tt.want)
			}
			if c := errs.CodeOf(err); c != errs.Invalid && c != errs.Conflict {
				t.Fatalf("code = %s", c)
			}
		})
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "orgs"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "acme.db,acme.db-shm,acme.db-wal" && strings.Join(names, ",") != "acme.db" {
		t.Fatalf("refused creates left files behind: %v", names)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"bogus"}, {"org"}, {"org", "create"}} {
		_, stderr, err := runCLI(t, args...)
		if err != errUsage || !strings.Contains(stderr, "Usage") {
			t.Errorf("%v: err=%v stderr=%q", args, err, stderr)
		}
	}
}

func TestEnvironmentOverridesFlags(t *testing.T) {
	t.Setenv("PORCH_DATA", "/from/env")
	t.Setenv("PORCH_MAX_OPEN_ORGS", "12")
	var c Config
	fs := newFlagSet("serve", io.Discard)
	fs.serverFlags(&c, false)
	if err := fs.parse([]string{"--addr", ":9999"}); err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/from/env" || c.MaxOpenOrgs != 12 || c.Addr != ":9999" || c.BaseDomain != "localhost" {
		t.Fatalf("config = %+v", c)
	}
	t.Setenv("PORCH_DEV", "maybe")
	fs = newFlagSet("serve", io.Discard)
	fs.serverFlags(&c, false)
	if err := fs.parse(nil); err == nil || !strings.Contains(err.Error(), "PORCH_DEV") {
		t.Fatalf("bad PORCH_DEV accepted: %v", err)
	}
}

// startDemo boots Porch as `porch demo` does, on a free port.
func startDemo(t testing.TB) *Main {
	t.Helper()
	m := &Main{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Config: Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), BaseDomain: "localhost", Dev: true,
		MaxOpenOrgs: 16, OrgIdle: time.Minute}}
	ctx := context.Background()
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	if _, err := m.ensureDemo(ctx); err != nil {
		t.Fatal(err)
	}
	return m
}

// client dials the test server whatever the host name, since Go's resolver
// does not map *.localhost to loopback.
func client(addr string) *http.Client {
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestMainServesDemoAndClosesCleanly(t *testing.T) {
	m := startDemo(t)
	_, port, _ := net.SplitHostPort(m.Addr())
	c := client(m.Addr())
	res, err := c.Get("http://demo.localhost:" + port + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "Northgate Property Management") {
		t.Fatalf("demo home: %d %.300s", res.StatusCode, body)
	}
	if ensured, err := m.ensureDemo(context.Background()); err != nil || ensured {
		t.Fatalf("second ensureDemo = %v, %v; want it to keep the existing demo", ensured, err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if n := m.Tenants.OpenCount(); n != 0 {
		t.Fatalf("%d org databases still open after Close", n)
	}
	if _, err := c.Get("http://demo.localhost:" + port + "/"); err == nil {
		t.Fatal("server still answering after Close")
	}
}

// The demo, which shows sign-in codes on its mail page, listens on this
// machine only unless told otherwise; serve listens on every interface.
func TestDemoListensOnThisMachine(t *testing.T) {
	for _, tt := range []struct {
		demo bool
		want string
	}{{true, "127.0.0.1:8080"}, {false, ":8080"}} {
		var c Config
		fs := newFlagSet("x", io.Discard)
		fs.serverFlags(&c, tt.demo)
		if err := fs.parse(nil); err != nil {
			t.Fatal(err)
		}
		if c.Addr != tt.want {
			t.Errorf("demo=%v: addr %q, want %q", tt.demo, c.Addr, tt.want)
		}
	}
}
