package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/tenants"
)

// NewOrg is what creating an organisation needs.
type NewOrg struct {
	Slug         string
	Name         string
	ManagerEmail string
	ManagerName  string
}

// createOrg creates the organisation's database with its settings and its
// first manager (an admin), in one step that leaves nothing behind on
// failure.
func createOrg(ctx context.Context, tm *tenants.Manager, in NewOrg, now time.Time) error {
	in.Name = strings.TrimSpace(in.Name)
	in.ManagerEmail = strings.TrimSpace(in.ManagerEmail)
	if in.ManagerEmail == "" {
		msg := "Give the first manager's email address with --manager-email."
		return &errs.Error{Code: errs.Invalid, Message: msg, Fields: map[string]string{"manager_email": msg}}
	}
	if strings.TrimSpace(in.ManagerName) == "" {
		in.ManagerName = nameFromEmail(in.ManagerEmail)
	}
	return tm.Create(ctx, in.Slug, in.Name, func(ctx context.Context, db *tenants.DB) error {
		return db.Write(ctx, func(tx *sql.Tx) error {
			if err := estate.InitSettings(ctx, tx, in.Name, now); err != nil {
				return err
			}
			p, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: in.ManagerName, Email: in.ManagerEmail, PortalEnabled: true}, now)
			if err != nil {
				return fieldsAsFlags(err)
			}
			if err := estate.AddStaff(ctx, tx, p.ID, estate.StaffRoleAdmin, now); err != nil {
				return err
			}
			return estate.Audit(ctx, tx, estate.AuditEntry{Action: "org.created",
				Object: "org:" + in.Slug, Detail: "first manager " + in.ManagerEmail}, now)
		})
	})
}

// fieldsAsFlags words field messages for the command line.
func fieldsAsFlags(err error) error {
	e, ok := errs.As(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	var parts []string
	for f, msg := range e.Fields {
		flag := map[string]string{"email": "--manager-email", "full_name": "--manager-name"}[f]
		if flag == "" {
			flag = f
		}
		parts = append(parts, flag+": "+msg)
	}
	return &errs.Error{Code: e.Code, Message: strings.Join(parts, "; "), Fields: e.Fields}
}

// nameFromEmail makes a display name from an address's local part:
// "jane.doe@x" -> "Jane Doe". The manager can change it later.
func nameFromEmail(email string) string {
	local, _, _ := strings.Cut(email, "@")
	words := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' || r == '+' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	if len(words) == 0 {
		return "Manager"
	}
	return strings.Join(words, " ")
}

func cmdOrgCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var in NewOrg
	fs := newFlagSet("org create", stderr)
	fs.storageFlags(&cfg, "./data")
	fs.str(&cfg.Addr, "addr", ":8080", "the address the server listens on, to print the organisation's URL")
	fs.StringVar(&in.Name, "name", "", "the organisation's name, e.g. \"Acme Property Management\"")
	fs.StringVar(&in.ManagerEmail, "manager-email", "", "email address of the first manager")
	fs.StringVar(&in.ManagerName, "manager-name", "", "full name of the first manager (default: from the email address)")
	// The slug comes first (porch org create acme --name ...); flag parsing
	// stops at the first non-flag, so take it off the front.
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "Usage: porch org create SLUG --name NAME --manager-email EMAIL [--manager-name NAME]")
		return errUsage
	}
	in.Slug = args[0]
	if err := fs.parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	tm, err := tenants.NewManager(ctx, tenants.Options{DataDir: cfg.DataDir, BaseDomain: cfg.BaseDomain})
	if err != nil {
		return err
	}
	defer tm.Close()
	if err := createOrg(ctx, tm, in, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %s (%s).\nIts portal is at %s/ and %s can sign in there as its manager.\n",
		in.Slug, strings.TrimSpace(in.Name), cfg.orgURL(in.Slug), in.ManagerEmail)
	return nil
}

func cmdOrgList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	tm, _, _, err := orgCommand(ctx, "list", "list", 0, args, stderr)
	if err != nil {
		return err
	}
	defer tm.Close()
	orgs, err := tm.List(ctx)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		fmt.Fprintln(stdout, "No organisations yet. Create one with: porch org create SLUG --name NAME --manager-email EMAIL")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SLUG\tADDRESS\tNAME\tCREATED")
	for _, o := range orgs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.Slug, o.Address, o.Name, o.CreatedAt.Format("2006-01-02"))
	}
	return tw.Flush()
}
