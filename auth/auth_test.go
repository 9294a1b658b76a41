package auth

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/tenants"
)

var t0 = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

func keys(t *testing.T) *Keys {
	k, err := NewKeys(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

type env struct {
	t   *testing.T
	ctx context.Context
	db  *tenants.DB
	k   *Keys
	jo  estate.Person
}

func newEnv(t *testing.T) *env {
	e := &env{t: t, ctx: context.Background(), db: testdb.Org(t, "acme"), k: keys(t)}
	e.write(func(tx *sql.Tx) error {
		if err := estate.InitSettings(e.ctx, tx, "Acme", t0); err != nil {
			return err
		}
		var err error
		e.jo, err = estate.CreatePerson(e.ctx, tx, estate.PersonInput{FullName: "Jo Bloggs", Email: "jo@example.com", PortalEnabled: true}, t0)
		return err
	})
	return e
}

func (e *env) write(fn func(tx *sql.Tx) error) {
	e.t.Helper()
	if err := e.db.Write(e.ctx, fn); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) issue(browser string, now time.Time, person *int64) string {
	var code string
	e.write(func(tx *sql.Tx) error {
		var err error
		code, err = e.k.IssueCode(e.ctx, tx, now, CodeRequest{Purpose: PurposeSignIn, Email: "jo@example.com", PersonID: person, BrowserToken: browser})
		return err
	})
	return code
}

func (e *env) check(browser, code string, now time.Time) CodeResult {
	var r CodeResult
	e.write(func(tx *sql.Tx) error {
		var err error
		r, err = e.k.CheckCode(e.ctx, tx, now, PurposeSignIn, browser, code)
		return err
	})
	return r
}

func wrongCode(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

func TestCodeLifecycle(t *testing.T) {
	e := newEnv(t)
	id := e.jo.ID
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"right code once", func(t *testing.T) {
			code := e.issue("b1", t0, &id)
			if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
				t.Fatalf("code %q", code)
			}
			if r := e.check("b1", code, t0.Add(time.Minute)); r.Outcome != CodeOK || r.PersonID != id {
				t.Fatalf("first use: %+v", r)
			}
			if r := e.check("b1", code, t0.Add(2*time.Minute)); r.Outcome != CodeExpired {
				t.Fatalf("reuse: %+v", r)
			}
		}},
		{"expires after ten minutes", func(t *testing.T) {
			code := e.issue("b2", t0, &id)
			if r := e.check("b2", code, t0.Add(CodeTTL)); r.Outcome != CodeExpired {
				t.Fatalf("expired code: %+v", r)
			}
		}},
		{"bound to the browser", func(t *testing.T) {
			code := e.issue("b3", t0, &id)
			if r := e.check("other", code, t0); r.Outcome != CodeExpired {
				t.Fatalf("other browser: %+v", r)
			}
			if r := e.check("b3", code, t0); r.Outcome != CodeOK {
				t.Fatalf("own browser: %+v", r)
			}
		}},
		{"five wrong tries void it", func(t *testing.T) {
			code := e.issue("b4", t0, &id)
			for i := 1; i < MaxCodeAttempts; i++ {
				if r := e.check("b4", wrongCode(code), t0); r.Outcome != CodeWrong || r.TriesLeft != MaxCodeAttempts-i {
					t.Fatalf("try %d: %+v", i, r)
				}
			}
			if r := e.check("b4", wrongCode(code), t0); r.Outcome != CodeLocked {
				t.Fatalf("fifth try: %+v", r)
			}
			if r := e.check("b4", code, t0); r.Outcome != CodeLocked {
				t.Fatalf("right code after lockout: %+v", r)
			}
		}},
		{"a newer code replaces the older", func(t *testing.T) {
			old := e.issue("b5", t0, &id)
			newer := e.issue("b5", t0.Add(time.Minute), &id)
			if old != newer {
				if r := e.check("b5", old, t0.Add(2*time.Minute)); r.Outcome == CodeOK {
					t.Fatal("old code still works")
				}
			}
			if r := e.check("b5", newer, t0.Add(2*time.Minute)); r.Outcome != CodeOK {
				t.Fatalf("newer code: %+v", r)
			}
		}},
		{"unknown email never matches", func(t *testing.T) {
			code := e.issue("b6", t0, nil)
			if r := e.check("b6", code, t0); r.Outcome != CodeWrong {
				t.Fatalf("decoy code accepted: %+v", r)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
	// Nothing secret is stored in the clear.
	rows, err := e.db.ReadPool().Query(`SELECT code_hash, browser_hash FROM auth_codes`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, b string
		rows.Scan(&c, &b)
		if len(c) != 64 || len(b) != 64 {
			t.Fatalf("stored code_hash=%q browser_hash=%q", c, b)
		}
	}
}

func TestSessionsAndDevices(t *testing.T) {
	e := newEnv(t)
	p := DefaultSessionPolicy
	var dev Device
	var devTok, sessTok string
	e.write(func(tx *sql.Tx) error {
		var err error
		dev, devTok, err = e.k.NewDevice(e.ctx, tx, t0, e.jo.ID, "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36")
		if err != nil {
			return err
		}
		sessTok, err = e.k.StartSession(e.ctx, tx, t0, e.jo.ID, dev.ID, p)
		return err
	})
	if dev.Label != "Chrome on Android" {
		t.Errorf("label %q", dev.Label)
	}
	s, err := e.k.LoadSession(e.ctx, e.db.Read(), t0.Add(time.Hour), sessTok, devTok, p)
	if err != nil || s.PersonID != e.jo.ID {
		t.Fatalf("load: %+v %v", s, err)
	}
	// The session cookie without its device cookie is worthless.
	if _, err := e.k.LoadSession(e.ctx, e.db.Read(), t0, sessTok, NewToken(), p); !errs.Is(err, errs.Unauthorized) {
		t.Fatalf("wrong device: %v", err)
	}
	// Idle too long.
	if _, err := e.k.LoadSession(e.ctx, e.db.Read(), t0.Add(p.Idle), sessTok, devTok, p); !errs.Is(err, errs.Unauthorized) {
		t.Fatalf("idle: %v", err)
	}
	// Use keeps it alive, until the absolute limit.
	at := t0
	for at.Before(t0.Add(p.Absolute - p.Idle)) {
		at = at.Add(p.Idle / 2)
		s, err := e.k.LoadSession(e.ctx, e.db.Read(), at, sessTok, devTok, p)
		if err != nil {
			t.Fatalf("at %v: %v", at, err)
		}
		e.write(func(tx *sql.Tx) error { return TouchSession(e.ctx, tx, at, s) })
	}
	if _, err := e.k.LoadSession(e.ctx, e.db.Read(), t0.Add(p.Absolute), sessTok, devTok, p); !errs.Is(err, errs.Unauthorized) {
		t.Fatalf("absolute: %v", err)
	}
	// Revoking the device ends its sessions and the device cookie.
	now := t0.Add(time.Hour)
	sess2 := ""
	e.write(func(tx *sql.Tx) error {
		var err error
		sess2, err = e.k.StartSession(e.ctx, tx, now, e.jo.ID, dev.ID, p)
		return err
	})
	e.write(func(tx *sql.Tx) error { return RevokeDevice(e.ctx, tx, now, e.jo.ID, dev.PublicID) })
	if _, err := e.k.LoadSession(e.ctx, e.db.Read(), now, sess2, devTok, p); !errs.Is(err, errs.Unauthorized) {
		t.Fatalf("after revoke: %v", err)
	}
	if _, err := e.k.DeviceByToken(e.ctx, e.db.Read(), devTok); !errs.Is(err, errs.NotFound) {
		t.Fatalf("revoked device found: %v", err)
	}
	if err := e.db.Write(e.ctx, func(tx *sql.Tx) error { return RevokeDevice(e.ctx, tx, now, e.jo.ID, dev.PublicID) }); !errs.Is(err, errs.NotFound) {
		t.Fatalf("second revoke: %v", err)
	}
}

func TestPasswords(t *testing.T) {
	h := HashPassword("correct horse battery")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if !CheckPassword(h, "correct horse battery") || CheckPassword(h, "correct horse batterY") || CheckPassword("garbage", "x") {
		t.Fatal("CheckPassword wrong")
	}
	if HashPassword("same") == HashPassword("same") {
		t.Fatal("no salt")
	}
	for pw, ok := range map[string]bool{"short": false, "long enough pw": true, "jo@example.com": false, strings.Repeat("x", 201): false} {
		if err := ValidatePassword(pw, "jo@example.com"); (err == nil) != ok {
			t.Errorf("ValidatePassword(%q) = %v", pw, err)
		}
	}

	e := newEnv(t)
	var devTok string
	e.write(func(tx *sql.Tx) error {
		if err := SetPassword(e.ctx, tx, t0, e.jo.ID, e.jo.Email, "long enough pw"); err != nil {
			return err
		}
		var err error
		_, devTok, err = e.k.NewDevice(e.ctx, tx, t0, e.jo.ID, "")
		return err
	})
	if _, _, ok, err := e.k.PasswordSignIn(e.ctx, e.db.Read(), "JO@example.com", "long enough pw", devTok); !ok || err != nil {
		t.Fatalf("known device: %v %v", ok, err)
	}
	if _, _, ok, _ := e.k.PasswordSignIn(e.ctx, e.db.Read(), "jo@example.com", "long enough pw", NewToken()); ok {
		t.Fatal("password accepted on an unknown device")
	}
	if _, _, ok, _ := e.k.PasswordSignIn(e.ctx, e.db.Read(), "jo@example.com", "wrong password!", devTok); ok {
		t.Fatal("wrong password accepted")
	}
}

func TestInvitations(t *testing.T) {
	e := newEnv(t)
	var first, second string
	e.write(func(tx *sql.Tx) error {
		var err error
		first, err = e.k.CreateInvitation(e.ctx, tx, t0, e.jo.ID, e.jo.Email, nil)
		return err
	})
	inv, err := e.k.InvitationByToken(e.ctx, e.db.Read(), t0, first)
	if err != nil || inv.PersonID != e.jo.ID {
		t.Fatalf("lookup: %+v %v", inv, err)
	}
	// Looking it up again does not use it.
	if _, err := e.k.InvitationByToken(e.ctx, e.db.Read(), t0, first); err != nil {
		t.Fatal(err)
	}
	if _, err := e.k.InvitationByToken(e.ctx, e.db.Read(), t0.Add(InviteTTL), first); err != ErrInviteExpired {
		t.Fatalf("expired: %v", err)
	}
	e.write(func(tx *sql.Tx) error {
		var err error
		second, err = e.k.CreateInvitation(e.ctx, tx, t0.Add(time.Hour), e.jo.ID, e.jo.Email, nil)
		return err
	})
	if _, err := e.k.InvitationByToken(e.ctx, e.db.Read(), t0.Add(time.Hour), first); !errs.Is(err, errs.Conflict) {
		t.Fatalf("superseded: %v", err)
	}
	inv, err = e.k.InvitationByToken(e.ctx, e.db.Read(), t0.Add(time.Hour), second)
	if err != nil {
		t.Fatal(err)
	}
	e.write(func(tx *sql.Tx) error { return AcceptInvitation(e.ctx, tx, t0.Add(2*time.Hour), inv.ID) })
	if err := e.db.Write(e.ctx, func(tx *sql.Tx) error { return AcceptInvitation(e.ctx, tx, t0.Add(2*time.Hour), inv.ID) }); err != ErrInviteUsed {
		t.Fatalf("second accept: %v", err)
	}
	if _, err := e.k.InvitationByToken(e.ctx, e.db.Read(), t0.Add(3*time.Hour), second); err != ErrInviteUsed {
		t.Fatalf("used: %v", err)
	}
	if _, err := e.k.InvitationByToken(e.ctx, e.db.Read(), t0, "nonsense"); err != ErrInviteUnknown {
		t.Fatalf("unknown: %v", err)
	}
}

func TestThrottle(t *testing.T) {
	e := newEnv(t)
	lim := Limit{Key: "code:email:jo@example.com", Max: 3, Window: 15 * time.Minute}
	for i := range 3 {
		e.write(func(tx *sql.Tx) error {
			w, err := Throttle(e.ctx, tx, t0.Add(time.Duration(i)*time.Minute), lim)
			if w != 0 {
				t.Fatalf("attempt %d throttled", i)
			}
			return err
		})
	}
	e.write(func(tx *sql.Tx) error {
		w, err := Throttle(e.ctx, tx, t0.Add(5*time.Minute), lim)
		if w != 10*time.Minute {
			t.Fatalf("wait = %v, want 10m", w)
		}
		return err
	})
	e.write(func(tx *sql.Tx) error {
		w, err := Throttle(e.ctx, tx, t0.Add(15*time.Minute+time.Second), lim)
		if w != 0 {
			t.Fatalf("still throttled after the window: %v", w)
		}
		return err
	})
}

func TestSecretLoading(t *testing.T) {
	dir := t.TempDir()
	s1, created, err := LoadOrCreateSecret(dir, "")
	if err != nil || !created || len(s1) != 32 {
		t.Fatalf("create: %v %v %d", created, err, len(s1))
	}
	if fi, _ := os.Stat(filepath.Join(dir, "secret.key")); fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret.key mode %v", fi.Mode())
	}
	s2, created, err := LoadOrCreateSecret(dir, "")
	if err != nil || created || !bytes.Equal(s1, s2) {
		t.Fatal("secret not reused")
	}
	if _, _, err := LoadOrCreateSecret(dir, "too-short"); err == nil {
		t.Fatal("short env secret accepted")
	}
	env, _, err := LoadOrCreateSecret(dir, strings.Repeat("ab", 32))
	if err != nil || len(env) != 32 || bytes.Equal(env, s1) {
		t.Fatalf("env secret: %v", err)
	}
}

func TestScope(t *testing.T) {
	e := newEnv(t)
	var flat1, flat2 estate.Unit
	e.write(func(tx *sql.Tx) error {
		site, err := estate.CreateSite(e.ctx, tx, estate.SiteInput{Name: "Quay", Kind: estate.KindBlock, AddressLine1: "1 Quay", Town: "Bristol", Postcode: "BS1 4RN"}, t0)
		if err != nil {
			return err
		}
		flat1, _ = estate.CreateUnit(e.ctx, tx, site.ID, estate.UnitInput{Name: "Flat 1"}, t0)
		flat2, _ = estate.CreateUnit(e.ctx, tx, site.ID, estate.UnitInput{Name: "Flat 2"}, t0)
		end := t0.AddDate(0, -1, 0)
		if _, err := estate.LinkPerson(e.ctx, tx, time.Now(), flat2.ID, e.jo.ID, estate.RoleTenant, t0.AddDate(-1, 0, 0), &end); err != nil {
			return err
		}
		_, err = estate.LinkPerson(e.ctx, tx, time.Now(), flat1.ID, e.jo.ID, estate.RoleLeaseholder, t0.AddDate(0, -1, 1), nil)
		return err
	})
	s, err := LoadScope(e.ctx, e.db.Read(), e.jo.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CurrentUnit(flat1.PublicID); err != nil {
		t.Errorf("current unit refused: %v", err)
	}
	if _, err := s.CurrentUnit(flat2.PublicID); !errs.Is(err, errs.NotFound) {
		t.Errorf("past unit as current: %v", err)
	}
	if links, err := s.StatementUnit(flat2.PublicID); err != nil || len(links) != 1 {
		t.Errorf("past unit statement: %v %v", links, err)
	}
	if _, err := s.StatementUnit("not-an-id"); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown unit: %v", err)
	}
	if s.IsStaff() || !s.HasRole(estate.RoleLeaseholder) || s.HasRole(estate.RoleTenant) {
		t.Errorf("roles: %+v staff=%v", s.Roles(), s.IsStaff())
	}
}
