package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"porch/auth"
	"porch/demo"
	"porch/files"
	"porch/handlers"
	"porch/handlers/app"
	"porch/jobs"
	"porch/ledger"
	"porch/mail"
	"porch/payments"
	"porch/replicate"
	"porch/tenants"
	"porch/views"
)

// Main is a running Porch: tests boot it on :0 with Run and stop it with
// Close, exactly as the serve command does.
type Main struct {
	Config Config
	Logger *slog.Logger

	Tenants    *tenants.Manager
	Sender     *mail.Sender
	Jobs       *jobs.Runner          // recurring demands and scheduled deductions, daily
	Replicator *replicate.Replicator // nil when replication is off
	Files      *files.Store          // each organisation's photos and documents

	lock *replicate.Lock
	// serveDemands serves demands just raised, for the daily job and the
	// demo.
	serveDemands func(ctx context.Context, slug string, db *tenants.DB, tx *sql.Tx, invoices []ledger.Invoice) error

	ln      net.Listener
	server  *http.Server
	stop    context.CancelFunc
	wg      sync.WaitGroup
	closeMu sync.Once
}

// Run opens the data directory, starts the mail sender and the daily ledger
// jobs, and begins serving on Config.Addr. It returns once the listener is
// open; Close stops it all.
func (m *Main) Run(ctx context.Context) (err error) {
	if m.Logger == nil {
		m.Logger = slog.Default()
	}
	defer func() {
		if err != nil {
			m.Close()
		}
	}()
	// The lock tells porch restore that the databases are live.
	if m.lock, err = replicate.LockDataDir(m.Config.DataDir); err != nil {
		return err
	}
	maxOpen, fitted := fitOpenOrgs(m.Config.MaxOpenOrgs, openFileLimit())
	if fitted {
		m.Logger.Warn("fewer organisations kept open than --max-open-orgs: the open-file limit is too low for more",
			"max_open_orgs", m.Config.MaxOpenOrgs, "kept_open", maxOpen, "open_file_limit", openFileLimit())
	}
	topt := tenants.Options{
		DataDir:     m.Config.DataDir,
		BaseDomain:  m.Config.BaseDomain,
		MaxOpen:     maxOpen,
		IdleTimeout: m.Config.OrgIdle,
		Logger:      m.Logger,
	}
	if m.Config.LitestreamConfig != "" {
		rcfg, err := replicate.Load(m.Config.LitestreamConfig, m.Config.DataDir)
		if err != nil {
			return err
		}
		m.Replicator = replicate.New(rcfg, m.Logger)
		topt.OnOpen, topt.OnClose = m.Replicator.OnOpen, m.Replicator.OnClose
	}
	// The file store opens beside each org database and is replicated
	// with it, by the same hooks.
	fcfg := files.Config{}
	if m.Replicator != nil {
		fcfg.OnOpen, fcfg.OnClose, fcfg.Stored = m.Replicator.OnOpen, m.Replicator.OnClose, m.Replicator.Stored
	}
	m.Files = files.New(fcfg)
	m.Tenants, err = tenants.NewManager(ctx, topt)
	if err != nil {
		return err
	}
	if m.Replicator != nil {
		if err := m.Replicator.Open(ctx); err != nil {
			m.Replicator = nil
			return err
		}
		rcfg := m.Replicator.Config()
		m.Logger.Info("replication on", "config", rcfg.File, "catalog_replica", rcfg.ReplicaURL(rcfg.CatalogPath()),
			"orgs_replica", rcfg.OrgsReplicaURL())
	} else {
		m.Logger.Warn("replication off: no --litestream-config, so nothing is copied off this disk; see README, Backups and restore")
	}

	mailDir := filepath.Join(m.Config.DataDir, "mail")
	var transport mail.Transport
	if m.Config.SMTPURL != "" {
		if transport, err = mail.NewSMTPTransport(m.Config.SMTPURL); err != nil {
			return err
		}
	} else {
		transport = mail.NewFileTransport(mailDir)
		m.Logger.Info("no --smtp-url: mail is written to files", "dir", mailDir)
	}
	from := m.Config.MailFrom
	if from == "" {
		from = mail.DefaultFrom
		if strings.Contains(m.Config.BaseDomain, ".") {
			from = "no-reply@" + m.Config.BaseDomain
		}
	}
	m.Sender = mail.NewSender(m.Tenants, transport, mail.SenderConfig{From: from, Logger: m.Logger})
	secret, created, err := auth.LoadOrCreateSecret(m.Config.DataDir, m.Config.SecretKey)
	if err != nil {
		return fmt.Errorf("secret key: %w", err)
	}
	if created {
		m.Logger.Warn("created a new secret key; keep it safe and back it up with the data", "path", filepath.Join(m.Config.DataDir, "secret.key"))
	}
	keys, err := auth.NewKeys(secret)
	if err != nil {
		return err
	}
	policy := auth.SessionPolicy{Idle: m.Config.SessionIdle, Absolute: m.Config.SessionMax}
	if policy.Idle <= 0 || policy.Absolute <= 0 {
		policy = auth.DefaultSessionPolicy
	}

	rend, err := views.New()
	if err != nil {
		return err
	}
	hcfg := handlers.Config{
		Tenants:       m.Tenants,
		Views:         rend,
		Logger:        m.Logger,
		Dev:           m.Config.Dev,
		TLSProxy:      m.Config.TLSProxy,
		MailDir:       mailDir,
		MailKick:      m.Sender.Kick,
		Keys:          keys,
		SessionPolicy: policy,
		PortalURL:     m.portalURL,
		// The jobs start below, before the server serves a request.
		Wake: func(slug string, at time.Time) { m.Jobs.Wake(slug, at) },
	}
	e := app.New(hcfg)
	m.serveDemands = handlers.DemandServer(hcfg, m.portalURL)
	m.Jobs = jobs.New(m.Tenants, jobs.Config{Logger: m.Logger, DirectDebit: payments.GoCardlessConfig{Key: keys.Secrets},
		ProviderSync: handlers.ProviderSync(hcfg, m.portalURL), ServeDemands: m.serveDemands,
		SendReminders: handlers.ReminderSender(hcfg, m.portalURL), Timed: handlers.NoticeCopier(hcfg, m.portalURL)})

	m.ln, err = net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	if ta, ok := m.ln.Addr().(*net.TCPAddr); ok && m.Config.Dev && !ta.IP.IsLoopback() {
		m.Logger.Warn("DEVELOPMENT MODE ON A NETWORK ADDRESS: others can reach this server; its sign-in codes are only shown at /_dev/mail to this machine, but use --dev only for trying Porch out",
			"addr", m.ln.Addr().String())
	}
	m.server = &http.Server{
		Handler:           e,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	var bg context.Context
	bg, m.stop = context.WithCancel(context.Background())
	m.wg.Add(4)
	go func() {
		defer m.wg.Done()
		m.catchUp(bg)
	}()
	go func() {
		defer m.wg.Done()
		m.Sender.Run(bg)
	}()
	go func() {
		defer m.wg.Done()
		m.Jobs.Run(bg)
	}()
	go func() {
		defer m.wg.Done()
		if err := m.server.Serve(m.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Logger.Error("server stopped", "err", err)
		}
	}()
	m.Logger.Info("porch listening", "addr", m.ln.Addr().String(), "data", m.Config.DataDir,
		"base_domain", m.Config.BaseDomain, "dev", m.Config.Dev)
	return nil
}

// Addr is the address the server listens on (useful with :0).
func (m *Main) Addr() string { return m.ln.Addr().String() }

// Close shuts down gracefully: no new connections, in-flight requests get up
// to ten seconds, then the mail sender and the daily jobs stop and every org
// database closes.
func (m *Main) Close() error {
	var err error
	m.closeMu.Do(func() {
		if m.server != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err = m.server.Shutdown(ctx)
			cancel()
		}
		if m.stop != nil {
			m.stop()
		}
		m.wg.Wait()
		if m.Tenants != nil {
			err = errors.Join(err, m.Tenants.Close())
		}
		if m.Replicator != nil {
			// Every org database is closed (and synced) by now; this syncs
			// the catalog and stops.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			err = errors.Join(err, m.Replicator.Close(ctx))
			cancel()
		}
		err = errors.Join(err, m.lock.Unlock())
	})
	return err
}

// catchUp gives a first snapshot to every organisation whose replica is
// empty: replication was just turned on, or porch org create made it while
// the server was stopped or before it was first opened.
func (m *Main) catchUp(ctx context.Context) {
	if m.Replicator == nil {
		return
	}
	orgs, err := m.Tenants.List(ctx)
	if err != nil {
		m.Logger.Error("listing organisations to replicate", "err", err)
		return
	}
	var paths []string
	for _, o := range orgs {
		p := m.Replicator.Config().OrgPath(o.Slug)
		paths = append(paths, p)
		// A file store exists once the organisation has stored a file.
		if fp := tenants.FilesPath(p); exists(fp) {
			paths = append(paths, fp)
		}
	}
	if _, err := m.Replicator.CatchUp(ctx, paths); err != nil && ctx.Err() == nil {
		m.Logger.Error("replicating organisations without a replica", "err", err)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func newLogger(w io.Writer, dev bool) *slog.Logger {
	if dev {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// cmdServe runs serve, or demo, until ctx is cancelled.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer, isDemo bool) error {
	var cfg Config
	name := "serve"
	if isDemo {
		name = "demo"
	}
	fs := newFlagSet(name, stderr)
	fs.serverFlags(&cfg, isDemo)
	if err := fs.parse(args); err != nil {
		return err
	}
	logs := newLogBuffer(stderr)
	defer logs.Close()
	logger := newLogger(logs, cfg.Dev)
	if cfg.CPUProfile != "" {
		stop, err := startCPUProfile(cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	m := &Main{Config: cfg, Logger: logger}
	if err := m.Run(ctx); err != nil {
		return err
	}
	defer m.Close()
	if isDemo {
		created, err := m.ensureDemo(ctx)
		if err != nil {
			return err
		}
		if created {
			m.catchUp(ctx) // replicated from its first write, not its first visit
			fmt.Fprintln(stdout, "Created the demo organisation in", cfg.DataDir)
			m.Jobs.Kick() // what falls due today in it is done now, not tomorrow
		}
		fmt.Fprintf(stdout, "\nPorch demo is running. Open %s/\n\n%s\nPress Ctrl-C to stop.\n", cfg.orgURL(demo.DemoSlug), demo.Describe())
	}
	<-ctx.Done()
	logger.Info("shutting down")
	return m.Close()
}

// portalURL is an organisation's address as this server publishes it: its
// current subdomain (it may have been renamed) under the configured base
// domain, with the port actually listened on when the
// configuration asked for any free port (tests).
func (m *Main) portalURL(slug string) string {
	c := m.Config
	if m.ln != nil {
		if _, p, err := net.SplitHostPort(c.Addr); err == nil && p == "0" {
			c.Addr = m.ln.Addr().String()
		}
	}
	return c.orgURL(m.Tenants.Address(context.Background(), slug))
}
