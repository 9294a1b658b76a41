package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
)

// ticked lists the optional emails ticked on the page.
func ticked(d *goquery.Selection) []string {
	var on []string
	d.Find(`#emails-form input[name="email"]`).Each(func(_ int, in *goquery.Selection) {
		if _, ok := in.Attr("checked"); ok {
			v, _ := in.Attr("value")
			on = append(on, v)
		}
	})
	return on
}

// postNotice posts a notice to Harbour View with an email copy, as the
// manager.
func postNotice(t *testing.T, f *webtest.Fixture, mgr *webtest.Browser, sitePublicID, title string) {
	t.Helper()
	rec := mgr.Post("/admin/notices", url.Values{"title": {title}, "sites": {sitePublicID}, "when": {"now"},
		"email_copy": {"yes"}, "body": {"The lift is serviced on Monday."}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("post notice: %d %.500s", rec.Code, rec.Body.String())
	}
}

// A resident who turns notices off gets no copy of a notice while another
// resident does; turning it back on (with htmx this time) brings copies
// back. Both changes are audited, and the page works as a plain form.
func TestEmailsPageTurnsNoticeCopiesOffAndOn(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	alice := f.Browser(acmeHost)
	alice.SignInAs("acme", ppl.Alice)
	mgr := f.Browser(acmeHost)
	mgr.SignInAs("acme", ppl.Manager)

	if link := webtest.Doc(t, alice.Get("/profile")).Find(`a[href="/profile/emails"]`); link.Length() != 1 {
		t.Fatal("the profile has no link to the emails page")
	}
	page := webtest.Doc(t, alice.Get("/profile/emails"))
	if got := strings.Join(ticked(page.Selection), " "); got != "notices documents calendar requests" {
		t.Fatalf("ticked at first: %q", got)
	}
	always := page.Find("#always-heading").Parent().Text()
	for _, want := range []string{"sign-in codes", "demands", "receipts", "reminders of an overdue invoice", "quote"} {
		if !strings.Contains(always, want) {
			t.Errorf("the emails always sent do not mention %q: %q", want, always)
		}
	}

	rec := alice.Post("/profile/emails", url.Values{"email": {"documents", "calendar", "requests"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/profile/emails?done=saved" {
		t.Fatalf("plain save: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	page = webtest.Doc(t, alice.Get("/profile/emails?done=saved"))
	if got := strings.Join(ticked(page.Selection), " "); got != "documents calendar requests" {
		t.Errorf("ticked after turning notices off: %q", got)
	}
	if page.Find(".notice.success").Length() != 1 {
		t.Error("no confirmation after saving")
	}
	var detail string
	if err := f.DB("acme").ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = 'person.email_preferences'
		ORDER BY id DESC LIMIT 1`).Scan(&detail); err != nil || detail != "New notices off" {
		t.Errorf("audit: %q %v", detail, err)
	}

	site := ppl.FlatA.SitePublicID
	postNotice(t, f, mgr, site, "Lift service")
	if n := f.MailCount("acme", ppl.Bob.Email); n != 1 {
		t.Errorf("Bob got %d copies", n)
	}
	if n := f.MailCount("acme", ppl.Alice.Email); n != 0 {
		t.Errorf("Alice, who turned notices off, got %d copies", n)
	}
	if !strings.Contains(alice.Get("/notices").Body.String(), "Lift service") {
		t.Error("with emails off, the notice is still on the portal")
	}

	rec = alice.Post("/profile/emails", url.Values{"email": {"notices", "documents", "calendar", "requests"}},
		"HX-Request", "true", "HX-Target", "emails-form")
	if rec.Code != http.StatusOK {
		t.Fatalf("htmx save: %d", rec.Code)
	}
	block := webtest.Doc(t, rec)
	if block.Find("h1").Length() != 0 || len(ticked(block.Selection)) != 4 || block.Find(".notice.success").Length() != 1 {
		t.Errorf("htmx answer is not the form block, all ticked, confirmed: %.600s", rec.Body.String())
	}
	postNotice(t, f, mgr, site, "Bins moved")
	if subject, _ := f.LastMail("acme", ppl.Alice.Email); subject != "Bins moved" {
		t.Errorf("after turning notices back on Alice's last mail is %q", subject)
	}
	if n := count(t, f, `SELECT count(*) FROM audit_log WHERE action = 'person.email_preferences'`); n != 2 {
		t.Errorf("%d audit entries", n)
	}
}

// A tampered form naming an email that does not exist changes nothing.
func TestEmailsPageRefusesUnknownEmail(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	alice := f.Browser(acmeHost)
	alice.SignInAs("acme", ppl.Alice)
	rec := alice.Post("/profile/emails", url.Values{"email": {"demands"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown email: %d", rec.Code)
	}
	if got := len(ticked(webtest.Doc(t, rec).Selection)); got != 4 {
		t.Errorf("%d ticked after a refused save", got)
	}
	if n := count(t, f, `SELECT count(*) FROM email_opt_outs`); n != 0 {
		t.Errorf("a refused save turned %d emails off", n)
	}
}

// Turning every optional email off stops none of the mail that is not
// optional: a sign-in code and a demand still arrive.
func TestEmailsOffStillSendsCodesAndDemands(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	alice := lb.F.Browser(acmeHost)
	alice.SignInAs("acme", lb.Ppl.Alice)
	if rec := alice.Post("/profile/emails", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("turning all off: %d", rec.Code)
	}
	if n := lb.Count(`SELECT count(*) FROM email_opt_outs WHERE person_id = ?`, lb.Ppl.Alice.ID); n != 4 {
		t.Fatalf("%d emails off", n)
	}
	lb.Raise(t, "450.00")
	if subject, _ := lb.F.LastMail("acme", lb.Ppl.Alice.Email); !strings.HasPrefix(subject, "Invoice ") {
		t.Errorf("no demand after turning emails off: last mail %q", subject)
	}
	before := lb.F.MailCount("acme", lb.Ppl.Alice.Email)
	lb.F.Browser(acmeHost).RequestCode("acme", lb.Ppl.Alice.Email)
	if n := lb.F.MailCount("acme", lb.Ppl.Alice.Email); n != before+1 {
		t.Errorf("no sign-in code after turning emails off: %d mails, had %d", n, before)
	}
}

// count runs a count query on the org's database.
func count(t *testing.T, f *webtest.Fixture, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.DB("acme").ReadPool().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
