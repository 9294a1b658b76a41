package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"porch/auth"
	"porch/estate"
	"porch/sqldb"
)

// seedOld writes, into slug's database, rows past their retention period
// and rows that must stay: a person signed in now with a live device and
// session, a refusal inside its period and a money entry years old.
// extraThrottle more throttle rows past their period make a backlog.
func (w *world) seedOld(t *testing.T, slug string, extraThrottle int) {
	t.Helper()
	ctx := context.Background()
	db, release, err := w.tm.Acquire(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	now := w.clock.Now()
	ago := func(d time.Duration) sqldb.Time { return sqldb.At(now.Add(-d)) }
	day := 24 * time.Hour
	err = db.Write(ctx, func(tx *sql.Tx) error {
		p, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Sam Stale", Email: "sam@example.com", PortalEnabled: true}, now.AddDate(-3, 0, 0))
		if err != nil {
			return err
		}
		stmts := []struct {
			q    string
			args []any
		}{
			{`INSERT INTO auth_codes (purpose, email, person_id, browser_hash, code_hash, created_at, expires_at)
				VALUES ('sign_in', 'sam@example.com', ?, 'b', 'c', ?, ?)`, []any{p.ID, ago(2 * day), ago(2*day - 10*time.Minute)}},
			{`INSERT INTO auth_codes (purpose, email, person_id, browser_hash, code_hash, created_at, expires_at)
				VALUES ('sign_in', 'sam@example.com', ?, 'b', 'live', ?, ?)`, []any{p.ID, ago(time.Minute), now.Add(9 * time.Minute)}},
			{`INSERT INTO auth_throttle (key, at) VALUES ('code:ip:203.0.113.9', ?)`, []any{ago(time.Hour)}},
			{`INSERT INTO devices (public_id, person_id, token_hash, created_at, last_seen_at, revoked_at)
				VALUES ('old', ?, 'old', ?, ?, ?)`, []any{p.ID, ago(200 * day), ago(120 * day), ago(100 * day)}},
			{`INSERT INTO devices (public_id, person_id, token_hash, created_at, last_seen_at)
				VALUES ('live', ?, 'live', ?, ?)`, []any{p.ID, ago(day), ago(time.Minute)}},
			{`INSERT INTO sessions (token_hash, person_id, device_id, created_at, last_seen_at, expires_at, ended_at)
				VALUES ('old', ?, 1, ?, ?, ?, ?)`, []any{p.ID, ago(120 * day), ago(120 * day), ago(113 * day), ago(100 * day)}},
			{`INSERT INTO sessions (token_hash, person_id, device_id, created_at, last_seen_at, expires_at)
				VALUES ('live', ?, 2, ?, ?, ?)`, []any{p.ID, ago(time.Hour), ago(time.Minute), now.Add(6 * day)}},
			{`INSERT INTO invitations (person_id, token_hash, email, created_at, expires_at, revoked_at)
				VALUES (?, 'old', 'sam@example.com', ?, ?, ?)`, []any{p.ID, ago(400 * day), ago(386 * day), ago(390 * day)}},
			{`INSERT INTO invitations (person_id, token_hash, email, created_at, expires_at, accepted_at)
				VALUES (?, 'newest', 'sam@example.com', ?, ?, ?)`, []any{p.ID, ago(390 * day), ago(376 * day), ago(389 * day)}},
		}
		for i := range extraThrottle + 1 {
			stmts = append(stmts, struct {
				q    string
				args []any
			}{`INSERT INTO auth_throttle (key, at) VALUES (?, ?)`, []any{fmt.Sprintf("code:ip:198.51.100.%d", i), ago(2*day + time.Duration(i)*time.Second)}})
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
				return err
			}
		}
		audit := []struct {
			action string
			age    time.Duration
		}{
			{"access.denied", 100 * day},
			{"access.denied", 10 * day},
			{"auth.sign_in", 3 * 365 * day},
			{"ledger.receipt_recorded", 3 * 365 * day},
		}
		for _, a := range audit {
			if err := estate.Audit(ctx, tx, estate.AuditEntry{Action: a.action}, now.Add(-a.age)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDailyRunPrunes(t *testing.T) {
	w := newWorld(t)
	w.seedOld(t, "bravo", 0)
	w.seedOld(t, "charlie", 2*PruneBatch+10) // no ledger, and a backlog
	r := w.runner()

	results, err := r.RunAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := byOrg(results)
	want := Pruned{PruneResult: auth.PruneResult{Codes: 1, Throttle: 1, Sessions: 1, Devices: 1, Invitations: 1}, Audit: 2}
	if b := got["bravo"]; b.Pruned != want || b.Err != nil || b.Raised != 2 {
		t.Errorf("bravo %+v, want pruned %+v and its demands raised", b, want)
	}
	want.Throttle += 2*PruneBatch + 10
	if c := got["charlie"]; c.Pruned != want || !c.NoLedger {
		t.Errorf("charlie %+v, want pruned %+v", c, want)
	}
	if p := got["alpha"].Pruned; p.Total() != 0 {
		t.Errorf("alpha had nothing old, yet %+v went", p)
	}

	for _, slug := range []string{"bravo", "charlie"} {
		kept := map[string]int{
			`SELECT count(*) FROM auth_codes WHERE code_hash = 'live'`:                         1,
			`SELECT count(*) FROM auth_codes`:                                                  1,
			`SELECT count(*) FROM auth_throttle`:                                               1,
			`SELECT count(*) FROM devices WHERE public_id = 'live'`:                            1,
			`SELECT count(*) FROM devices`:                                                     1,
			`SELECT count(*) FROM sessions WHERE token_hash = 'live'`:                          1,
			`SELECT count(*) FROM sessions`:                                                    1,
			`SELECT count(*) FROM invitations WHERE token_hash = 'newest'`:                     1,
			`SELECT count(*) FROM invitations`:                                                 1,
			`SELECT count(*) FROM audit_log WHERE action = 'ledger.receipt_recorded'`:          1,
			`SELECT count(*) FROM audit_log WHERE action IN ('access.denied', 'auth.sign_in')`: 1,
		}
		for q, n := range kept {
			if got := w.count(t, slug, q); got != n {
				t.Errorf("%s: %s = %d, want %d", slug, q, got, n)
			}
		}
	}
	logs := w.logs.String()
	summary := fmt.Sprintf("rows_pruned=%d", got["bravo"].Pruned.Total()+got["charlie"].Pruned.Total())
	if !strings.Contains(logs, summary) || !strings.Contains(logs, "msg=\"daily retention\" org=charlie") {
		t.Errorf("the pruning is not in the logs (want %s):\n%s", summary, logs)
	}

	// Run again later the same day: nothing more is past its period.
	w.clock.Set(day1.Add(6 * time.Hour))
	results, _ = r.RunAll(context.Background())
	for _, res := range results {
		if res.Pruned.Total() != 0 {
			t.Errorf("%s pruned %+v on the second run", res.Org, res.Pruned)
		}
	}
}
