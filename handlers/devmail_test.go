package handlers_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"porch/handlers"
	"porch/internal/webtest"
	"porch/mail"
	"porch/tenants"
)

// TestDevMailFromOutbox sends mail the way Porch does (outbox, then the
// sender with the file transport) and reads it back through /_dev/mail,
// which must show each org only its own mail.
func TestDevMailFromOutbox(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme, webtest.Bravo)
	ctx := context.Background()
	send := func(slug string, m mail.Message) {
		t.Helper()
		db, release, err := f.Tenants.Acquire(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		err = db.Write(ctx, func(tx *sql.Tx) error {
			_, err := mail.Enqueue(ctx, f.Tenants.Catalog(), slug, tx, webtest.Now, m)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sender := mail.NewSender(f.Tenants, mail.NewFileTransport(f.Cfg.MailDir), mail.SenderConfig{
			From: "no-reply@" + webtest.Base, Now: func() time.Time { return webtest.Now.Add(time.Minute) }, Logger: f.Cfg.Logger})
		if err := sender.DeliverDue(ctx, slug); err != nil {
			t.Fatal(err)
		}
	}
	send("acme", mail.Message{To: "jo@example.com", ToName: "Jo Bloggs", Subject: "Your sign-in code",
		Text: "Your code is 482913.\nIt expires in 10 minutes.", HTML: "<p>Your code is <b>482913</b>.</p>"})
	send("bravo", mail.Message{To: "sam@example.com", Subject: "Bravo secret notice", Text: "For Bravo's tenants only."})

	host := "acme." + webtest.Base
	rec := f.Do("GET", host, "/_dev/mail", nil)
	if rec.Code != 200 {
		t.Fatalf("list: %d", rec.Code)
	}
	items := webtest.Doc(t, rec).Find(".mail-list li")
	if items.Length() != 1 || !strings.Contains(items.Text(), "Your sign-in code") || !strings.Contains(items.Text(), "jo@example.com") {
		t.Fatalf("acme's list: %.500s", rec.Body.String())
	}
	if strings.Contains(rec.Body.String(), "Bravo secret") {
		t.Fatal("acme's list shows bravo's mail")
	}
	href, _ := items.Find("a").Attr("href")
	name := strings.TrimPrefix(href, "/_dev/mail/")

	rec = f.Do("GET", host, href, nil)
	if rec.Code != 200 {
		t.Fatalf("message %s: %d", href, rec.Code)
	}
	d := webtest.Doc(t, rec)
	if got := d.Find("h1").Text(); got != "Your sign-in code" {
		t.Errorf("h1 = %q", got)
	}
	if got := d.Find("pre.mail-body").Text(); !strings.Contains(got, "Your code is 482913.\nIt expires in 10 minutes.") {
		t.Errorf("body = %q", got)
	}
	if dl := d.Find("dl.details").Text(); !strings.Contains(dl, webtest.Acme.Name) || !strings.Contains(dl, "Jo Bloggs <jo@example.com>") ||
		!strings.Contains(dl, "plain text and HTML") {
		t.Errorf("details = %q", dl)
	}

	bravoList := webtest.Doc(t, f.Do("GET", "bravo."+webtest.Base, "/_dev/mail", nil))
	bravoHref, _ := bravoList.Find(".mail-list a").Attr("href")
	bravoName := strings.TrimPrefix(bravoHref, "/_dev/mail/")
	if bravoName == "" || strings.Contains(bravoList.Text(), "Your sign-in code") {
		t.Fatalf("bravo's list: %q", bravoList.Text())
	}

	for _, bad := range []string{
		"/_dev/mail/..%2fx.eml",
		"/_dev/mail/..%2fbravo%2f" + bravoName,
		"/_dev/mail/%2e%2e%2fbravo%2f" + bravoName,
		"/_dev/mail/..%5cbravo%5c" + bravoName,
		"/_dev/mail/../bravo/" + bravoName,
		"/_dev/mail/" + bravoName, // bravo's file is not in acme's folder
		"/_dev/mail/.hidden.eml",
		"/_dev/mail/" + strings.TrimSuffix(name, ".eml"),
		"/_dev/mail/x.txt",
		"/_dev/mail/%00.eml",
	} {
		rec := f.Do("GET", host, bad, nil)
		if rec.Code != 404 {
			t.Errorf("%s: %d", bad, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "Bravo secret") {
			t.Errorf("%s shows bravo's mail", bad)
		}
	}
	if rec := f.Do("GET", webtest.Base, "/_dev/mail", nil); rec.Code != 404 {
		t.Errorf("dev mail on the base domain: %d", rec.Code)
	}

	// The same data directory without development mode shows nothing.
	prod := *f
	prod.Cfg.Dev = false
	prod.Rebuild()
	for _, p := range []string{"/_dev/mail", href} {
		rec := prod.Do("GET", host, p, nil)
		if rec.Code != 404 || strings.Contains(rec.Body.String(), "482913") {
			t.Errorf("non-dev %s: %d", p, rec.Code)
		}
	}
	if strings.Contains(prod.Do("GET", host, "/", nil).Body.String(), "/_dev/mail") {
		t.Error("non-dev page links to dev mail")
	}
}

// compile-time check that the fixture's manager satisfies what the mail
// sender needs.
var _ mail.Orgs = (*tenants.Manager)(nil)

// The development pages answer only clients on this machine: they show
// every sign-in code. A request from the network gets the 404 any missing
// page gets, whatever it claims in X-Forwarded-For.
func TestDevPagesOnlyForThisMachine(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme)
	for _, tt := range []struct {
		peer string
		want int
	}{
		{webtest.LocalPeer, http.StatusOK},
		{"[::1]:50123", http.StatusOK},
		{"192.0.2.7:41000", http.StatusNotFound},
		{"[2001:db8::7]:41000", http.StatusNotFound},
	} {
		req := httptest.NewRequest("GET", "http://acme."+webtest.Base+"/_dev/mail", nil)
		req.Host = "acme." + webtest.Base
		req.RemoteAddr = tt.peer
		req.Header.Set("X-Forwarded-For", "127.0.0.1")
		rec := httptest.NewRecorder()
		f.Echo.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("/_dev/mail from %s: %d, want %d", tt.peer, rec.Code, tt.want)
		}
	}
}
