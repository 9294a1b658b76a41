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

	"porch/auditlog"
	"porch/errs"
	"porch/tenants"
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
	// Payment providers' webhooks, which follow no redirect, are still
	// taken at the old address (and refused here only for their signature).
	res, err = c.Post("http://acme.localhost:"+port+"/webhooks/stripe", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || strings.Contains(string(body), "moved") {
		t.Fatalf("webhook at the old address: %d %.300s", res.StatusCode, body)
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
	log, err := auditlog.Recent(context.Background(), db.Read(), 5)
	if err != nil || len(log) == 0 || log[0].Action != "org.renamed" || log[0].Detail != "acme → bravo" {
		t.Fatalf("audit = %+v, %v; want the rename recorded", log, err)
	}
}

// The operator lists the hostnames organisations asked for, with the DNS
// record each needs, and switches one on; the organisation's log says so.
func TestOrgHostnames(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := runCLI(t, "org", "create", "acme", "--name", "Acme", "--manager-email", "ops@acme.example", "--data", dir, "--base-domain", "porch.example"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "org", "hostnames", "--data", dir, "--base-domain", "porch.example")
	if err != nil || !strings.Contains(out, "No custom hostnames") {
		t.Fatalf("empty list = %q, %v", out, err)
	}
	tm, err := tenants.NewManager(context.Background(), tenants.Options{DataDir: dir, BaseDomain: "porch.example"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.RequestHostname(context.Background(), "acme", "portal.acme.co.uk", time.Now()); err != nil {
		t.Fatal(err)
	}
	tm.Close()
	out, _, err = runCLI(t, "org", "hostnames", "--data", dir, "--base-domain", "porch.example")
	if err != nil || !strings.Contains(out, "portal.acme.co.uk. CNAME acme.porch.example.") {
		t.Fatalf("list = %q, %v", out, err)
	}
	if _, _, err := runCLI(t, "org", "hostname", "add", "acme", "10.0.0.1", "--data", dir, "--base-domain", "porch.example"); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("adding an IP address = %v", err)
	}
	if _, stderr, err := runCLI(t, "org", "hostname", "add", "acme"); err == nil || !strings.Contains(stderr, "Usage: porch org hostname add") {
		t.Fatalf("missing hostname = %v, %q", err, stderr)
	}
	out, _, err = runCLI(t, "org", "hostname", "add", "acme", "Portal.Acme.co.uk", "--data", dir, "--base-domain", "porch.example")
	if err != nil || !strings.Contains(out, "portal.acme.co.uk now reaches acme") {
		t.Fatalf("add = %q, %v", out, err)
	}
	out, _, _ = runCLI(t, "org", "hostnames", "--data", dir, "--base-domain", "porch.example")
	if !strings.Contains(out, "No custom hostnames") {
		t.Errorf("the request is still listed: %q", out)
	}
	tm, err = tenants.NewManager(context.Background(), tenants.Options{DataDir: dir, BaseDomain: "porch.example"})
	if err != nil {
		t.Fatal(err)
	}
	defer tm.Close()
	if slug, _, err := tm.Resolve(context.Background(), "portal.acme.co.uk"); err != nil || slug != "acme" {
		t.Fatalf("resolve = %q, %v", slug, err)
	}
	db, release, err := tm.Acquire(context.Background(), "acme")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if log, err := auditlog.Recent(context.Background(), db.Read(), 1); err != nil || log[0].Action != "hostname.activated" || log[0].Object != "portal.acme.co.uk" {
		t.Fatalf("audit = %+v, %v", log, err)
	}
}
