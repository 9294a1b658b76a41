package webtest

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
)

// DbWrite runs fn in a write transaction on the org's database.
func (f *Fixture) DbWrite(slug string, fn func(ctx context.Context, tx *sql.Tx) error) {
	f.T.Helper()
	ctx := context.Background()
	db := f.DB(slug)
	if err := db.Write(ctx, func(tx *sql.Tx) error { return fn(ctx, tx) }); err != nil {
		f.T.Fatal(err)
	}
}

// AuditCount counts audit entries with the action (and, when given, the
// object).
func (f *Fixture) AuditCount(slug, action string, object ...string) int {
	f.T.Helper()
	db := f.DB(slug)
	q := `SELECT count(*) FROM audit_log WHERE action = ?`
	args := []any{action}
	if len(object) > 0 {
		q += ` AND object = ?`
		args = append(args, object[0])
	}
	var n int
	if err := db.ReadPool().QueryRow(q, args...).Scan(&n); err != nil {
		f.T.Fatal(err)
	}
	return n
}

// Invite makes an invitation for p directly, as a manager would, and
// returns the token of its link.
func (f *Fixture) Invite(slug string, p estate.Person) string {
	f.T.Helper()
	var token string
	f.DbWrite(slug, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		token, err = f.Cfg.Keys.CreateInvitation(ctx, tx, f.Clock.Now(), p.ID, p.Email, nil)
		return err
	})
	return token
}

// SignInAs signs the browser in as p through an invitation link. Staff
// land on the admin dashboard, everyone else on their home page.
func (b *Browser) SignInAs(slug string, p estate.Person) {
	b.T.Helper()
	rec := b.Post("/invite/"+b.F.Invite(slug, p), nil)
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != "/" && loc != "/admin" {
		b.T.Fatalf("accept invitation as %s: %d %v %.300s", p.FullName, rec.Code, rec.Header(), rec.Body.String())
	}
}

// SignedInAs returns the greeting of the home page: "" when the browser is
// not signed in.
func (b *Browser) SignedInAs() string {
	b.T.Helper()
	d := Doc(b.T, b.Get("/"))
	if h := strings.TrimSpace(d.Find("h1").Text()); strings.HasPrefix(h, "Hello, ") {
		return strings.TrimPrefix(h, "Hello, ")
	}
	return ""
}

// MailedInvite returns the path of the invitation link in the newest mail to
// email.
func (f *Fixture) MailedInvite(email string) string {
	f.T.Helper()
	_, text := f.LastMail("acme", email)
	m := inviteLinkRE.FindStringSubmatch(text)
	if m == nil {
		f.T.Fatalf("no invitation link in mail:\n%s", text)
	}
	return "/invite/" + m[1]
}

// Cookie returns the browser's cookie called name, or nil.
func (b *Browser) Cookie(name string) *http.Cookie {
	for _, c := range b.Jar.Cookies(b.URL("/")) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// RequestCode asks for a sign-in code for email and returns it from the
// mail, failing the test unless a code was sent.
func (b *Browser) RequestCode(slug, email string) string {
	b.T.Helper()
	if rec := b.Post("/sign-in", url.Values{"email": {email}}); rec.Code != http.StatusSeeOther {
		b.T.Fatalf("POST /sign-in: %d %.300s", rec.Code, rec.Body.String())
	}
	_, text := b.F.LastMail(slug, email)
	return CodeIn(b.T, text)
}

// IsSignedIn reports whether the browser reaches its profile.
func (b *Browser) IsSignedIn() bool {
	b.T.Helper()
	rec := b.Get("/profile")
	switch rec.Code {
	case http.StatusOK:
		return true
	case http.StatusSeeOther:
		if !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
			b.T.Fatalf("GET /profile redirects to %q", rec.Header().Get("Location"))
		}
		return false
	}
	b.T.Fatalf("GET /profile: %d", rec.Code)
	return false
}

// AuditActions counts the org's audit entries by action.
func (f *Fixture) AuditActions(slug string) map[string]int {
	f.T.Helper()
	db := f.DB(slug)
	rows, err := db.ReadPool().Query(`SELECT action FROM audit_log`)
	if err != nil {
		f.T.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			f.T.Fatal(err)
		}
		out[a]++
	}
	return out
}

// Webhook posts a body to the Stripe webhook of acme as Stripe does: no
// cookies, no browser headers.
func (f *Fixture) Webhook(body []byte, signature string) *httptest.ResponseRecorder {
	f.T.Helper()
	req := httptest.NewRequest("POST", "http://acme."+Base+"/webhooks/stripe", strings.NewReader(string(body)))
	req.Host = "acme." + Base
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
	if signature != "" {
		req.Header.Set("Stripe-Signature", signature)
	}
	rec := httptest.NewRecorder()
	f.Echo.ServeHTTP(rec, req)
	return rec
}

func HomeCards(d *goquery.Document) []string {
	var out []string
	d.Find(".home-card").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.Join(strings.Fields(s.Text()), " "))
	})
	return out
}

var inviteLinkRE = regexp.MustCompile(`http://acme\.porch\.test/invite/([A-Za-z0-9_-]+)`)
