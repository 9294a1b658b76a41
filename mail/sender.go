package mail

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"time"

	"porch/sqldb"
	"porch/tenants"
)

// Orgs opens organisation databases for the sender; the tenants Manager
// satisfies it. Acquire returns an open database and a release func that
// must be called when done.
type Orgs interface {
	Acquire(ctx context.Context, slug string) (*tenants.DB, func(), error)
	Catalog() *sql.DB
}

// SenderConfig configures a Sender.
type SenderConfig struct {
	// From is the bare address every message is sent from, e.g.
	// no-reply@porch.example.com; the organisation's name is its display
	// name. Its domain also qualifies Message-IDs.
	From string
	// Poll is how often the catalog is checked for due mail (default 2s).
	Poll time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger receives delivery failures (default slog.Default()).
	Logger *slog.Logger
}

// DefaultFrom is the sender address when SenderConfig.From is empty; it is
// only suitable for development.
const DefaultFrom = "no-reply@porch.localhost"

// Sender delivers the outboxes of all organisations. Create it with
// NewSender, start Run in a goroutine, and call Kick after enqueueing mail
// so it goes out without waiting for the next poll.
type Sender struct {
	orgs   Orgs
	t      Transport
	cfg    SenderConfig
	domain string
	log    *slog.Logger
	kick   chan struct{}

	mu   sync.Mutex
	busy map[string]*orgLock // one delivery per org at a time
}

type orgLock struct {
	mu   sync.Mutex
	refs int
}

// NewSender returns a Sender that delivers through t. It panics if
// cfg.From is not a bare email address: that is a configuration mistake to
// stop at start-up, not one to discover by failing every message.
func NewSender(orgs Orgs, t Transport, cfg SenderConfig) *Sender {
	if cfg.From == "" {
		cfg.From = DefaultFrom
	}
	a, err := mail.ParseAddress(cfg.From)
	if err != nil || a.Address != cfg.From {
		panic(fmt.Sprintf("mail: sender address %q is not a bare email address", cfg.From))
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 2 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	_, domain, _ := strings.Cut(cfg.From, "@")
	return &Sender{
		orgs: orgs, t: t, cfg: cfg, domain: domain, log: cfg.Logger,
		kick: make(chan struct{}, 1),
		busy: map[string]*orgLock{},
	}
}

// Kick asks Run to look for due mail now rather than at the next poll. It
// never blocks; kicks while a pass is pending are merged.
func (s *Sender) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run delivers due mail until ctx is done: once at start (catching up after
// a restart), then every Poll or after a Kick.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
			t.Stop()
		}
		more := s.pass(ctx)
		if more {
			t.Reset(0)
		} else {
			t.Reset(s.cfg.Poll)
		}
	}
}

// Limits on one pass of Run.
const (
	orgsPerPass = 100
	orgRetry    = time.Minute // an org that would not open is tried again after this
)

// pass delivers the mail of every org whose hint is due. It reports whether
// it stopped at orgsPerPass with work done, in which case more may be due.
func (s *Sender) pass(ctx context.Context) (more bool) {
	now := s.cfg.Now()
	slugs, err := s.dueOrgs(ctx, now)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("reading due mail failed", "err", err)
		}
		return false
	}
	delivered := 0
	for _, slug := range slugs {
		if ctx.Err() != nil {
			return false
		}
		if err := s.DeliverDue(ctx, slug); err != nil {
			if ctx.Err() != nil {
				return false
			}
			s.log.Warn("mail for organisation skipped, will retry", "org", slug, "retry_in", orgRetry.String(), "err", err)
			s.postpone(ctx, slug, now.Add(orgRetry))
			continue
		}
		delivered++
	}
	return len(slugs) == orgsPerPass && delivered > 0
}

// dueOrgs reads the slugs whose hint is due, oldest first. The rows are
// read to the end before any delivery starts: the catalog may have a single
// connection, which delivery needs to update the hints.
func (s *Sender) dueOrgs(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := s.orgs.Catalog().QueryContext(ctx,
		`SELECT slug FROM mail_due WHERE due_at <= ? ORDER BY due_at LIMIT ?`, sqldb.At(now), orgsPerPass)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		out = append(out, slug)
	}
	return out, rows.Err()
}

// postpone moves an org's hint to later, keeping it, so an org that cannot be
// opened is neither forgotten nor retried on every poll. A message
// enqueued meanwhile lowers the hint again; at worst it waits for orgRetry.
func (s *Sender) postpone(ctx context.Context, slug string, until time.Time) {
	_, err := s.orgs.Catalog().ExecContext(ctx,
		`UPDATE mail_due SET due_at = max(due_at, ?) WHERE slug = ?`, sqldb.At(until), slug)
	if err != nil && ctx.Err() == nil {
		s.log.Error("postponing mail of organisation failed", "org", slug, "err", err)
	}
}

// lockOrg serialises delivery per org, so Run and a direct DeliverDue never
// send the same message twice.
func (s *Sender) lockOrg(slug string) (unlock func()) {
	s.mu.Lock()
	l := s.busy[slug]
	if l == nil {
		l = &orgLock{}
		s.busy[slug] = l
	}
	l.refs++
	s.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		s.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(s.busy, slug)
		}
		s.mu.Unlock()
	}
}
