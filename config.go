package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"porch/auth"
)

// Config is the server's configuration, from flags with PORCH_ environment
// overrides.
type Config struct {
	Addr        string
	DataDir     string
	BaseDomain  string
	Dev         bool
	TLSProxy    bool
	SMTPURL     string
	MailFrom    string
	MaxOpenOrgs int
	OrgIdle     time.Duration
	SecretKey   string
	SessionIdle time.Duration
	SessionMax  time.Duration

	LitestreamConfig string // litestream.yml; empty turns replication off

	CPUProfile string // write a CPU profile here while the server runs
}

// env returns PORCH_<NAME> for a flag name like "base-domain".
func env(name string) (string, bool) {
	return os.LookupEnv("PORCH_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_")))
}

// newFlagSet makes a flag set whose defaults come from the environment, so
// PORCH_DATA=/data works like --data /data and a flag still wins.
type flagSet struct {
	*flag.FlagSet
	errs []string
}

func newFlagSet(name string, stderr io.Writer) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return &flagSet{FlagSet: fs}
}

func (f *flagSet) str(p *string, name, def, help string) {
	if v, ok := env(name); ok {
		def = v
	}
	f.StringVar(p, name, def, help)
}

func (f *flagSet) boolean(p *bool, name string, def bool, help string) {
	if v, ok := env(name); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Sprintf("PORCH_%s=%q is not true or false", strings.ToUpper(strings.ReplaceAll(name, "-", "_")), v))
		}
		def = b
	}
	f.BoolVar(p, name, def, help)
}

func (f *flagSet) integer(p *int, name string, def int, help string) {
	if v, ok := env(name); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Sprintf("PORCH_%s=%q is not a whole number", strings.ToUpper(strings.ReplaceAll(name, "-", "_")), v))
		}
		def = n
	}
	f.IntVar(p, name, def, help)
}

func (f *flagSet) duration(p *time.Duration, name string, def time.Duration, help string) {
	if v, ok := env(name); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Sprintf("PORCH_%s=%q is not a duration such as 10m", strings.ToUpper(strings.ReplaceAll(name, "-", "_")), v))
		}
		def = d
	}
	f.DurationVar(p, name, def, help)
}

// parse parses args and reports environment values that did not parse.
func (f *flagSet) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		return errUsage
	}
	if len(f.errs) > 0 {
		return fmt.Errorf("%s", strings.Join(f.errs, "; "))
	}
	return nil
}

// storageFlags are shared by every command that touches the data directory.
func (f *flagSet) storageFlags(c *Config, defData string) {
	f.str(&c.DataDir, "data", defData, "data directory: catalog.db, orgs/<slug>.db, mail/")
	f.str(&c.BaseDomain, "base-domain", "localhost", "organisations are served at <slug>.<base-domain>")
}

// serverFlags are the flags of serve and demo.
func (f *flagSet) serverFlags(c *Config, demo bool) {
	defData := "./data"
	if demo {
		defData = "./demo-data"
	}
	f.storageFlags(c, defData)
	addr, addrHelp := ":8080", "address to listen on"
	if demo {
		// The demo signs anyone in from its mail page: this machine only,
		// unless asked otherwise.
		addr, addrHelp = "127.0.0.1:8080", "address to listen on (the demo keeps to this machine unless told otherwise)"
	}
	f.str(&c.Addr, "addr", addr, addrHelp)
	f.boolean(&c.Dev, "dev", demo, "development mode: mail to files, /_dev/mail, organisations listed on the landing page")
	f.boolean(&c.TLSProxy, "tls-proxy", false, "requests arrive through a TLS-terminating proxy: send HSTS, trust X-Forwarded-For")
	f.str(&c.SMTPURL, "smtp-url", "", "deliver mail over SMTP, e.g. smtp://user:pass@smtp.example.com:587; empty writes .eml files under <data>/mail")
	f.str(&c.MailFrom, "mail-from", "", "sender address of outgoing mail (default no-reply@<base-domain>)")
	f.integer(&c.MaxOpenOrgs, "max-open-orgs", 512, "organisation databases kept open at most")
	f.duration(&c.OrgIdle, "org-idle", 10*time.Minute, "close an organisation's database after this long unused")
	f.str(&c.SecretKey, "secret-key", "", "secret for cookies and stored codes, 32+ random bytes as hex or base64 (default: <data>/secret.key, created on first run)")
	f.duration(&c.SessionIdle, "session-idle", auth.DefaultSessionPolicy.Idle, "a session ends after this long without use")
	f.duration(&c.SessionMax, "session-max", auth.DefaultSessionPolicy.Absolute, "a session ends this long after sign-in, whatever happens")
	f.str(&c.CPUProfile, "cpu-profile", "", "write a CPU profile (go tool pprof) to this file from start-up until the server stops, for load tests")
	f.replicationFlags(c)
}

// replicationFlags are the flags of every command that uses the replicas.
func (f *flagSet) replicationFlags(c *Config) {
	f.str(&c.LitestreamConfig, "litestream-config", "", "litestream.yml (Litestream's format) naming the replicas of the catalog and <data>/orgs; empty turns replication off")
}

// orgURL is the address at which an org is served, for printing.
func (c Config) orgURL(slug string) string {
	port := ""
	if _, p, err := net.SplitHostPort(c.Addr); err == nil && p != "80" && p != "443" && p != "0" {
		port = ":" + p
	}
	scheme := "http"
	if c.TLSProxy {
		scheme, port = "https", ""
	}
	return fmt.Sprintf("%s://%s.%s%s", scheme, slug, c.BaseDomain, port)
}
