package handlers

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/static"
)

// The page cache keeps whole pages as they were sent, for the pages whose
// handler calls KeepPage: pages whose every byte follows from the
// organisation's database, the session and device cookies, the address
// asked for and the time. Such a page is sent again, without running its
// handler, to the same session and device asking for the same address,
// until the first of:
//
//   - a write commits to the organisation's database (its write generation
//     moves on: tenants.DB.Generation), whatever it changed;
//   - the moment the handler says the page changes by itself (a notice
//     being published, an event ending);
//   - the end of the day in the UK, since dates shown and compared change
//     then;
//   - maxPageAge.
//
// It sits after the session is checked on every request (loadIdentity):
// a session that has ended, been revoked or timed out is anonymous, and an
// anonymous request never finds a signed-in page, since the session's id
// is part of the key. Only GET requests without htmx headers are kept or
// served; a response that sets a cookie is never kept.

const (
	// maxPageAge bounds how long a page is kept even when nothing says it
	// changed: a guard against a page that changes by itself at a moment
	// its handler did not name.
	maxPageAge = 10 * time.Minute
	// maxPageBytes bounds the memory of all kept pages together; past it
	// the oldest are dropped first.
	maxPageBytes = 32 << 20
)

// keptHeaders are the response headers a kept page is sent again with;
// the others are set afresh for every request by the middleware.
var keptHeaders = []string{"Content-Type", "Cache-Control", "Content-Security-Policy", "Vary"}

type pageKey struct {
	opening, gen uint64 // the organisation's database and its write generation
	session      int64  // the signed-in session, 0 when anonymous
	cookies      string // the session and device cookies as sent
	target       string // path and query
}

type keptPage struct {
	key    pageKey
	until  time.Time
	header http.Header
	plain  []byte

	zipOnce sync.Once
	zipped  []byte // plain gzipped, on the first request that accepts it; nil when too short
}

// size is what the page holds, its gzipped bytes counted ahead as half
// the plain ones, so the sum does not move once they are made.
func (p *keptPage) size() int {
	return len(p.plain) + len(p.plain)/2 + len(p.key.cookies) + len(p.key.target) + 512
}

// gzipped is the page gzipped, made by the first request that asks for
// it: the request that built the page was compressed as it was sent, and
// a page nobody asks for again costs nothing more.
func (p *keptPage) gzipped() []byte {
	p.zipOnce.Do(func() {
		if len(p.plain) < compressMin {
			return
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
		if _, err := zw.Write(p.plain); err == nil && zw.Close() == nil {
			p.zipped = b.Bytes()
		}
	})
	return p.zipped
}

type pageCache struct {
	mu    sync.Mutex
	m     map[pageKey]*keptPage
	order []*keptPage // oldest first
	bytes int
}

func (pc *pageCache) get(k pageKey, now time.Time) *keptPage {
	pc.mu.Lock()
	p := pc.m[k]
	pc.mu.Unlock()
	if p == nil || !now.Before(p.until) {
		return nil
	}
	return p
}

func (pc *pageCache) put(p *keptPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.m == nil {
		pc.m = map[pageKey]*keptPage{}
	}
	if old := pc.m[p.key]; old != nil {
		pc.bytes -= old.size() // still in order; dropped there when reached
	}
	pc.m[p.key] = p
	pc.order = append(pc.order, p)
	pc.bytes += p.size()
	for pc.bytes > maxPageBytes && len(pc.order) > 0 {
		first := pc.order[0]
		pc.order[0] = nil
		pc.order = pc.order[1:]
		if pc.m[first.key] == first {
			delete(pc.m, first.key)
			pc.bytes -= first.size()
		}
	}
	if len(pc.order) > 2*len(pc.m)+64 { // replaced pages pile up: start a new slice
		live := make([]*keptPage, 0, len(pc.m))
		for _, q := range pc.order {
			if pc.m[q.key] == q {
				live = append(live, q)
			}
		}
		pc.order = live
	}
}

// pageKeeping is what the handler of a page that may be kept said.
type pageKeeping struct {
	keep  bool
	until time.Time
}

const keyPageKeeping = "porch.page_keeping"

// KeepPage lets the page cache keep the page being answered (see above)
// until the moment until, when it would change by itself; zero until
// names no such moment. Call it only for a page that follows from the
// organisation's database, the session and device, the address and the
// time alone, and whose headers are those of Render.
func KeepPage(c echo.Context, until time.Time) {
	if pk, ok := c.Get(keyPageKeeping).(*pageKeeping); ok {
		pk.keep, pk.until = true, until
	}
}

// Keeping reports whether the page being answered may be kept, for a
// handler that must read more to say until when.
func Keeping(c echo.Context) bool {
	_, ok := c.Get(keyPageKeeping).(*pageKeeping)
	return ok
}

// keepPages serves kept pages and keeps the pages their handlers allow.
func (s *Kit) keepPages(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		o := OrgOf(c)
		if o == nil || req.Method != http.MethodGet || req.Header.Get("HX-Request") != "" {
			return next(c)
		}
		k := pageKey{opening: o.DB.Opening(), gen: o.DB.Generation(), cookies: s.Cookies.sent(req), target: req.URL.RequestURI()}
		if id := IdentityOf(c); id != nil {
			k.session = id.Session.ID
		}
		now := s.Now()
		if p := s.pages.get(k, now); p != nil {
			return p.serve(c)
		}
		pk := &pageKeeping{}
		c.Set(keyPageKeeping, pk)
		res := c.Response()
		rec := &pageRecorder{ResponseWriter: res.Writer, keeping: pk}
		res.Writer = rec
		err := next(c)
		res.Writer = rec.ResponseWriter
		if err == nil && pk.keep && !rec.missed && rec.status == http.StatusOK && len(res.Header()["Set-Cookie"]) == 0 {
			if until := keepUntil(now, pk.until); until.After(now) {
				s.pages.put(newKeptPage(k, until, res.Header(), rec.body.Bytes()))
			}
		}
		return err
	}
}

// keepUntil is when a page kept at now is dropped: the moment its handler
// named, the end of the UK day or maxPageAge, whichever comes first.
func keepUntil(now, named time.Time) time.Time {
	uk := now.In(estate.UK)
	y, m, d := uk.Date()
	until := time.Date(y, m, d+1, 0, 0, 0, 0, estate.UK)
	if limit := now.Add(maxPageAge); limit.Before(until) {
		until = limit
	}
	if !named.IsZero() && named.Before(until) {
		until = named
	}
	return until
}

func newKeptPage(k pageKey, until time.Time, h http.Header, body []byte) *keptPage {
	p := &keptPage{key: k, until: until, header: http.Header{}, plain: bytes.Clone(body)}
	for _, name := range keptHeaders {
		if v := h.Values(name); len(v) > 0 {
			p.header[name] = append([]string(nil), v...)[:len(v):len(v)] // a handler's Add copies
		}
	}
	return p
}

var gzipEncoding = oneValue("gzip")

// serve sends the kept page: gzipped to a client that accepts it (the
// compress middleware passes a body already encoded through as it is).
func (p *keptPage) serve(c echo.Context) error {
	res := c.Response()
	h := res.Header()
	for k, v := range p.header {
		h[k] = v
	}
	body := p.plain
	if static.AcceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
		if z := p.gzipped(); z != nil {
			h["Content-Encoding"] = gzipEncoding
			body = z
		}
	}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	res.WriteHeader(http.StatusOK)
	_, err := res.Write(body)
	return err
}

// pageRecorder passes a response through and keeps a copy of its status
// and, once the handler said the page may be kept, of its body as the
// handler wrote it: nothing is copied of the pages not kept.
type pageRecorder struct {
	http.ResponseWriter
	keeping *pageKeeping
	status  int
	body    bytes.Buffer
	missed  bool // some of the body went before KeepPage
}

func (r *pageRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *pageRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.keeping.keep {
		r.body.Write(p)
	} else {
		r.missed = true
	}
	return r.ResponseWriter.Write(p)
}
