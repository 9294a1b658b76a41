package webtest

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"porch/estate"
	"porch/tenants"
)

// Browser is a test client for one host: it keeps cookies like a browser
// and marks its form posts same-origin, as a real browser would.
type Browser struct {
	T    testing.TB
	F    *Fixture
	Host string
	Jar  *cookiejar.Jar
	UA   string
	// Peer is the network address requests come from (LocalPeer unless a
	// test sets another, as for per-client limits).
	Peer string
}

func (f *Fixture) Browser(host string) *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{T: f.T, F: f, Host: host, Jar: jar, Peer: LocalPeer,
		UA: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"}
}

func (b *Browser) URL(path string) *url.URL {
	scheme := "http"
	if b.F.Cfg.TLSProxy {
		scheme = "https" // behind the proxy, browsers speak TLS: Secure cookies flow
	}
	u, _ := url.Parse(scheme + "://" + b.Host + path)
	return u
}

// Send runs one request through the router, carrying and storing cookies.
func (b *Browser) Send(req *http.Request) *httptest.ResponseRecorder {
	b.T.Helper()
	req.Host = b.Host
	req.RemoteAddr = b.Peer
	req.Header.Set("User-Agent", b.UA)
	for _, c := range b.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.F.Echo.ServeHTTP(rec, req)
	b.Jar.SetCookies(req.URL, rec.Result().Cookies())
	return rec
}

// Get fetches path.
func (b *Browser) Get(path string, hdr ...string) *httptest.ResponseRecorder {
	b.T.Helper()
	req := httptest.NewRequest("GET", b.URL(path).String(), nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.Send(req)
}

// Post submits a form to path as a same-origin browser form post.
func (b *Browser) Post(path string, form url.Values, hdr ...string) *httptest.ResponseRecorder {
	b.T.Helper()
	req := httptest.NewRequest("POST", b.URL(path).String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.Send(req)
}

var codeRE = regexp.MustCompile(`\b(\d{6})\b`)

// DB returns the org's open database, held until the test ends.
func (f *Fixture) DB(slug string) *tenants.DB {
	f.T.Helper()
	db, release, err := f.Tenants.Acquire(context.Background(), slug)
	if err != nil {
		f.T.Fatal(err)
	}
	f.T.Cleanup(release)
	return db
}

// LastMail returns the text of the newest message queued for to in the
// org's outbox.
func (f *Fixture) LastMail(slug, to string) (subject, text string) {
	f.T.Helper()
	db := f.DB(slug)
	err := db.ReadPool().QueryRow(`SELECT subject, text_body FROM mail_outbox WHERE to_addr = ? COLLATE NOCASE ORDER BY id DESC LIMIT 1`, to).Scan(&subject, &text)
	if err != nil {
		f.T.Fatalf("no mail to %s: %v", to, err)
	}
	return subject, text
}

// MailCount counts messages queued for to.
func (f *Fixture) MailCount(slug, to string) int {
	f.T.Helper()
	db := f.DB(slug)
	var n int
	if err := db.ReadPool().QueryRow(`SELECT count(*) FROM mail_outbox WHERE to_addr = ? COLLATE NOCASE`, to).Scan(&n); err != nil {
		f.T.Fatal(err)
	}
	return n
}

// CodeIn extracts the six-digit code from a sign-in email.
func CodeIn(t testing.TB, text string) string {
	t.Helper()
	m := codeRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no code in mail:\n%s", text)
	}
	return m[1]
}

// SignIn signs the browser in as email with an emailed code, and fails the
// test unless it lands signed in.
func (b *Browser) SignIn(slug, email string) {
	b.T.Helper()
	if rec := b.Post("/sign-in", url.Values{"email": {email}}); rec.Code != http.StatusSeeOther {
		b.T.Fatalf("POST /sign-in: %d %.300s", rec.Code, rec.Body.String())
	}
	_, text := b.F.LastMail(slug, email)
	rec := b.Post("/sign-in/code", url.Values{"code": {CodeIn(b.T, text)}})
	if rec.Code != http.StatusSeeOther {
		b.T.Fatalf("POST /sign-in/code: %d %.300s", rec.Code, rec.Body.String())
	}
}

// People is a small estate in one org for access tests: a block site with
// two flats, a leaseholder of each, and a manager.
type People struct {
	Manager, Alice, Bob estate.Person
	FlatA, FlatB        estate.Unit
}

// SeedPeople creates the people fixture in the org slug.
func (f *Fixture) SeedPeople(slug string) People {
	f.T.Helper()
	ctx := context.Background()
	db := f.DB(slug)
	var p People
	err := db.Write(ctx, func(tx *sql.Tx) error {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Harbour View", Kind: estate.KindBlock,
			AddressLine1: "1 Quay Street", Town: "Bristol", Postcode: "BS1 4RN"}, Now)
		if err != nil {
			return err
		}
		if p.FlatA, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "Flat 1", Share: "50"}, Now); err != nil {
			return err
		}
		if p.FlatB, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "Flat 2", Share: "50"}, Now); err != nil {
			return err
		}
		mk := func(name, email string) (estate.Person, error) {
			return estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: name, Email: email, PortalEnabled: true}, Now)
		}
		if p.Manager, err = mk("Morgan Manager", "morgan@"+slug+".example"); err != nil {
			return err
		}
		if err := estate.AddStaff(ctx, tx, p.Manager.ID, estate.StaffRoleAdmin, Now); err != nil {
			return err
		}
		if p.Alice, err = mk("Alice Adeyemi", "alice@example.com"); err != nil {
			return err
		}
		if p.Bob, err = mk("Bob Brennan", "bob@example.com"); err != nil {
			return err
		}
		start := Now.AddDate(-2, 0, 0)
		if _, err := estate.LinkPerson(ctx, tx, start, p.FlatA.ID, p.Alice.ID, estate.RoleLeaseholder, start, nil); err != nil {
			return err
		}
		_, err = estate.LinkPerson(ctx, tx, start, p.FlatB.ID, p.Bob.ID, estate.RoleLeaseholder, start, nil)
		return err
	})
	if err != nil {
		f.T.Fatal(err)
	}
	return p
}
