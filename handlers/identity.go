package handlers

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
)

const keyIdentity = "porch.identity"

// Identity is the signed-in person of a request.
type Identity struct {
	Person  estate.Person
	Session auth.Session
	Scope   auth.Scope
}

// IdentityOf returns the signed-in person, or nil.
func IdentityOf(c echo.Context) *Identity {
	id, _ := c.Get(keyIdentity).(*Identity)
	return id
}

// loadIdentity recognises a signed-in person from the session and device
// cookies. Anything wrong with them simply leaves the request anonymous.
func (s *Kit) loadIdentity(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		o := OrgOf(c)
		if o == nil {
			return next(c)
		}
		ctx := c.Request().Context()
		now := s.Now()
		sessTok := s.Cookies.Read(c, CookieSession, o.Slug)
		devTok := s.Cookies.Read(c, CookieDevice, o.Slug)
		if sessTok == "" {
			return next(c)
		}
		id, err := s.identity(ctx, o, now, sessTok, devTok)
		if errs.Is(err, errs.Unauthorized) {
			s.Cookies.Clear(c, CookieSession)
			return next(c)
		}
		if err != nil {
			return err
		}
		sess := id.Session
		if auth.NeedsTouch(now, sess) {
			// Not a write anything kept shows: see tenants.DB.WriteUnseen.
			if err := o.DB.WriteUnseen(ctx, func(tx *sql.Tx) error { return auth.TouchSession(ctx, tx, now, sess) }); err != nil {
				return err
			}
			s.seen.put(o.DB.Opening(), sess.ID, now)
		}
		c.Set(keyIdentity, id)
		return next(c)
	}
}

// identity loads the person a session belongs to and their scope: three
// indexed queries, kept until the next write to the organisation's
// database (tenants.DB.Recent), since almost every request of a signed-in
// person needs them and almost none writes. Signing out, revoking a
// device, disabling a person or changing their links or role are writes,
// so none of them is missed. The session's own time limits are checked on
// every request, kept or not. Its time of last use is touched once a
// minute without moving the write generation (tenants.DB.WriteUnseen) and
// remembered in s.seen; should a kept session still look idle, the
// database is asked before it is ended. Each request gets its own copy;
// the slices in its scope are shared and never modified.
func (s *Kit) identity(ctx context.Context, o *Org, now time.Time, sessTok, devTok string) (*Identity, error) {
	// The scope depends on the date (links start and end on dates), so
	// the day is part of the key.
	key := "identity\x00" + now.Format(time.DateOnly) + "\x00" + sessTok + "\x00" + devTok
	v, err := o.DB.Recent(key, func() (any, error) {
		sess, err := s.Keys.LoadSession(ctx, o.DB.Read(), now, sessTok, devTok, s.SessionPolicy)
		if err != nil {
			return nil, err
		}
		person, err := estate.GetPersonByID(ctx, o.DB.Read(), sess.PersonID)
		if err != nil {
			return nil, err
		}
		scope, err := auth.LoadScope(ctx, o.DB.Read(), sess.PersonID, now)
		if err != nil {
			return nil, err
		}
		return Identity{Person: person, Session: sess, Scope: scope}, nil
	})
	if err != nil {
		return nil, err
	}
	id := v.(Identity)
	// The session's last use as touched since it was kept (the kept copy
	// is shared: this one is the request's own).
	if t := s.seen.get(o.DB.Opening(), id.Session.ID); t.After(id.Session.LastSeenAt) {
		id.Session.LastSeenAt = t
	}
	if err := s.SessionPolicy.Check(now, id.Session); err != nil {
		// The database has the last word on the session's last use (a
		// touch this process no longer remembers): read it again there.
		sess, err := s.Keys.LoadSession(ctx, o.DB.Read(), now, sessTok, devTok, s.SessionPolicy)
		if err != nil {
			return nil, err
		}
		id.Session = sess
	}
	return &id, nil
}

// SafeNext keeps a post-sign-in destination on this site: a path of this
// origin, or "/" for anything else. It refuses a scheme or host, a path
// that does not start with one slash, backslashes and control characters
// (before and after decoding: a browser drops a tab or newline and reads
// "/\t/evil" as "//evil"), and paths with empty or dot segments, which can
// resolve to "//" and leave the site.
func SafeNext(next string) string {
	if next == "" || len(next) > 2000 || !strings.HasPrefix(next, "/") || hasUnsafeRune(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || hasUnsafeRune(u.Path) {
		return "/"
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "//") || strings.Contains(p, "/./") || strings.Contains(p, "/../") ||
		strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..") {
		return "/"
	}
	return next
}

// hasUnsafeRune reports a control character or backslash in s.
func hasUnsafeRune(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return true
		}
	}
	return false
}

// sessionSeen keeps when each session was last touched by this process,
// since touching it (tenants.DB.WriteUnseen) leaves the kept identity as
// it was read: the identity's time of last use is the later of the two.
type sessionSeen struct {
	mu sync.Mutex
	m  map[seenKey]time.Time
}

type seenKey struct {
	opening uint64 // the database's opening (tenants.DB.Opening)
	session int64
}

// maxSeen bounds the sessions remembered; past it they are all forgotten,
// and each is read again from its database on its next request.
const maxSeen = 1 << 16

func (ss *sessionSeen) put(opening uint64, session int64, at time.Time) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.m == nil || len(ss.m) >= maxSeen {
		ss.m = make(map[seenKey]time.Time)
	}
	ss.m[seenKey{opening, session}] = at
}

func (ss *sessionSeen) get(opening uint64, session int64) time.Time {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.m[seenKey{opening, session}]
}
