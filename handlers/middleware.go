package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/static"
	"porch/tenants"
)

// Context keys set by middleware.
const (
	keyRequest = "porch.request"
	keyOrg     = "porch.org"
	keyBase    = "porch.base"
)

// Org is the organisation a request is for, with its database held for the
// length of the request.
type Org struct {
	Slug     string
	DB       *tenants.DB
	Settings estate.Settings
}

func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// Request ids are this process's random prefix and a count: unique among
// the requests of one run and across runs, and cheaper than reading the
// random source for every request. They are not secrets.
var (
	requestPrefix = randomString(4)
	requestCount  atomic.Uint64
)

func newRequestID() string {
	var b [16]byte
	copy(b[:], requestPrefix)
	n := requestCount.Add(1)
	for i := 15; i >= 8; i-- {
		b[i] = "0123456789abcdef"[n&15]
		n >>= 4
	}
	return string(b[:])
}

// requestInfo is what the log needs of a request: its id and, once known,
// its organisation. The request's logger is made from them when first
// asked for (Log), since most requests never log more than their one line.
type requestInfo struct {
	id     string
	org    string
	base   *slog.Logger
	logger *slog.Logger
}

func (s *Kit) requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ri := &requestInfo{id: newRequestID(), base: s.Logger}
		c.Set(keyRequest, ri)
		c.Response().Header()["X-Request-Id"] = []string{ri.id}
		return next(c)
	}
}

// logRequests writes one structured line per request with the org slug and
// request id, after the error handler has decided the status.
func (s *Kit) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req, res := c.Request(), c.Response()
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelError
		}
		slug, _ := c.Get(keyOrgSlug).(string)
		s.Logger.LogAttrs(req.Context(), level, "request",
			slog.String("org", slug),
			slog.String("req_id", RequestID(c)),
			slog.String("method", req.Method),
			slog.String("path", LogPath(req)),
			slog.Int("status", res.Status),
			slog.Int64("bytes", res.Size),
			slog.Duration("dur", time.Since(start)),
			slog.String("ip", c.RealIP()),
		)
		return nil
	}
}

// keyOrgSlug survives the release of the org's database so the log line
// can name the org.
const keyOrgSlug = "porch.org_slug"

// LogPath is the request path as logs and the audit log may record it:
// paths that carry a secret (an invitation token) are masked.
func LogPath(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/invite/") {
		return "/invite/-"
	}
	return r.URL.Path
}

// Log is the request's logger: every line it writes names the request id
// and, inside an organisation, the organisation.
func Log(c echo.Context) *slog.Logger {
	ri, ok := c.Get(keyRequest).(*requestInfo)
	if !ok {
		return slog.Default()
	}
	if ri.logger == nil {
		if ri.org != "" {
			ri.logger = ri.base.With("req_id", ri.id, "org", ri.org)
		} else {
			ri.logger = ri.base.With("req_id", ri.id)
		}
	}
	return ri.logger
}

// RequestID is the request's id, shown on error pages and in every log line.
func RequestID(c echo.Context) string {
	if ri, ok := c.Get(keyRequest).(*requestInfo); ok {
		return ri.id
	}
	return ""
}

func (s *Kit) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				buf := make([]byte, 8<<10)
				buf = buf[:runtime.Stack(buf, false)]
				err = fmt.Errorf("panic: %v\n%s", p, buf)
			}
		}()
		return next(c)
	}
}

// securityHeaders sets the headers every response carries. The content
// security policy allows the site's own scripts and styles only; a page
// adds the hash of its one inline style, the theme (see Render).
func (s *Kit) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h["Content-Security-Policy"] = basePolicy
		for k, v := range staticSecurityHeaders {
			h[k] = v
		}
		if s.TLSProxy || c.Request().TLS != nil {
			h["Strict-Transport-Security"] = hstsHeader
		}
		return next(c)
	}
}

// contentPolicy is the content security policy with styleSrc added to
// the sources of styles: the site's own files and nothing inline, but
// what styleSrc allows.
func contentPolicy(styleSrc string) string {
	if styleSrc != "" {
		styleSrc = " " + styleSrc
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'" + styleSrc + "; img-src 'self' data:; font-src 'self'; " +
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
}

var basePolicy = oneValue(contentPolicy(""))

// pagePolicies keeps the policy of each theme's style hash: one per
// organisation's colour, built once.
var pagePolicies sync.Map // style hash -> []string

// pagePolicy is the policy of a page whose inline theme has the CSP hash
// source styleHash.
func pagePolicy(styleHash string) []string {
	if v, ok := pagePolicies.Load(styleHash); ok {
		return v.([]string)
	}
	v, _ := pagePolicies.LoadOrStore(styleHash, oneValue(contentPolicy(styleHash)))
	return v.([]string)
}

// setPagePolicy gives a page's response the policy of its theme: the
// base policy with the theme's style hash, keeping whatever a handler
// changed in it (AllowEmailStyles, a payment provider's form-action).
func setPagePolicy(h http.Header, styleHash string) {
	cur := h.Get("Content-Security-Policy")
	if cur == basePolicy[0] {
		h["Content-Security-Policy"] = pagePolicy(styleHash)
		return
	}
	h.Set("Content-Security-Policy", strings.Replace(cur, "style-src 'self';", "style-src 'self' "+styleHash+";", 1))
}

// staticSecurityHeaders are the security headers that are the same on
// every response, shared by all of them rather than built per request:
// canonical keys, and values of capacity one, so that a handler's Add
// makes a new slice instead of writing into the shared one.
var staticSecurityHeaders = map[string][]string{
	"X-Content-Type-Options":     oneValue("nosniff"),
	"Referrer-Policy":            oneValue("strict-origin-when-cross-origin"),
	"X-Frame-Options":            oneValue("DENY"),
	"Cross-Origin-Opener-Policy": oneValue("same-origin"),
	"Permissions-Policy":         oneValue("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
}

var hstsHeader = oneValue("max-age=63072000; includeSubDomains")

func oneValue(v string) []string { return []string{v}[:1:1] }

// limitBody bounds a request's body: MaxBody, or MaxUploadBody on a
// route that takes photos. Echo has routed the request by the time this
// runs, so c.Path() is the route's path.
func (s *Kit) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		max := int64(MaxBody)
		if req.Method == http.MethodPost && s.uploads[c.Path()] {
			max = MaxUploadBody
		}
		if req.ContentLength > max {
			// The same error the reader gives an undeclared body, so both
			// are a 413.
			return &http.MaxBytesError{Limit: max}
		}
		req.Body = http.MaxBytesReader(c.Response(), req.Body, max)
		return next(c)
	}
}

// readForm reads a posted form in full before any handler runs, so a
// body cut short by the size limit, a broken connection or a read timeout
// is refused (413 or 400) instead of being handled as the shorter form it
// seemed to be: echo's FormValue drops the error and a handler would save
// empty fields. Multipart uploads read and check their own bodies.
func (s *Kit) readForm(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method == http.MethodGet || req.Method == http.MethodHead {
			return next(c)
		}
		ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
		if ct != "application/x-www-form-urlencoded" {
			return next(c)
		}
		if err := req.ParseForm(); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return mbe
			}
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		return next(c)
	}
}

// crossOriginProtection refuses unsafe requests sent by another site,
// including another organisation's subdomain, using the browser's
// Sec-Fetch-Site and Origin headers. Signed provider webhooks are exempt:
// they authenticate by signature, not by origin.
func (s *Kit) crossOriginProtection(next echo.HandlerFunc) echo.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	return func(c echo.Context) error {
		req := c.Request()
		if strings.HasPrefix(req.URL.Path, "/webhooks/") {
			return next(c)
		}
		if err := cop.Check(req); err != nil {
			Log(c).Warn("cross-origin request refused", "host", req.Host, "origin", req.Header.Get("Origin"), "sec_fetch_site", req.Header.Get("Sec-Fetch-Site"),
				"method", req.Method, "path", LogPath(req), "ip", c.RealIP())
			return errs.E(errs.Forbidden, "This request came from another site, so it was refused. Go back, reload the page and try again.")
		}
		return next(c)
	}
}

// resolveOrg decides, from the Host header only, which organisation a
// request is for, and holds its database open until the response is done.
// The bare base domain has no organisation.
func (s *Kit) resolveOrg(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		path := c.Request().URL.Path
		if strings.HasPrefix(path, static.Prefix) || path == "/healthz" {
			return next(c)
		}
		ctx := c.Request().Context()
		if _, port, err := net.SplitHostPort(c.Request().Host); err == nil && !allDigits(port) {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		slug, isBase, err := s.Tenants.Resolve(ctx, c.Request().Host)
		var moved *tenants.Moved
		if errors.As(err, &moved) {
			if !strings.HasPrefix(path, "/webhooks/") {
				return s.movedTo(c, moved.Slug)
			}
			// Payment providers do not follow redirects and sign what
			// they send, so their calls to the old address are still
			// taken: nothing is lost before the operator changes the
			// webhook address in the providers' dashboards.
			slug, err = moved.Slug, nil
		}
		if err != nil {
			return err
		}
		if isBase {
			c.Set(keyBase, true)
			return next(c)
		}
		c.Set(keyOrgSlug, slug)
		if ri, ok := c.Get(keyRequest).(*requestInfo); ok {
			ri.org, ri.logger = slug, nil
		}
		db, release, err := s.Tenants.Acquire(ctx, slug)
		if err != nil {
			return err
		}
		defer release()
		set, err := estate.CachedSettings(ctx, db, db.Read())
		if err != nil {
			return err
		}
		c.Set(keyOrg, &Org{Slug: slug, DB: db, Settings: set})
		// Errors are rendered here, while the database is still held, so
		// the error page can be branded.
		if err := next(c); err != nil {
			c.Error(err)
		}
		return nil
	}
}

// OrgOf returns the request's organisation, or nil on the base domain.
func OrgOf(c echo.Context) *Org {
	o, _ := c.Get(keyOrg).(*Org)
	return o
}

// RequireOrg refuses routes that only exist inside an organisation.
func (s *Kit) RequireOrg(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if OrgOf(c) == nil {
			return errs.E(errs.NotFound, "There is no page at this address.")
		}
		return next(c)
	}
}

// allDigits reports whether s is a non-empty run of ASCII digits: a port.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
