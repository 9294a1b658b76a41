package handlers

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/payments"
	"porch/tenants"
)

// syncProviders asks the organisation's payment providers for their recent
// events and applies those no webhook delivered, each through the path
// the webhooks take (applyProviderEvent, applyGoCardless), so the ledger
// and the mails are the same whichever way an event arrived.
func (s *Kit) syncProviders(c echo.Context) (payments.SyncResult, error) {
	ctx := c.Request().Context()
	o := OrgOf(c)
	cfg := payments.SyncConfig{Key: s.Keys.Secrets, Org: o.Slug, Stripe: s.Stripe, GoCardlessURL: s.GoCardlessURL}
	res, err := payments.Sync(ctx, o.DB.Read(), s.Now(), cfg, func(ctx context.Context, ev payments.SyncEvent) error {
		if ev.Provider == payments.GoCardless {
			return s.applyGoCardless(c, ev.GoCardless, payments.ViaSync)
		}
		ev.Stripe.Via = payments.ViaSync
		_, err := s.applyProviderEvent(ctx, c, ev.Stripe)
		return err
	})
	if err != nil {
		return res, err
	}
	attrs := []any{"org", o.Slug, "applied", res.Applied(), "known", res.Known()}
	if err := res.Err(); err != nil {
		s.Logger.Warn("payment providers sync incomplete", append(attrs, "err", err)...)
	} else if len(res.Providers) > 0 {
		s.Logger.Info("payment providers synced", attrs...)
	}
	return res, nil
}

// ProviderSync is the daily job's step that checks one organisation's
// payment providers for events no webhook delivered and applies them, as
// the managers' "Check with the providers now" button does. orgURL is the
// organisation's address, for the links in the mails an event may send.
func ProviderSync(cfg Config, orgURL func(slug string) string) func(ctx context.Context, slug string, db *tenants.DB) (payments.SyncResult, error) {
	if cfg.Keys == nil {
		panic("handlers: Config.Keys is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Kit{Config: cfg}
	return func(ctx context.Context, slug string, db *tenants.DB) (payments.SyncResult, error) {
		set, err := estate.GetSettings(ctx, db.Read())
		if err != nil {
			return payments.SyncResult{}, err
		}
		c, err := jobContext(ctx, &Org{Slug: slug, DB: db, Settings: set}, orgURL(slug))
		if err != nil {
			return payments.SyncResult{}, err
		}
		return s.syncProviders(c)
	}
}

// jobContext is the echo.Context that the request-scoped helpers read, for
// work done outside any request (the daily job): the organisation as the
// middleware would set it, and a request for the organisation's address
// (baseURL, such as https://acme.example.com), so that links in mails
// point where its residents sign in. Nothing is written to its response.
func jobContext(ctx context.Context, o *Org, baseURL string) (echo.Context, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("organisation address %q is not a URL", baseURL)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.Scheme+"://"+u.Host+"/", nil)
	if err != nil {
		return nil, err
	}
	if u.Scheme == "https" {
		// orgURL reads the scheme from the connection.
		req.TLS = &tls.ConnectionState{}
	}
	c := echo.New().NewContext(req, &discardResponse{header: http.Header{}})
	c.Set(keyOrgSlug, o.Slug)
	c.Set(keyOrg, o)
	return c, nil
}

// discardResponse is the response of a jobContext: nobody reads it.
type discardResponse struct{ header http.Header }

func (d *discardResponse) Header() http.Header         { return d.header }
func (d *discardResponse) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardResponse) WriteHeader(int)             {}
