package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
)

// Renaming from the command line: the new address serves the
// organisation, the old one redirects there keeping the path and query,
// and links are built with the new name.
func TestOrgRename(t *testing.T) {
	dir := t.TempDir()
	for _, slug := range []string{"acme", "cedar"} {
		if _, _, err := runCLI(t, "org", "create", slug, "--name", "Org "+slug, "--manager-email", "ops@"+slug+".example", "--data", dir); err != nil {
			t.Fatal(err)
		}
	}
	out, _, err := runCLI(t, "org", "rename", "acme", "bravo", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "http://bravo.localhost:8080/") {
		t.Errorf("rename output lacks the new address: %q", out)
	}
	for _, c := range []struct {
		args []string
		code errs.Code
	}{
		{[]string{"org", "rename", "bravo", "cedar"}, errs.Conflict},  // another organisation's name
		{[]string{"org", "rename", "cedar", "acme"}, errs.Conflict},   // another's former name
		{[]string{"org", "rename", "bravo", "Delta"}, errs.Invalid},   // not a slug
		{[]string{"org", "rename", "acme", "delta"}, errs.Invalid},    // a former name, not the current one
		{[]string{"org", "rename", "nobody", "delta"}, errs.NotFound}, // no such organisation
		{[]string{"org", "create", "bravo", "--name", "B", "--manager-email", "b@b.example"}, errs.Conflict},
		{[]string{"org", "create", "acme", "--name", "A", "--manager-email", "a@a.example"}, errs.Conflict},
	} {
		if _, _, err := runCLI(t, append(c.args, "--data", dir)...); errs.CodeOf(err) != c.code {
			t.Errorf("%v = %v, want %s", c.args, err, c.code)
		}
	}
	out, _, err = runCLI(t, "org", "list", "--data", dir)
	if err != nil || !strings.Contains(out, "acme   bravo") {
		t.Errorf("list = %q, %v; want acme's address bravo", out, err)
	}

	m := &Main{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Config: Config{Addr: "127.0.0.1:0", DataDir: dir, BaseDomain: "localhost",
		MaxOpenOrgs: 16, OrgIdle: time.Minute}}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	_, port, _ := net.SplitHostPort(m.Addr())
	c := client(m.Addr())

	res, err := c.Get("http://acme.localhost:" + port + "/signin?next=%2Fadmin")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if want := "http://bravo.localhost:" + port + "/signin?next=%2Fadmin"; res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != want {
		t.Fatalf("old address: %d to %q, want 301 to %q", res.StatusCode, res.Header.Get("Location"), want)
	}
	res, err = c.Post("http://acme.localhost:"+port+"/signin", "application/x-www-form-urlencoded", strings.NewReader("email=x%40y.example"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusConflict || !strings.Contains(string(body), "moved to http://bravo.localhost:"+port) {
		t.Fatalf("post to the old address: %d %.300s", res.StatusCode, body)
	}
	res, err = c.Get("http://bravo.localhost:" + port + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "Org acme") {
		t.Fatalf("new address: %d %.300s", res.StatusCode, body)
	}
	// Links in mail and documents: the storage name stays acme.
	if got, want := m.portalURL("acme"), "http://bravo.localhost:"+port; got != want {
		t.Errorf("portal URL = %q, want %q", got, want)
	}
	db, release, err := m.Tenants.Acquire(context.Background(), "acme")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	log, err := estate.RecentAudit(context.Background(), db.Read(), 5)
	if err != nil || len(log) == 0 || log[0].Action != "org.renamed" || log[0].Detail != "acme → bravo" {
		t.Fatalf("audit = %+v, %v; want the rename recorded", log, err)
	}
}
