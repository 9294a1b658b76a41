package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"porch/estate"
	"porch/tenants"
)

// orgCommand opens the catalog for an org subcommand that takes exactly
// want positional arguments (named in use) before its flags.
func orgCommand(ctx context.Context, name, use string, want int, args []string, stderr io.Writer) (*tenants.Manager, []string, Config, error) {
	var cfg Config
	fs := newFlagSet("org "+name, stderr)
	fs.storageFlags(&cfg, "./data")
	fs.str(&cfg.Addr, "addr", ":8080", "the address the server listens on, to print the organisation's URL")
	if len(args) < want || (want > 0 && strings.HasPrefix(args[0], "-")) {
		fmt.Fprintln(stderr, "Usage: porch org "+use)
		return nil, nil, cfg, errUsage
	}
	pos := args[:want]
	if err := fs.parse(args[want:]); err != nil {
		return nil, nil, cfg, err
	}
	if fs.NArg() > 0 {
		return nil, nil, cfg, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	tm, err := tenants.NewManager(ctx, tenants.Options{DataDir: cfg.DataDir, BaseDomain: cfg.BaseDomain})
	if err != nil {
		return nil, nil, cfg, err
	}
	return tm, pos, cfg, nil
}

// auditOrg records, in the organisation's own audit log, what the operator
// did to it from the command line. The write leaves checkpoints alone, as
// a server replicating the database with Litestream expects.
func auditOrg(ctx context.Context, tm *tenants.Manager, slug string, e estate.AuditEntry, now time.Time) error {
	db, release, err := tm.Acquire(ctx, slug)
	if err != nil {
		return err
	}
	defer release()
	if _, err := db.Writer().ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		return err
	}
	return db.Write(ctx, func(tx *sql.Tx) error { return estate.Audit(ctx, tx, e, now) })
}

// cmdOrgRename serves an organisation at a new subdomain. Its database
// file and replicas keep their names (see tenants/addresses.go), so this
// is safe while the server runs: the new address works at once, and the
// old one redirects to it within a minute (as soon as the server's cached
// answer for it expires).
func cmdOrgRename(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	tm, pos, cfg, err := orgCommand(ctx, "rename", "rename OLD NEW", 2, args, stderr)
	if err != nil {
		return err
	}
	defer tm.Close()
	now := time.Now()
	slug, err := tm.Rename(ctx, pos[0], pos[1], now)
	if err != nil {
		return err
	}
	err = auditOrg(ctx, tm, slug, estate.AuditEntry{Action: "org.renamed", Object: "org:" + pos[1],
		Detail: pos[0] + " → " + pos[1]}, now)
	if err != nil {
		return fmt.Errorf("renamed, but not recorded in the organisation's audit log: %w", err)
	}
	fmt.Fprintf(stdout, "Renamed %s to %s.\nIts portal is at %s/ and %s/ redirects there.\n",
		pos[0], pos[1], cfg.orgURL(pos[1]), cfg.orgURL(pos[0]))
	return nil
}

// cmdOrgHostnames lists the custom hostnames organisations have asked for,
// with the DNS record each needs, for the operator to activate.
func cmdOrgHostnames(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	tm, _, _, err := orgCommand(ctx, "hostnames", "hostnames", 0, args, stderr)
	if err != nil {
		return err
	}
	defer tm.Close()
	reqs, err := tm.HostnameRequests(ctx, "")
	if err != nil {
		return err
	}
	if len(reqs) == 0 {
		fmt.Fprintln(stdout, "No custom hostnames are waiting to be switched on.")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ORGANISATION\tHOSTNAME\tREQUESTED\tDNS RECORD")
	for _, r := range reqs {
		at := tm.Address(ctx, r.Slug)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", at, r.Host, r.At.Format("2006-01-02"), tenants.CNAME(r.Host, at, tm.BaseDomain()))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nOnce a record is in place, switch the hostname on with: porch org hostname add ORGANISATION HOSTNAME")
	return nil
}

// cmdOrgHostnameAdd points a custom hostname at an organisation, settling
// its request if it made one.
func cmdOrgHostnameAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	tm, pos, _, err := orgCommand(ctx, "hostname add", "hostname add ORGANISATION HOSTNAME", 2, args, stderr)
	if err != nil {
		return err
	}
	defer tm.Close()
	host, err := tenants.ValidateHostname(pos[1], tm.BaseDomain())
	if err != nil {
		return err
	}
	if err := tm.AddHostname(ctx, host, pos[0]); err != nil {
		return err
	}
	slug, _, err := tm.Resolve(ctx, host)
	if err != nil {
		return err
	}
	now := time.Now()
	if err := auditOrg(ctx, tm, slug, estate.AuditEntry{Action: "hostname.activated", Object: host}, now); err != nil {
		return fmt.Errorf("switched on, but not recorded in the organisation's audit log: %w", err)
	}
	fmt.Fprintf(stdout, "%s now reaches %s. Make sure the TLS proxy serves a certificate for it.\n", host, tm.Address(ctx, slug))
	return nil
}
