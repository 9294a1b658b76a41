package gocardless

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"
)

// Environments and their documented base URLs.
const (
	EnvironmentSandbox = "sandbox"
	EnvironmentLive    = "live"

	SandboxURL = "https://api-sandbox.gocardless.com"
	LiveURL    = "https://api.gocardless.com"

	// DefaultVersion is the API version sent in the GoCardless-Version
	// header; every response shape in this package is that version's.
	DefaultVersion = "2015-07-06"
)

// Defaults applied by New when the Config leaves them zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRetries   = 2
	DefaultRetryBackoff = 500 * time.Millisecond
	maxBackoff          = 5 * time.Second
	maxResponseBytes    = 8 << 20
)

// Config configures a Client. Only AccessToken and Environment (or BaseURL)
// are required.
type Config struct {
	// AccessToken is the organisation's GoCardless access token. It is sent
	// only in the Authorization header and never logged or printed.
	AccessToken string
	// Environment is "sandbox" or "live"; it picks the base URL.
	Environment string
	// BaseURL, when set, overrides the environment's URL (tests, proxies).
	BaseURL string
	// HTTPClient defaults to a new http.Client with no overall timeout:
	// each attempt is bounded by Timeout through its context instead.
	HTTPClient *http.Client
	// Version is the GoCardless-Version header; DefaultVersion if empty.
	Version string
	// UserAgent is sent as User-Agent; a porch default if empty.
	UserAgent string
	// Timeout bounds each attempt (connect, send, read); DefaultTimeout if 0.
	Timeout time.Duration
	// MaxRetries is how many times a retry-safe request is sent again after
	// a network error, a 5xx or a 429. 0 means DefaultMaxRetries; negative
	// disables retries.
	MaxRetries int
	// RetryBackoff is the wait before the first retry, doubled each time
	// (with jitter, capped at 5s). 0 means DefaultRetryBackoff.
	RetryBackoff time.Duration
	// Logger, if set, receives one line per retry (method, path, attempt,
	// status); never headers, bodies or the token.
	Logger *slog.Logger
}

// String keeps the access token out of fmt output.
func (c Config) String() string {
	return fmt.Sprintf("gocardless.Config{Environment:%q BaseURL:%q AccessToken:%s}", c.Environment, c.BaseURL, redact(c.AccessToken))
}

// LogValue keeps the access token out of slog output.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("environment", c.Environment),
		slog.String("base_url", c.BaseURL),
		slog.String("access_token", redact(c.AccessToken)),
	)
}

func redact(secret string) string {
	if secret == "" {
		return "(unset)"
	}
	return "[redacted]"
}

// Client calls the GoCardless API. It is safe for concurrent use.
type Client struct {
	baseURL   string
	token     string
	version   string
	userAgent string
	hc        *http.Client
	timeout   time.Duration
	retries   int
	backoff   time.Duration
	log       *slog.Logger
}

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.AccessToken) == "" {
		return nil, errors.New("gocardless: an access token is required")
	}
	base := cfg.BaseURL
	if base == "" {
		switch cfg.Environment {
		case EnvironmentSandbox:
			base = SandboxURL
		case EnvironmentLive:
			base = LiveURL
		default:
			return nil, fmt.Errorf("gocardless: environment must be %q or %q, not %q", EnvironmentSandbox, EnvironmentLive, cfg.Environment)
		}
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("gocardless: invalid base URL %q", base)
	}
	c := &Client{
		baseURL:   strings.TrimRight(base, "/"),
		token:     cfg.AccessToken,
		version:   cfg.Version,
		userAgent: cfg.UserAgent,
		hc:        cfg.HTTPClient,
		timeout:   cfg.Timeout,
		retries:   cfg.MaxRetries,
		backoff:   cfg.RetryBackoff,
		log:       cfg.Logger,
	}
	if c.version == "" {
		c.version = DefaultVersion
	}
	if c.userAgent == "" {
		c.userAgent = "porch-gocardless/1 " + runtime.Version()
	}
	if c.hc == nil {
		c.hc = &http.Client{}
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	switch {
	case c.retries == 0:
		c.retries = DefaultMaxRetries
	case c.retries < 0:
		c.retries = 0
	}
	if c.backoff <= 0 {
		c.backoff = DefaultRetryBackoff
	}
	return c, nil
}

// request describes one API call.
type request struct {
	method string
	path   string // escaped, starting with "/"
	query  url.Values
	body   any // already wrapped in its envelope; nil for none
	// idempotencyKey is sent as Idempotency-Key (creates only).
	idempotencyKey string
	// retry marks the call safe to send again: reads, and creates carrying
	// an idempotency key (a repeat can never make a second resource).
	retry bool
}

// do sends r, retrying where safe, and decodes a 2xx body into out (if
// non-nil). A non-2xx answer is returned as *Error.
func (c *Client) do(ctx context.Context, r request, out any) error {
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("gocardless: encoding %s %s: %w", r.method, r.path, err)
		}
	}
	attempts := 1
	if r.retry {
		attempts += c.retries
	}
	var lastErr error
	for attempt := 1; attempt <= attempts; attempt++ {
		if attempt > 1 {
			if err := c.sleep(ctx, attempt-1); err != nil {
				return fmt.Errorf("gocardless: %s %s: %w (previous attempt: %v)", r.method, r.path, err, lastErr)
			}
		}
		status, body, err := c.send(ctx, r, payload)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return fmt.Errorf("gocardless: %s %s: %w", r.method, r.path, ctx.Err())
			}
			lastErr = fmt.Errorf("gocardless: %s %s: %w", r.method, r.path, err)
		case status >= 200 && status < 300:
			if out == nil || len(body) == 0 {
				return nil
			}
			if err := json.Unmarshal(body, out); err != nil {
				return fmt.Errorf("gocardless: decoding %s %s response: %w", r.method, r.path, err)
			}
			return nil
		default:
			apiErr := parseError(status, body)
			if !apiErr.Retryable() {
				return apiErr
			}
			lastErr = apiErr
		}
		if attempt < attempts && c.log != nil {
			c.log.WarnContext(ctx, "gocardless request will be retried",
				"method", r.method, "path", r.path, "attempt", attempt, "error", lastErr)
		}
	}
	return lastErr
}

// send makes one attempt, bounded by the client's per-attempt timeout.
func (c *Client) send(ctx context.Context, r request, payload []byte) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u := c.baseURL + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("GoCardless-Version", c.version)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", r.idempotencyKey)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxResponseBytes))
	if err != nil {
		return 0, nil, fmt.Errorf("reading response: %w", err)
	}
	return res.StatusCode, data, nil
}

// sleep waits before retry n (1-based): backoff doubled per retry, capped,
// with up to 25% jitter so that many clients do not retry in step.
func (c *Client) sleep(ctx context.Context, n int) error {
	d := c.backoff << (n - 1)
	if d > maxBackoff || d <= 0 {
		d = maxBackoff
	}
	d += time.Duration(rand.Int64N(int64(d)/4 + 1))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// resourcePath returns "/collection/id" with id escaped, rejecting an empty
// id so that a missing ID can never turn a fetch into a list.
func resourcePath(collection, id string, rest ...string) (string, error) {
	if strings.TrimSpace(id) == "" {
		return "", fmt.Errorf("gocardless: empty %s ID", strings.TrimSuffix(collection, "s"))
	}
	p := "/" + collection + "/" + url.PathEscape(id)
	for _, s := range rest {
		p += "/" + s
	}
	return p, nil
}

// get fetches one resource wrapped in its envelope key.
func get[T any](ctx context.Context, c *Client, collection, id string) (*T, error) {
	path, err := resourcePath(collection, id)
	if err != nil {
		return nil, err
	}
	return unwrap[T](ctx, c, request{method: http.MethodGet, path: path, retry: true}, collection)
}

// create POSTs params wrapped in the collection's envelope with key as
// Idempotency-Key. When GoCardless answers that the key was already used
// (409 idempotent_creation_conflict), the resource made by the first
// request is fetched with refetch and returned, as the official client
// libraries do; refetch is nil where the API has no GET for the resource.
func create[T any](ctx context.Context, c *Client, collection string, params any, key string, refetch func(context.Context, string) (*T, error)) (*T, error) {
	if strings.TrimSpace(key) == "" {
		return nil, ErrIdempotencyKeyRequired
	}
	r := request{
		method:         http.MethodPost,
		path:           "/" + collection,
		body:           map[string]any{collection: params},
		idempotencyKey: key,
		retry:          true,
	}
	v, err := unwrap[T](ctx, c, r, collection)
	var apiErr *Error
	if err != nil && refetch != nil && errors.As(err, &apiErr) {
		if id := apiErr.ConflictingResourceID(); id != "" {
			return refetch(ctx, id)
		}
	}
	return v, err
}

// unwrap sends r and decodes the resource under key in the response.
func unwrap[T any](ctx context.Context, c *Client, r request, key string) (*T, error) {
	var env map[string]json.RawMessage
	if err := c.do(ctx, r, &env); err != nil {
		return nil, err
	}
	raw, ok := env[key]
	if !ok || string(raw) == "null" {
		return nil, fmt.Errorf("gocardless: %s %s: response has no %q", r.method, r.path, key)
	}
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, fmt.Errorf("gocardless: decoding %s: %w", key, err)
	}
	return v, nil
}
