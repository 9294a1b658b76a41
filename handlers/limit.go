package handlers

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
)

// AnonymousLimit bounds the writes anyone who is not signed in can cause:
// sign-in, code entry and invitation links all reach the organisation's
// single database writer, so each client (an IPv4 address, or an IPv6
// /64, which one household or attacker usually holds whole) gets Burst
// such requests at once and then one every Every. The limit is kept in
// memory, in front of any database work, so refused requests cost nothing
// but a map lookup.
type AnonymousLimit struct {
	Burst int
	Every time.Duration
}

// DefaultAnonymousLimit lets a household or office sign several people in
// at once (each sign-in is two posts: the email, then the code), and then
// four posts a minute: a script posting invitation tokens gets 60 answers,
// then one every 15 seconds.
var DefaultAnonymousLimit = AnonymousLimit{Burst: 60, Every: 15 * time.Second}

// maxClients bounds the memory the limiter holds. Clients idle long enough
// for their allowance to be full again are forgotten first; if that is not
// enough (a flood from that many networks at once), the table starts afresh.
const maxClients = 100_000

// ClientKey is the network a client is counted by: its IPv4 address, or
// the /64 its IPv6 address belongs to. An address that cannot be parsed
// counts as itself.
func ClientKey(ip string) string {
	a := net.ParseIP(ip)
	switch {
	case a == nil:
		return ip
	case a.To4() != nil:
		return a.To4().String()
	}
	return a.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// bucket is one client's allowance: tokens left at last.
type bucket struct {
	tokens float64
	last   time.Time
}

// clientLimiter is a token bucket per key, safe for concurrent use.
type clientLimiter struct {
	limit AnonymousLimit
	mu    sync.Mutex
	seen  map[string]bucket
}

func newClientLimiter(l AnonymousLimit) *clientLimiter {
	return &clientLimiter{limit: l, seen: map[string]bucket{}}
}

// full is how long an idle bucket takes to fill from empty.
func (l *clientLimiter) full() time.Duration { return time.Duration(l.limit.Burst) * l.limit.Every }

// take uses one token of key's allowance at now; when none is left it
// says how long until the next one.
func (l *clientLimiter) take(key string, now time.Time) (wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.seen[key]
	if !ok {
		if len(l.seen) >= maxClients {
			l.sweep(now)
		}
		b = bucket{tokens: float64(l.limit.Burst), last: now}
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = math.Min(float64(l.limit.Burst), b.tokens+float64(elapsed)/float64(l.limit.Every))
		b.last = now
	}
	if b.tokens < 1 {
		l.seen[key] = b
		return time.Duration((1 - b.tokens) * float64(l.limit.Every))
	}
	b.tokens--
	l.seen[key] = b
	return 0
}

// sweep forgets clients whose allowance is full again, and everyone if
// that frees nothing. Called with mu held.
func (l *clientLimiter) sweep(now time.Time) {
	for k, b := range l.seen {
		if now.Sub(b.last) >= l.full() {
			delete(l.seen, k)
		}
	}
	if len(l.seen) >= maxClients {
		l.seen = map[string]bucket{}
	}
}

// exemptFromLimit lists the anonymous writes that are not limited per
// client: payment providers' webhooks come from a few addresses, are
// signed, and must never be refused.
func exemptFromLimit(path string) bool { return strings.HasPrefix(path, "/webhooks/") }

// limitAnonymousWrites refuses, with 429, a client that is not signed in
// once it has used up its allowance of requests that may write, on any
// route, so new anonymous forms are covered without remembering to.
func (s *Kit) limitAnonymousWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		switch req.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if IdentityOf(c) != nil || exemptFromLimit(req.URL.Path) {
			return next(c)
		}
		slug, _ := c.Get(keyOrgSlug).(string)
		client := ClientKey(c.RealIP())
		wait := s.anonymous.take(slug+" "+client, s.Now())
		if wait == 0 {
			return next(c)
		}
		Log(c).Warn("anonymous write refused: too many from this client", "client", client, "path", LogPath(req))
		secs := int(math.Ceil(wait.Seconds()))
		c.Response().Header().Set("Retry-After", fmt.Sprint(secs))
		return errs.E(errs.TooMany, tooManyMessage(secs))
	}
}

// tooManyMessage says how long to wait, in words a resident reads.
func tooManyMessage(secs int) string {
	if secs < 60 {
		return "Too many attempts from your network. Please wait a minute and try again."
	}
	return fmt.Sprintf("Too many attempts from your network. Please try again in %d minutes.", (secs+59)/60)
}
