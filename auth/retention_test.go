package auth

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/sqldb"
)

// retained seeds, for each sign-in table, a row just past its retention
// period (named "gone...") and rows just inside it or still live ("kept..."),
// each row's label stored where the table has room for one.
type retained struct {
	*env
	now time.Time
}

const second = time.Second

func (r retained) ago(d time.Duration) sqldb.Time { return sqldb.At(r.now.Add(-d)) }

func (r retained) exec(tx *sql.Tx, query string, args ...any) error {
	_, err := tx.ExecContext(r.ctx, query, args...)
	return err
}

func (r retained) person(tx *sql.Tx, name string) int64 {
	p, err := estate.CreatePerson(r.ctx, tx, estate.PersonInput{FullName: name, Email: strings.ToLower(name) + "@example.com", PortalEnabled: true}, t0)
	if err != nil {
		r.t.Fatal(err)
	}
	return p.ID
}

func (r retained) seed() {
	r.write(func(tx *sql.Tx) error {
		code := `INSERT INTO auth_codes (purpose, email, browser_hash, code_hash, created_at, expires_at, used_at)
			VALUES ('sign_in', ?, 'b', 'c', ?, ?, ?)`
		throttle := `INSERT INTO auth_throttle (key, at) VALUES (?, ?)`
		device := `INSERT INTO devices (public_id, person_id, token_hash, label, created_at, last_seen_at, revoked_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`
		session := `INSERT INTO sessions (token_hash, person_id, device_id, created_at, last_seen_at, expires_at, ended_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`
		invite := `INSERT INTO invitations (person_id, token_hash, email, created_at, expires_at, accepted_at, revoked_at)
			VALUES (?, ?, 'x@example.com', ?, ?, ?, ?)`
		jo := r.jo.ID
		day := 24 * time.Hour
		rows := []struct {
			q    string
			args []any
		}{
			{code, []any{"gone expired", r.ago(KeepCodes + 11*time.Minute), r.ago(KeepCodes + second), nil}},
			{code, []any{"gone used", r.ago(KeepCodes + 2*time.Minute), r.ago(KeepCodes - 8*time.Minute), r.ago(KeepCodes + second)}},
			{code, []any{"kept expired", r.ago(KeepCodes), r.ago(KeepCodes - second), nil}},
			{code, []any{"kept used", r.ago(KeepCodes - 2*time.Minute), r.ago(KeepCodes - 12*time.Minute), r.ago(KeepCodes - time.Minute)}},
			{code, []any{"kept live", r.ago(time.Minute), r.now.Add(9 * time.Minute), nil}},

			{throttle, []any{"gone", r.ago(KeepThrottle + second)}},
			{throttle, []any{"kept", r.ago(KeepThrottle - second)}},

			// Devices 1..6; sessions refer to them below.
			{device, []any{"dev1", jo, "t1", "gone revoked", r.ago(200 * day), r.ago(100 * day), r.ago(KeepDevices + second)}},
			{device, []any{"dev2", jo, "t2", "kept revoked", r.ago(200 * day), r.ago(100 * day), r.ago(KeepDevices - second)}},
			{device, []any{"dev3", jo, "t3", "kept revoked, a session refers to it", r.ago(200 * day), r.ago(100 * day), r.ago(KeepDevices + second)}},
			{device, []any{"dev4", jo, "t4", "kept live", r.ago(day), r.ago(time.Minute), nil}},
			{device, []any{"dev5", jo, "t5", "gone, its cookie died", r.ago(DeviceLife + KeepDevices + second), r.ago(KeepDevices + day), nil}},
			{device, []any{"dev6", jo, "t6", "kept, its cookie died lately", r.ago(DeviceLife + KeepDevices - second), r.ago(KeepDevices + day), nil}},

			{session, []any{"gone expired", jo, 4, r.ago(KeepSessions + 8*day), r.ago(KeepSessions + 8*day), r.ago(KeepSessions + second), nil}},
			{session, []any{"gone ended", jo, 4, r.ago(KeepSessions + day), r.ago(KeepSessions + day), r.ago(KeepSessions - 6*day), r.ago(KeepSessions + second)}},
			{session, []any{"kept ended", jo, 3, r.ago(KeepSessions + day), r.ago(KeepSessions + day), r.ago(KeepSessions - 6*day), r.ago(KeepSessions - second)}},
			{session, []any{"kept expired", jo, 4, r.ago(KeepSessions + 7*day), r.ago(KeepSessions + 7*day), r.ago(KeepSessions - second), nil}},
			{session, []any{"kept live", jo, 4, r.ago(day), r.ago(time.Minute), r.now.Add(6 * day), nil}},
		}
		for _, row := range rows {
			if err := r.exec(tx, row.q, row.args...); err != nil {
				return err
			}
		}

		// Invitations. Jo's were sent again and again: the withdrawn ones
		// go after the period; the newest, accepted long ago, stays.
		ann, bea, cal := r.person(tx, "Ann"), r.person(tx, "Bea"), r.person(tx, "Cal")
		invites := [][]any{
			{jo, "gone withdrawn", r.ago(300 * day), r.ago(286 * day), nil, r.ago(KeepInvitations + second)},
			{jo, "kept withdrawn", r.ago(100 * day), r.ago(86 * day), nil, r.ago(KeepInvitations - second)},
			{jo, "kept newest, accepted", r.ago(300 * day), r.ago(286 * day), r.ago(299 * day), nil},
			// Ann's first link expired unused; her second was accepted.
			{ann, "gone expired, superseded", r.ago(KeepInvitations + 14*day), r.ago(KeepInvitations + second), nil, nil},
			{ann, "gone accepted, superseded", r.ago(KeepInvitations + day), r.ago(KeepInvitations - 13*day), r.ago(KeepInvitations + second), nil},
			{ann, "kept newest, expired", r.ago(KeepInvitations + 20*day), r.ago(KeepInvitations + 6*day), nil, nil},
			{bea, "kept expired lately", r.ago(KeepInvitations + 13*day), r.ago(KeepInvitations - second), nil, nil},
			{bea, "kept newest, live", r.ago(day), r.now.Add(13 * day), nil, nil},
			{cal, "kept only one, accepted", r.ago(KeepInvitations + 13*day), r.ago(KeepInvitations - day), r.ago(KeepInvitations + 12*day), nil},
		}
		for _, a := range invites {
			if err := r.exec(tx, invite, a...); err != nil {
				return err
			}
		}
		return nil
	})
}

// labels lists what remains of a table, by the column that names each row.
func (r retained) labels(table, col string) []string {
	r.t.Helper()
	rows, err := r.db.ReadPool().Query(`SELECT ` + col + ` FROM ` + table + ` ORDER BY rowid`)
	if err != nil {
		r.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			r.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func (r retained) prune(batch int) PruneResult {
	var res PruneResult
	r.write(func(tx *sql.Tx) error {
		var err error
		res, err = Prune(r.ctx, tx, r.now, batch)
		return err
	})
	return res
}

func TestPruneKeepsLiveAndRecentRows(t *testing.T) {
	r := retained{env: newEnv(t), now: t0.AddDate(2, 0, 0)}
	r.seed()

	got := r.prune(1000)
	want := PruneResult{Codes: 2, Throttle: 1, Sessions: 2, Devices: 2, Invitations: 3}
	if got != want {
		t.Errorf("pruned %+v, want %+v", got, want)
	}
	tables := []struct{ table, col, want string }{
		{"auth_codes", "email", "kept expired|kept used|kept live"},
		{"auth_throttle", "key", "kept"},
		{"devices", "label", "kept revoked|kept revoked, a session refers to it|kept live|kept, its cookie died lately"},
		{"sessions", "token_hash", "kept ended|kept expired|kept live"},
		{"invitations", "token_hash", "kept withdrawn|kept newest, accepted|kept newest, expired|kept expired lately|kept newest, live|kept only one, accepted"},
	}
	for _, tt := range tables {
		if left := strings.Join(r.labels(tt.table, tt.col), "|"); left != tt.want {
			t.Errorf("%s kept\n %s\nwant\n %s", tt.table, left, tt.want)
		}
	}
	if again := r.prune(1000); again.Total() != 0 || again.More {
		t.Errorf("a second prune removed %+v", again)
	}
}

func TestPruneInBatches(t *testing.T) {
	r := retained{env: newEnv(t), now: t0.AddDate(2, 0, 0)}
	r.seed()
	var total PruneResult
	calls := 0
	for more := true; more; calls++ {
		b := r.prune(1)
		if b.Codes > 1 || b.Throttle > 1 || b.Sessions > 1 || b.Devices > 1 || b.Invitations > 1 {
			t.Fatalf("a batch of 1 removed %+v", b)
		}
		total.Codes += b.Codes
		total.Throttle += b.Throttle
		total.Sessions += b.Sessions
		total.Devices += b.Devices
		total.Invitations += b.Invitations
		more = b.More
	}
	if total.Total() != 10 || calls < 3 {
		t.Errorf("batches of 1 removed %+v in %d calls, want 10 rows in at least 3", total, calls)
	}
}

func TestThrottleRefusesWindowsLongerThanKept(t *testing.T) {
	e := newEnv(t)
	err := e.db.Write(e.ctx, func(tx *sql.Tx) error {
		_, err := Throttle(e.ctx, tx, t0, Limit{Key: "k", Max: 5, Window: KeepThrottle + time.Minute})
		return err
	})
	if err == nil {
		t.Error("a window longer than the throttle's retention was accepted")
	}
}
