package jobs

import (
	"context"
	"sync"
	"time"

	"porch/tenants"
)

// Timed is work an organisation needs at a moment of its own choosing
// rather than once a day, such as the email copies of a notice scheduled
// for 9 am. It does what is due at now and returns when it next has
// something due (zero for nothing).
type Timed func(ctx context.Context, slug string, db *tenants.DB, now time.Time) (next time.Time, err error)

// wakeups holds, for each organisation that asked, the moment its timed
// work is next due. Only organisations with something scheduled are in
// it, so a tick costs nothing for the rest.
type wakeups struct {
	mu sync.Mutex
	at map[string]time.Time
}

// Wake asks for the organisation's timed work to run at or soon after at
// (within Check). An earlier request for the same organisation wins. A
// restart forgets requests; the first pass of the day asks every
// organisation again.
func (r *Runner) Wake(slug string, at time.Time) {
	if at.IsZero() {
		return
	}
	r.wake.mu.Lock()
	defer r.wake.mu.Unlock()
	if r.wake.at == nil {
		r.wake.at = map[string]time.Time{}
	}
	if cur, ok := r.wake.at[slug]; !ok || at.Before(cur) {
		r.wake.at[slug] = at
	}
}

// due takes out the organisations whose timed work is due at now.
func (r *Runner) due(now time.Time) []string {
	r.wake.mu.Lock()
	defer r.wake.mu.Unlock()
	var out []string
	for slug, at := range r.wake.at {
		if !at.After(now) {
			out = append(out, slug)
			delete(r.wake.at, slug)
		}
	}
	return out
}

// runTimed runs the organisations' timed work that is due at now.
func (r *Runner) runTimed(ctx context.Context, now time.Time) {
	for _, slug := range r.due(now) {
		if ctx.Err() != nil {
			return
		}
		db, release, err := r.orgs.Acquire(ctx, slug)
		if err != nil {
			r.log.Warn("timed jobs: organisation would not open; trying again at the next check", "org", slug, "err", err)
			r.Wake(slug, now)
			continue
		}
		r.timedOrg(ctx, slug, db, now)
		release()
	}
}

// timedOrg runs one organisation's timed work and asks to be woken when
// more falls due.
func (r *Runner) timedOrg(ctx context.Context, slug string, db *tenants.DB, now time.Time) {
	if r.cfg.Timed == nil {
		return
	}
	next, err := r.cfg.Timed(ctx, slug, db, now)
	if err != nil {
		if ctx.Err() == nil {
			r.log.Warn("timed jobs failed; trying again at the next check", "org", slug, "err", err)
			r.Wake(slug, now)
		}
		return
	}
	r.Wake(slug, next)
}
