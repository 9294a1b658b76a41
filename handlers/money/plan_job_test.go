package money_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"porch/handlers"
	"porch/internal/webtest"
	"porch/jobs"
	"porch/ledger"
	"porch/plans"
)

// The daily job emails a plan's reminder with its pay link five days
// before the date, tells both sides of a miss, and after the second miss
// the plan lapses and the invoices' reminders resume.
func TestPlanEmailsFromTheDailyJob(t *testing.T) {
	t.Parallel()
	lb, _ := planBook(t, false)
	r := jobs.New(lb.F.Tenants, jobs.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		SendReminders: handlers.ReminderSender(lb.F.Cfg, func(slug string) string { return "https://" + slug + "." + webtest.Base })})
	run := func(day string) {
		t.Helper()
		d := webtest.ISODay(day)
		if res := r.RunOrg(context.Background(), "acme", d.Add(7*time.Hour), d); res.Err != nil {
			t.Fatalf("job on %s: %v", day, res.Err)
		}
	}
	var p plans.Plan
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, _, err := ledger.SetReminderSteps(ctx, tx, webtest.Now, lb.Ppl.FlatA.SiteID, "7, 21")
		if err != nil {
			return err
		}
		p, err = plans.Offer(ctx, tx, webtest.Now, webtest.ISODay("2026-03-14"), plans.Proposal{UnitID: lb.Ppl.FlatA.ID,
			OccupancyID: occupancyOf(ctx, tx, t, lb.Ppl.FlatA.ID), Instalments: 3, Frequency: plans.Monthly,
			First: webtest.ISODay("2026-04-01"), By: lb.Ppl.Manager.ID})
		if err != nil {
			return err
		}
		_, err = plans.Accept(ctx, tx, webtest.Now, webtest.ISODay("2026-03-14"), p, lb.Ppl.Alice.ID)
		return err
	})
	chased := func() int {
		return lb.Count(`SELECT count(*) FROM mail_outbox WHERE to_addr = ? AND subject LIKE 'Reminder: invoice %'`, lb.Ppl.Alice.Email)
	}
	run("2026-03-20")
	if n := chased(); n != 0 {
		t.Fatalf("%d overdue reminders while on the plan", n)
	}
	run("2026-03-27")
	subject, body := lb.F.LastMail("acme", lb.Ppl.Alice.Email)
	if subject != "Payment plan: £183.43 due on 1 April 2026" || !strings.Contains(body, "/money/plans/"+p.PublicID+"/pay") {
		t.Fatalf("reminder: %q\n%s", subject, body)
	}
	run("2026-04-07")
	if subject, _ := lb.F.LastMail("acme", lb.Ppl.Alice.Email); subject != "Payment plan instalment missed: Flat 1, Harbour View" {
		t.Fatalf("resident told of the miss: %q", subject)
	}
	if subject, body := lb.F.LastMail("acme", lb.Ppl.Manager.Email); subject != "Payment plan instalment missed: Flat 1, Harbour View" ||
		!strings.Contains(body, "1 missed so far") {
		t.Fatalf("manager told of the miss: %q\n%s", subject, body)
	}
	run("2026-05-07")
	if subject, _ := lb.F.LastMail("acme", lb.Ppl.Manager.Email); subject != "Payment plan lapsed: Flat 1, Harbour View" {
		t.Fatalf("manager told of the lapse: %q", subject)
	}
	if n := chased(); n != 2 {
		t.Fatalf("%d overdue reminders after the lapse, want 2", n)
	}
}
