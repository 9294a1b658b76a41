// Package jobs does each organisation's daily work without anyone pressing
// a button: recurring demands are raised on their dates, scheduled lettings
// deductions are posted when due, reminders for overdue invoices go on
// their sites' steps, and sign-in records and audit entries past their
// retention period are pruned. A Runner goes through the organisations one
// at a time, once at start-up and again whenever the date in the UK
// changes.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/ledger"
	"porch/payments"
	"porch/plans"
	"porch/tenants"
)

// Orgs lists the organisations and opens their databases; the tenants
// Manager satisfies it. Acquire returns an open database and a release func
// that must be called when done.
type Orgs interface {
	List(ctx context.Context) ([]tenants.Org, error)
	Acquire(ctx context.Context, slug string) (*tenants.DB, func(), error)
}

// Config configures a Runner.
type Config struct {
	// Check is how often Run looks at the clock for a new day (default 5
	// minutes). Organisations whose run failed for a reason that may pass,
	// such as a database that would not open, are tried again then too.
	Check time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger receives a line per organisation with what was done, and the
	// failures (default slog.Default()).
	Logger *slog.Logger
	// DirectDebit opens organisations' GoCardless credentials, to collect
	// the invoices of residents paying automatically; without its Key that
	// step is skipped.
	DirectDebit payments.GoCardlessConfig
	// ProviderSync asks an organisation's payment providers for recent
	// events and applies those their webhooks missed (handlers.ProviderSync);
	// nil skips that step.
	ProviderSync func(ctx context.Context, slug string, db *tenants.DB) (payments.SyncResult, error)
	// ServeDemands serves the demands the schedules raised, inside the
	// transaction that raised them (handlers.DemandServer); nil leaves
	// them unsent.
	ServeDemands func(ctx context.Context, slug string, db *tenants.DB, tx *sql.Tx, invoices []ledger.Invoice) error
	// SendReminders sends the reminders for overdue invoices due on the
	// day today inside tx, recording each step sent with its emails
	// (handlers.ReminderSender), and returns how many emails it queued;
	// nil sends none.
	SendReminders func(ctx context.Context, slug string, db *tenants.DB, tx *sql.Tx, today time.Time) (int, error)
	// Timed does an organisation's work that falls due at moments of its
	// own, such as the email copies of scheduled notices: in every daily
	// pass, and then whenever it said (or Wake was told) something falls
	// due, looked for every Check. nil does none.
	Timed Timed
}

// Runner runs the daily ledger jobs of every organisation. Create it with
// New and start Run in a goroutine.
type Runner struct {
	orgs Orgs
	cfg  Config
	log  *slog.Logger
	kick chan struct{}
	wake wakeups
}

// New returns a Runner over orgs.
func New(orgs Orgs, cfg Config) *Runner {
	if cfg.Check <= 0 {
		cfg.Check = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Runner{orgs: orgs, cfg: cfg, log: cfg.Logger, kick: make(chan struct{}, 1)}
}

// Today is the calendar date in the UK at now, whose calendar decides what
// is due, as a UTC midnight like the dates the ledger stores.
func Today(now time.Time) time.Time { return estate.UKDate(now) }

// Result is what one organisation's run did.
type Result struct {
	Org        string
	Raised     int   // invoices raised by recurring demands
	Deductions int   // scheduled deductions posted
	Reminders  int   // reminder emails queued for overdue invoices
	NoLedger   bool  // skipped: the organisation has not opened its book yet
	Err        error // why the run (or part of it) failed; see Retry
	// Closed counts the requests closed because their resident did not
	// reopen them within tickets.ReopenWindow of their resolution. Like a
	// prune, a failure is logged and not an Err: they close the next day.
	Closed int
	// Pruned is what the retention policy removed. A failed prune is
	// logged but is not an Err: the rows go the next day, and retrying the
	// run for them is not worth it.
	Pruned Pruned
}

// Retry reports whether the failure may pass by itself (a database that
// would not open, a busy disk) and is worth trying again the same day. A
// refusal by the ledger, such as a schedule whose site's shares no longer
// total 100%, waits for a person to correct it.
func (r Result) Retry() bool { return r.Err != nil && errs.CodeOf(r.Err) != errs.Invalid }

// Kick asks Run to go through every organisation now rather than at the
// next change of date, as after creating an organisation. It never blocks;
// kicks while one is pending are merged.
func (r *Runner) Kick() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Run does the day's work at once and then whenever the UK date changes,
// until ctx is done. Between days it looks at the clock every Check, and
// then also retries the organisations whose run failed in a way that may
// pass.
func (r *Runner) Run(ctx context.Context) {
	t := time.NewTicker(r.cfg.Check)
	defer t.Stop()
	var done time.Time // the day of the last full pass
	var retry []string // organisations to try again today
	for first := true; ; first = false {
		if !first {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			case <-r.kick:
				done = time.Time{}
			}
		}
		now := r.cfg.Now()
		r.runTimed(ctx, now)
		today := Today(now)
		switch {
		case !today.Equal(done):
			results, err := r.RunAll(ctx)
			if err != nil {
				if ctx.Err() == nil {
					r.log.Error("daily ledger jobs: listing organisations failed; will retry", "err", err)
				}
				continue
			}
			done, retry = today, retryable(results)
		case len(retry) > 0:
			retry = retryable(r.runSome(ctx, retry))
		}
	}
}

func retryable(results []Result) []string {
	var out []string
	for _, res := range results {
		if res.Retry() {
			out = append(out, res.Org)
		}
	}
	return out
}

// RunAll does today's work for every organisation in the catalog, one at a
// time, and returns what each run did. One organisation's failure is logged
// and does not stop the others; the error is only for a catalog that cannot
// be read.
func (r *Runner) RunAll(ctx context.Context) ([]Result, error) {
	orgs, err := r.orgs.List(ctx)
	if err != nil {
		return nil, err
	}
	slugs := make([]string, len(orgs))
	for i, o := range orgs {
		slugs[i] = o.Slug
	}
	return r.runSome(ctx, slugs), nil
}

// runSome runs the organisations in turn and logs a summary of the pass.
func (r *Runner) runSome(ctx context.Context, slugs []string) []Result {
	start := r.cfg.Now()
	today := Today(start)
	var out []Result
	var raised, posted, reminded, failed, noLedger, pruned int
	for _, slug := range slugs {
		if ctx.Err() != nil {
			break
		}
		res := r.RunOrg(ctx, slug, r.cfg.Now(), today)
		out = append(out, res)
		raised += res.Raised
		posted += res.Deductions
		reminded += res.Reminders
		pruned += res.Pruned.Total()
		if res.Err != nil {
			failed++
		}
		if res.NoLedger {
			noLedger++
		}
	}
	r.log.Info("daily ledger jobs done", "date", today.Format(time.DateOnly), "orgs", len(out), "without_ledger", noLedger,
		"failed", failed, "demands_raised", raised, "deductions_posted", posted, "reminders_sent", reminded, "rows_pruned", pruned, "took", time.Since(start).Round(time.Millisecond).String())
	return out
}

// RunOrg does one organisation's work for the day today. It first prunes
// what the retention policy no longer keeps, in short transactions of its
// own (see prune), and closes the requests past their reopening window
// (see closeTickets). Then it raises the recurring demands due and posts the
// scheduled deductions due, in one transaction. Each step runs within a savepoint, so a step the ledger
// refuses (a schedule that cannot be raised) is rolled back alone and the
// other still happens; any other error rolls back both. The database is
// released before RunOrg returns, so a pass holds one open at a time.
func (r *Runner) RunOrg(ctx context.Context, slug string, now, today time.Time) Result {
	res := Result{Org: slug}
	db, release, err := r.orgs.Acquire(ctx, slug)
	if err != nil && ctx.Err() != nil {
		res.Err = err
		return res
	}
	if err != nil {
		res.Err = err
		r.logResult(res, today)
		return res
	}
	defer release()
	if res.Pruned, err = prune(ctx, db, now); err != nil && ctx.Err() == nil {
		r.log.Warn("daily retention: pruning stopped; the rest goes tomorrow", "org", slug, "rows_pruned", res.Pruned.Total(), "err", err)
	}
	if res.Closed, err = closeTickets(ctx, db, now); err != nil && ctx.Err() == nil {
		r.log.Warn("daily requests: closing those past their reopening window failed; they close tomorrow", "org", slug, "err", err)
	} else if res.Closed > 0 {
		r.log.Info("daily requests closed", "org", slug, "closed", res.Closed)
	}
	r.timedOrg(ctx, slug, db, now)
	if _, err := ledger.AccountByCode(ctx, db.Read(), "1100"); errs.Is(err, errs.NotFound) {
		// No chart of accounts yet: nothing can have been scheduled.
		res.NoLedger = true
		r.logResult(res, today)
		return res
	} else if err != nil {
		res.Err = err
		r.logResult(res, today)
		return res
	}
	var refused []error
	err = db.Write(ctx, func(tx *sql.Tx) error {
		refused = nil
		var err error
		if res.Raised, err = step(ctx, tx, "schedules", &refused, func() (int, error) {
			n, err := ledger.RunSchedules(ctx, tx, now, today)
			if err != nil || n == 0 || r.cfg.ServeDemands == nil {
				return n, err
			}
			invs, err := ledger.InvoicesRaisedAt(ctx, tx, now)
			if err != nil {
				return n, err
			}
			return n, r.cfg.ServeDemands(ctx, slug, db, tx, invs)
		}); err != nil {
			return err
		}
		res.Deductions, err = step(ctx, tx, "deductions", &refused, func() (int, error) {
			return ledger.PostDueDeductions(ctx, tx, now, today)
		})
		return err
	})
	switch {
	case err != nil:
		res.Raised, res.Deductions, res.Err = 0, 0, err
		if ctx.Err() != nil {
			return res // shutting down: it will run again at the next start
		}
	case len(refused) > 0:
		res.Err = errors.Join(refused...)
	}
	if r.cfg.ProviderSync != nil {
		if sr, err := r.cfg.ProviderSync(ctx, slug, db); err != nil || sr.Err() != nil || sr.Applied() > 0 {
			r.log.Info("daily payment providers check", "org", slug, "applied", sr.Applied(), "known", sr.Known(), "err", errors.Join(err, sr.Err()))
		}
	}
	if err := r.remind(ctx, slug, db, today, &res); err != nil && ctx.Err() == nil {
		res.Err = errors.Join(res.Err, err)
	}
	if dd, err := payments.RunAutoPay(ctx, db, slug, now, r.cfg.DirectDebit); err != nil {
		r.log.Warn("daily direct debits: not all were arranged", "org", slug, "created", dd.Created, "err", err)
	} else if dd.Created > 0 {
		r.log.Info("daily direct debits", "org", slug, "units", dd.Units, "created", dd.Created)
	}
	if n, err := plans.RunCollections(ctx, db, slug, now, r.cfg.DirectDebit); err != nil {
		r.log.Warn("daily payment plan collections: not all were arranged", "org", slug, "created", n, "err", err)
	} else if n > 0 {
		r.log.Info("daily payment plan collections", "org", slug, "created", n)
	}
	r.logResult(res, today)
	return res
}

// remind sends the reminders due today in a transaction of its own, after
// the payment providers were asked for what their webhooks missed, so a
// payment made is never chased. The count is kept only once committed.
func (r *Runner) remind(ctx context.Context, slug string, db *tenants.DB, today time.Time, res *Result) error {
	if r.cfg.SendReminders == nil {
		return nil
	}
	var n int
	err := db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = r.cfg.SendReminders(ctx, slug, db, tx, today); err != nil {
			return fmt.Errorf("reminders: %w", err)
		}
		return nil
	})
	if err == nil {
		res.Reminders = n
	}
	return err
}

// step runs fn within a savepoint. A refusal by the ledger (errs.Invalid)
// rolls back only what fn wrote, is added to refused, and counts nothing;
// any other error is returned to roll back the whole transaction.
func step(ctx context.Context, tx *sql.Tx, name string, refused *[]error, fn func() (int, error)) (int, error) {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return 0, err
	}
	n, err := fn()
	if err != nil {
		if errs.CodeOf(err) != errs.Invalid {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		*refused = append(*refused, err)
		n = 0
		if _, err := tx.ExecContext(ctx, "ROLLBACK TO "+name); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, "RELEASE "+name); err != nil {
		return 0, err
	}
	return n, nil
}

func (r *Runner) logResult(res Result, today time.Time) {
	attrs := []any{"org", res.Org, "date", today.Format(time.DateOnly)}
	if p := res.Pruned; p.Total() > 0 {
		r.log.Info("daily retention", append(attrs, "codes", p.Codes, "throttle", p.Throttle, "sessions", p.Sessions,
			"devices", p.Devices, "invitations", p.Invitations, "audit", p.Audit)...)
	}
	switch {
	case res.Err != nil && errs.CodeOf(res.Err) == errs.Invalid:
		msg := res.Err.Error()
		if e, ok := errs.As(res.Err); ok {
			msg = e.Message
		}
		r.log.Warn("daily ledger jobs: the ledger refused part of the run; a manager must correct it",
			append(attrs, "demands_raised", res.Raised, "deductions_posted", res.Deductions, "reason", msg)...)
	case res.Err != nil:
		r.log.Error("daily ledger jobs failed for organisation", append(attrs, "err", res.Err)...)
	case res.NoLedger:
		r.log.Debug("daily ledger jobs: no ledger yet", attrs...)
	default:
		r.log.Info("daily ledger jobs", append(attrs, "demands_raised", res.Raised, "deductions_posted", res.Deductions,
			"reminders_sent", res.Reminders)...)
	}
}
