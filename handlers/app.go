// Package handlers is Porch's HTTP kit, shared by the feature packages
// below it: the echo application and its middleware (organisation,
// security headers, cross-origin protection, identity, logging), the error
// handler, one render path with a typed htmx request, form parsers,
// identity and organisation accessors, roles, audit, mail and documents.
// Each capability lives in its own package under handlers/ and registers
// its routes with the kit; handlers/app lists them.
package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/files"
	"porch/payments"
	"porch/static"
	"porch/tenants"
	"porch/views"
)

// Config is what the HTTP layer needs from the outside.
type Config struct {
	Tenants *tenants.Manager
	Views   *views.Renderer
	Logger  *slog.Logger
	Now     func() time.Time

	// Dev enables the development pages (/_dev/mail) and lists orgs on the
	// landing page.
	Dev bool
	// TLSProxy says every request reaches Porch through a TLS-terminating
	// proxy: HSTS is sent and the client IP is read from X-Forwarded-For.
	TLSProxy bool
	// MailDir is where the file mail transport writes, for /_dev/mail.
	MailDir string
	// MailKick wakes the mail sender after mail was queued.
	MailKick func()

	// PortalURL is an organisation's address for links in mail, documents
	// and pages, such as https://acme.example.com, given its slug; by
	// default its current address (Tenants.Address: the slug until it is
	// renamed) under the base domain, https behind the TLS proxy.
	PortalURL func(slug string) string

	// Keys sign and encrypt cookies and key stored secrets.
	Keys *auth.Keys
	// SessionPolicy bounds session lifetimes (auth.DefaultSessionPolicy
	// when zero).
	SessionPolicy auth.SessionPolicy

	// Stripe reaches Stripe's API (its BaseURL is set only in tests, to
	// stripe-mock).
	Stripe payments.StripeConfig
	// GoCardlessURL overrides GoCardless's API base URL (tests, the fake);
	// empty uses the organisation's chosen environment.
	GoCardlessURL string

	// Wake asks the jobs to do an organisation's timed work at a moment,
	// such as the email copies of a notice scheduled for later; nil when
	// no jobs run (tests that do not need them).
	Wake func(slug string, at time.Time)

	// Files is each organisation's store of photos and documents
	// (files.New with its defaults when nil).
	Files *files.Store

	// AnonymousLimit bounds the posts of people not signed in, per client
	// network (DefaultAnonymousLimit when zero).
	AnonymousLimit AnonymousLimit
}

// MaxBody is the largest request body Porch accepts, except on the routes
// that take photos (see Kit.AllowUploads and MaxUploadBody).
const MaxBody = 2 << 20

// MaxUploadBody is the largest request body of a route that takes photos:
// room for several photos of the file store's largest size and the form
// around them. A photo over the store's limit is refused on its field by
// ReadMultipart, not by this.
const MaxUploadBody = 64 << 20

// Kit is the shared HTTP kit every feature is served with: the
// configuration, the cookie jar and the blocks each page declares. Feature
// packages embed it in their own handler type.
type Kit struct {
	Config
	Cookies *CookieJar
	blocks  map[string]map[string]bool // the blocks each page declares
	uploads map[string]bool            // route paths that take photos

	anonymous *clientLimiter // posts by people not signed in, per client
	pages     pageCache      // pages kept whole; see pagecache.go
	seen      sessionSeen    // sessions touched since their identity was kept
}

// New builds the echo application: middleware, assets, the health check
// and the routes of each feature, in order.
func New(cfg Config, features ...Feature) *echo.Echo {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionPolicy == (auth.SessionPolicy{}) {
		cfg.SessionPolicy = auth.DefaultSessionPolicy
	}
	if cfg.Keys == nil {
		panic("handlers: Config.Keys is required")
	}
	if cfg.PortalURL == nil {
		cfg.PortalURL = defaultPortalURL(cfg)
	}
	if cfg.Files == nil {
		cfg.Files = files.New(files.Config{Now: cfg.Now})
	}
	if cfg.AnonymousLimit.Burst <= 0 || cfg.AnonymousLimit.Every <= 0 {
		cfg.AnonymousLimit = DefaultAnonymousLimit
	}
	s := &Kit{Config: cfg, blocks: map[string]map[string]bool{}, uploads: map[string]bool{}, Cookies: newCookieJar(cfg.Keys.CookieHash, cfg.Keys.CookieBlock, cfg.TLSProxy),
		anonymous: newClientLimiter(cfg.AnonymousLimit)}

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.handleError
	if cfg.TLSProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}

	// Assets and the health check need no organisation.
	e.GET(static.Prefix+"*", echo.WrapHandler(static.Handler()))
	e.HEAD(static.Prefix+"*", echo.WrapHandler(static.Handler()))
	e.GET("/healthz", s.healthz)

	e.Use(s.requestID, s.logRequests, s.recoverPanics, compress, s.securityHeaders, s.limitBody,
		s.resolveOrg, s.crossOriginProtection, s.readForm, s.loadIdentity, s.limitAnonymousWrites, s.keepPages)

	// Unknown pages in a signed-in area answer as the area does: staff
	// only, or sign in first. Features add their routes with Routes,
	// which registers no catch-all of its own.
	e.Group("/admin", s.RequireOrg, s.RequireStaff)
	e.Group("/money", s.RequireOrg, s.RequireSignedIn)
	e.Group("/notices", s.RequireOrg, s.RequireSignedIn)
	e.Group("/calendar", s.RequireOrg, s.RequireSignedIn)
	e.Group("/documents", s.RequireOrg, s.RequireSignedIn)
	e.Group("/profile", s.RequireOrg, s.RequireSignedIn)
	for _, f := range features {
		f(e, s)
	}
	return e
}

// healthz answers 200 while the catalog database answers.
func (s *Kit) healthz(c echo.Context) error {
	if err := s.Tenants.Catalog().PingContext(c.Request().Context()); err != nil {
		s.Logger.Error("health check failed", "err", err)
		return c.String(http.StatusServiceUnavailable, "catalog unavailable\n")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.String(http.StatusOK, "ok\n")
}

// defaultPortalURL addresses an organisation at its current address (its
// slug until renamed) under the base domain, over https behind the TLS
// proxy.
func defaultPortalURL(cfg Config) func(string) string {
	scheme := "http"
	if cfg.TLSProxy {
		scheme = "https"
	}
	return func(slug string) string {
		return scheme + "://" + cfg.Tenants.Address(context.Background(), slug) + "." + cfg.Tenants.BaseDomain()
	}
}
