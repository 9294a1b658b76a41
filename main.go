// Command porch is a self-hosted resident and owner portal for property
// managers: one binary serving every organisation, each in its own SQLite
// database chosen by subdomain.
//
//	porch serve                 run the server
//	porch demo                  run with a demo organisation on http://demo.localhost:8080
//	porch org create SLUG ...   create an organisation
//	porch org list              list organisations
//	porch org rename OLD NEW    serve an organisation at a new subdomain
//	porch org hostnames         list custom hostnames waiting to be switched on
//	porch org hostname add ...  switch a custom hostname on
//	porch restore SLUG|--all    restore from the Litestream replicas
//	porch backup-check          check that every replica restores and matches
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"porch/errs"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "porch:", message(err))
		if errors.Is(err, errUsage) || errs.CodeOf(err) == errs.Invalid || errs.CodeOf(err) == errs.Conflict {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// message is what the command line shows for err: the client-safe message
// of a domain error, else the error itself.
func message(err error) string {
	if e, ok := errs.As(err); ok && e.Code != errs.Internal {
		return e.Message
	}
	return err.Error()
}

var errUsage = errors.New("usage")

const usage = `Usage:
  porch serve [flags]            run the server (porch serve -h for flags)
  porch demo [flags]             run with the demo organisation at http://demo.localhost:8080
  porch org create SLUG --name NAME --manager-email EMAIL [--manager-name NAME]
  porch org list
  porch org rename OLD NEW       serve the organisation at NEW.<base-domain>; OLD.<base-domain> redirects there
  porch org hostnames            list the custom hostnames organisations have asked for, with their DNS records
  porch org hostname add ORGANISATION HOSTNAME   switch a custom hostname on once its DNS record is in place
  porch restore SLUG [--timestamp T] [--to PATH]   restore an organisation from its replica
  porch restore --all [--timestamp T]              rebuild an empty data directory from the replicas
  porch backup-check                               restore every replica to a temporary directory and
                                                   compare row counts with the live databases

Replication is on when --litestream-config names a litestream.yml (the shipped one works as it is).
Every flag can also be set in the environment as PORCH_<FLAG>, e.g. PORCH_DATA=/data.
`

// run dispatches a command line; ctx is cancelled by SIGINT or SIGTERM.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr, false)
	case "demo":
		return cmdServe(ctx, args[1:], stdout, stderr, true)
	case "org":
		if len(args) < 2 {
			fmt.Fprint(stderr, usage)
			return errUsage
		}
		switch args[1] {
		case "create":
			return cmdOrgCreate(ctx, args[2:], stdout, stderr)
		case "list":
			return cmdOrgList(ctx, args[2:], stdout, stderr)
		case "rename":
			return cmdOrgRename(ctx, args[2:], stdout, stderr)
		case "hostnames":
			return cmdOrgHostnames(ctx, args[2:], stdout, stderr)
		case "hostname":
			if len(args) > 2 && args[2] == "add" {
				return cmdOrgHostnameAdd(ctx, args[3:], stdout, stderr)
			}
		}
	case "restore":
		return cmdRestore(ctx, args[1:], stdout, stderr)
	case "backup-check":
		return cmdBackupCheck(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return errUsage
}
