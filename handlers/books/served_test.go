package books_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/emersion/go-smtp"

	"porch/estate"
	"porch/internal/smtptest"
	"porch/internal/webtest"
	"porch/mail"
)

// The page a bulk demand links to follows its emails: while they wait in
// the outbox it says so and asks again; once a real SMTP server has taken
// Alice's and refused Bob Brennan's (550), it counts one sent and one bounced,
// and the copies to print are Nora's, who has no email address, and
// Bob's, each addressed to that person.
func TestServedRunFollowsEmailsAndPrintsCopiesToPost(t *testing.T) {
	t.Parallel()
	lb, done := raiseServedBulk(t)
	link, ok := webtest.Doc(t, lb.Mgr.Get(done)).Find(".notice.success a").Attr("href")
	if !ok || link != "/admin/ledger/served?first=1&last=3" {
		t.Fatalf("the notice links to %q", link)
	}

	page := webtest.Doc(t, lb.Mgr.Get(link))
	if got := page.Find("#served-progress-text").Text(); !strings.Contains(got,
		"0 of 2 emails sent; 2 waiting to go; 1 to print and post; 1 not served.") {
		t.Errorf("before delivery: %q", got)
	}
	if trigger, _ := page.Find("#served-run").Attr("hx-trigger"); !strings.HasPrefix(trigger, "every 3s ") {
		t.Errorf("a run with mail waiting does not ask again: %q", trigger)
	}
	if got := page.Find(".notice.warning").Text(); !strings.Contains(got, "invoice 3 (Flat 3)") {
		t.Errorf("the unserved invoice is not named: %q", got)
	}

	be := deliverOverSMTP(t, lb, "bob@example.com")
	if got := be.Messages(); len(got) != 1 || got[0].To[0] != "alice@example.com" {
		t.Fatalf("delivered: %+v", got)
	}
	demandArrived(t, be, "alice@example.com", "Invoice 1 for Flat 1, Harbour View", "invoice-1.pdf")

	rec := lb.Mgr.Get(link, "HX-Request", "true", "HX-Target", "served-run")
	part := webtest.Doc(t, rec)
	if got := part.Find("#served-progress-text").Text(); !strings.Contains(got,
		"1 of 2 emails sent; 1 bounced; 2 to print and post; 1 not served.") {
		t.Errorf("after delivery: %q", got)
	}
	if _, polls := part.Find("#served-run").Attr("hx-trigger"); polls || part.Find("h1").Length() != 0 {
		t.Errorf("the finished run still polls (%v) or htmx got the whole page", polls)
	}
	rows := map[string]string{}
	part.Find("tbody tr").Each(func(_ int, r *goquery.Selection) {
		rows[strings.TrimSpace(r.Find("td[data-label=To]").Text())] = strings.Join(strings.Fields(r.Text()), " ")
	})
	for name, want := range map[string]string{"Alice Adeyemi": "Sent", "Bob Brennan": "Bounced",
		"Nora Brennan": "Post to 4 Elm Lane, Bath BA1 2AB"} {
		if !strings.Contains(rows[name], want) {
			t.Errorf("%s's row %q lacks %q (rows %v)", name, rows[name], want, rows)
		}
	}
	if !strings.Contains(rows["Bob Brennan"], "No such mailbox") {
		t.Errorf("the bounce does not say why: %q", rows["Bob Brennan"])
	}

	print := lb.Mgr.Get("/admin/ledger/served/print?first=1&last=3")
	if print.Code != http.StatusOK || print.Header().Get("Content-Type") != "application/pdf" ||
		!strings.Contains(print.Header().Get("Content-Disposition"), "demands-1-to-3-to-post.pdf") {
		t.Fatalf("print: %d %v", print.Code, print.Header())
	}
	text := strings.Join(strings.Fields(webtest.PDFText(t, print.Body.Bytes())), " ")
	for _, want := range []string{"Bob Brennan Issue date Flat 2 1 Quay Street", "Nora Brennan Issue date 4 Elm Lane Bath BA1 2AB", "Invoice Number 2", "Page 2 of 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("the print lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Alice") {
		t.Errorf("the print has Alice's emailed copy:\n%s", text)
	}
	// The invoice's account says when and how it was served.
	log := strings.Join(strings.Fields(webtest.Doc(t, lb.Mgr.Get("/admin/ledger/units/"+lb.Ppl.FlatB.PublicID)).Find(".reminder-log").Text()), " ")
	if !strings.Contains(log, ": the email to bob@example.com bounced, so post it to Bob Brennan; to post to Nora Brennan, 4 Elm Lane, Bath BA1 2AB.") ||
		!strings.HasPrefix(log, "Served ") {
		t.Errorf("Flat 2's account says %q", log)
	}
	runs := webtest.Doc(t, lb.Mgr.Get("/admin/ledger/served")).Find("tbody tr")
	if row := strings.Join(strings.Fields(runs.Text()), " "); runs.Length() != 1 || !strings.Contains(row, "2: nos. 1 to 2 2 0 1 1") {
		t.Errorf("the list of runs: %q", row)
	}
	if href, _ := runs.Find("a").Attr("href"); href != "/admin/ledger/served?first=1&last=2" {
		t.Errorf("the run links to %q", href)
	}
	markPosted(t, lb, link)
	if got := lb.Mgr.Get("/admin/ledger/served?first=3&last=2"); got.Code != http.StatusNotFound {
		t.Errorf("a backwards run: %d", got.Code)
	}
}

// A single demand raised on a unit's account reaches its leaseholder
// over SMTP with the invoice attached and a link to pay it.
func TestSingleDemandOverSMTP(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	inv := lb.Raise(t, "120.00")
	be := deliverOverSMTP(t, lb, "")
	demandArrived(t, be, "alice@example.com", fmt.Sprintf("Invoice %d for Flat 1, Harbour View: £120.00 due by", inv.Number),
		fmt.Sprintf("invoice-%d.pdf", inv.Number))
}

// deliverOverSMTP sends the organisation's outbox to a real SMTP server,
// which refuses the address reject (550), and returns what it accepted.
func deliverOverSMTP(t *testing.T, lb *webtest.LedgerBook, reject string) *smtptest.Backend {
	t.Helper()
	return lb.F.DeliverOverSMTP("acme", webtest.Now.Add(48*time.Hour), &smtptest.Backend{OnRcpt: func(to string) *smtp.SMTPError {
		if to == reject {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox"}
		}
		return nil
	}})
}

// demandArrived checks the demand the SMTP server took for to: its
// subject, the invoice PDF attached and a link to pay.
func demandArrived(t *testing.T, be *smtptest.Backend, to, subject, file string) {
	t.Helper()
	for _, r := range be.Messages() {
		if len(r.To) != 1 || r.To[0] != to {
			continue
		}
		m, err := mail.ParseMessage(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(m.Subject, subject) || len(m.Attachments) != 1 || m.Attachments[0].Filename != file ||
			m.Attachments[0].ContentType != "application/pdf" || m.Attachments[0].Size < 1000 || !strings.Contains(m.Text, "/pay") {
			t.Errorf("%s got %q with %+v:\n%s", to, m.Subject, m.Attachments, m.Text)
		}
		return
	}
	t.Errorf("no demand reached %s", to)
}

// markPosted records the run's copies to post as posted: a day to come is
// refused next to the field and marks nothing; today marks Bob's bounced
// copy and Nora's, once, and their accounts say so.
func markPosted(t *testing.T, lb *webtest.LedgerBook, link string) {
	t.Helper()
	first, last := "1", "3"
	path := "/admin/ledger/served/posted?first=" + first + "&last=" + last
	today := estate.UKDate(lb.F.Clock.Now())
	rec := lb.Mgr.Post(path, url.Values{"posted_on": {today.AddDate(0, 0, 1).Format("2006-01-02")}}, "HX-Request", "true", "HX-Target", "served-run")
	if msg := webtest.FieldErrorByID(webtest.Doc(t, rec).Selection, "served-posted-on"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(msg, "cannot be a day still to come") {
		t.Errorf("posted tomorrow: %d %q", rec.Code, msg)
	}
	if n := lb.Count(`SELECT count(*) FROM invoice_deliveries WHERE posted_on IS NOT NULL`); n != 0 {
		t.Fatalf("a refused date marked %d copies", n)
	}
	rec = lb.Mgr.Post(path, url.Values{"posted_on": {today.Format("2006-01-02")}}, "HX-Request", "true", "HX-Target", "served-run")
	d := webtest.Doc(t, rec)
	if notice := d.Find(".notice.success").Text(); rec.Code != http.StatusOK || !strings.Contains(notice, "Marked 2 copies as posted on "+today.Format("2 January 2006")) {
		t.Errorf("posted today: %d %q", rec.Code, notice)
	}
	if got := d.Find("#served-progress-text").Text(); !strings.Contains(got, "1 of 2 emails sent; 1 bounced; 2 posted; 1 not served.") {
		t.Errorf("after posting: %q", got)
	}
	if d.Find(`a[href*="/served/print"]`).Length() != 0 {
		t.Error("the print button is still offered with nothing left to post")
	}
	// A second, plain post marks nothing more and says so.
	again := lb.Mgr.Post(path, url.Values{"posted_on": {today.Format("2006-01-02")}})
	if n := lb.Count(`SELECT count(*) FROM invoice_deliveries WHERE posted_on IS NOT NULL`); again.Code != http.StatusSeeOther || n != 2 {
		t.Errorf("a second post: %d, %d copies marked", again.Code, n)
	}
	if notice := webtest.Doc(t, lb.Mgr.Get(again.Header().Get("Location"))).Find(".notice.success").Text(); !strings.Contains(notice, "already marked posted") {
		t.Errorf("the second post's notice %q", notice)
	}
	if n := lb.F.AuditCount("acme", "ledger.demands_posted"); n != 1 {
		t.Errorf("%d audit entries", n)
	}
	log := strings.Join(strings.Fields(webtest.Doc(t, lb.Mgr.Get("/admin/ledger/units/"+lb.Ppl.FlatB.PublicID)).Find(".reminder-log").Text()), " ")
	if want := "the email to bob@example.com bounced; posted to Bob Brennan on " + today.Format("2 Jan 2006") + "; posted to Nora Brennan, 4 Elm Lane, Bath BA1 2AB on " + today.Format("2 Jan 2006") + "."; !strings.Contains(log, want) {
		t.Errorf("Flat 2's account says %q, want %q", log, want)
	}
}
