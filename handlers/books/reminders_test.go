package books_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/handlers"
	"porch/internal/webtest"
	"porch/jobs"
	"porch/ledger"
)

// reminderJob is the daily job of the fixture's organisations with the
// reminders step the server plugs in.
func reminderJob(lb *webtest.LedgerBook) func(t *testing.T, day string) jobs.Result {
	r := jobs.New(lb.F.Tenants, jobs.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		SendReminders: handlers.ReminderSender(lb.F.Cfg, func(slug string) string { return "https://" + slug + "." + webtest.Base })})
	return func(t *testing.T, day string) jobs.Result {
		t.Helper()
		d := webtest.ISODay(day)
		res := r.RunOrg(context.Background(), "acme", d.Add(7*time.Hour), d)
		if res.Err != nil {
			t.Fatalf("job on %s: %v", day, res.Err)
		}
		return res
	}
}

// reminderMails counts the reminder emails in the outbox for to.
func reminderMails(lb *webtest.LedgerBook, to string) int {
	return lb.Count(`SELECT count(*) FROM mail_outbox WHERE to_addr = ? AND subject LIKE 'Reminder: invoice %'`, to)
}

// The daily job reminds the leaseholder of each overdue invoice on the
// site's steps, 7 and 21 days after the due date: once per step however
// often it runs, only the latest step after days it missed, and never
// once the invoice is paid. Each step is logged on the unit's account.
func TestOverdueRemindersFromTheDailyJob(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	run := reminderJob(lb)
	if rec := lb.Mgr.Post("/admin/sites/"+lb.Ppl.FlatA.SitePublicID+"/reminders", url.Values{"reminder_days": {"7, 21"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("steps: %d %.500s", rec.Code, rec.Body.String())
	}
	alice := lb.Raise(t, "450.00") // due 11 April 2026
	var bob ledger.Invoice
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		charges, err := ledger.ChargeTypes(ctx, tx)
		if err != nil {
			return err
		}
		issue := webtest.ISODay("2026-03-14")
		bob, err = ledger.RaiseDemand(ctx, tx, webtest.Now, ledger.DemandInput{UnitID: lb.Ppl.FlatB.ID, IssueDate: issue,
			DueDate: webtest.ISODay("2026-04-11"), Lines: []ledger.DemandLine{{ChargeTypeID: charges[0].ID, Description: "Reserve fund", Amount: 300_00}}})
		return err
	})

	if res := run(t, "2026-04-17"); res.Reminders != 0 {
		t.Errorf("day 6: %d reminders", res.Reminders)
	}
	for i := range 2 { // twice on the same day
		if res := run(t, "2026-04-18"); res.Reminders != 2-2*i {
			t.Errorf("day 7, run %d: %d reminders", i+1, res.Reminders)
		}
	}
	if reminderMails(lb, "alice@example.com") != 1 || reminderMails(lb, "bob@example.com") != 1 {
		t.Fatalf("after day 7: alice %d, bob %d", reminderMails(lb, "alice@example.com"), reminderMails(lb, "bob@example.com"))
	}
	subject, text := lb.F.LastMail("acme", "alice@example.com")
	for _, want := range []string{"Reminder: invoice " + webtest.InvNo(alice.Number) + " for Flat 1, Harbour View is overdue, £450.00 to pay"} {
		if subject != want {
			t.Errorf("subject %q, want %q", subject, want)
		}
	}
	for _, want := range []string{"Hello Alice Adeyemi", "overdue since 12 April 2026", "Amount outstanding: £450.00",
		"Service charge, quarter to 30 June 2026: £450.00", "https://acme.porch.test/money/invoices/" + alice.PublicID + "/pay"} {
		if !strings.Contains(text, want) {
			t.Errorf("reminder lacks %q:\n%s", want, text)
		}
	}

	lb.ReceiptFor(t, lb.Ppl.FlatB, "2026-04-20", "300.00", "BOB RESERVE")
	if res := run(t, "2026-04-19"); res.Reminders != 0 {
		t.Errorf("day 8: %d reminders", res.Reminders)
	}
	// The job stops until day 30: step 2 goes once, to Alice alone.
	if res := run(t, "2026-05-11"); res.Reminders != 1 {
		t.Errorf("day 30: %d reminders", res.Reminders)
	}
	run(t, "2026-05-12")
	if reminderMails(lb, "alice@example.com") != 2 || reminderMails(lb, "bob@example.com") != 1 {
		t.Errorf("after day 30: alice %d, bob %d", reminderMails(lb, "alice@example.com"), reminderMails(lb, "bob@example.com"))
	}
	if n := lb.Count(`SELECT count(*) FROM invoice_reminders WHERE invoice_id = ?`, bob.ID); n != 1 {
		t.Errorf("%d steps recorded for the paid invoice", n)
	}
	if n := lb.Count(`SELECT count(*) FROM invoice_reminders WHERE invoice_id = ? AND sent_to = 'alice@example.com'`, alice.ID); n != 2 {
		t.Errorf("%d steps recorded for Alice's invoice", n)
	}

	// The job's days run ahead of the fixture's clock, and its retention
	// step prunes the manager's session as stale: sign in again.
	lb.Mgr.SignInAs("acme", lb.Ppl.Manager)
	page := lb.Mgr.Get(lb.UnitPath())
	log := webtest.Doc(t, page).Find(".reminder-log li")
	want := []string{"Served " + estate.UKDate(lb.F.Clock.Now()).Format("2 Jan 2006") + ": emailed to alice@example.com.",
		"Reminder 1 (7 days overdue) sent 18 Apr 2026 to alice@example.com.",
		"Reminder 2 (21 days overdue) sent 11 May 2026 to alice@example.com."}
	if log.Length() != len(want) {
		t.Fatalf("account shows %d reminders: %q", log.Length(), log.Text())
	}
	log.Each(func(i int, s *goquery.Selection) {
		if got := strings.TrimSpace(s.Text()); got != want[i] {
			t.Errorf("reminder %d: %q, want %q", i+1, got, want[i])
		}
	})
}
