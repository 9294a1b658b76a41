package main

import (
	"bytes"
	"context"
	"mime"
	netmail "net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"porch/demo"
	"porch/estate"
	"porch/internal/smtptest"
	"porch/ledger"
)

// TestOverdueReminderOverSMTP: on the first day the demo's block owes a
// new reminder step, the daily job sends it and the leaseholder receives
// it over SMTP, with the amount outstanding and a link to pay; running
// the job again that day sends nothing more.
func TestOverdueReminderOverSMTP(t *testing.T) {
	m, be := demoOverSMTP(t)
	ctx := context.Background()
	db := demoDB(t, m)
	today := estate.UKDate(time.Now())
	var day time.Time
	var due ledger.DueReminder
	var to string
	for n := 1; n <= 120 && to == ""; n++ {
		day = today.AddDate(0, 0, n)
		all, err := ledger.DueReminders(ctx, db.Read(), day)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range all {
			if r.OccupancyID == 0 {
				continue
			}
			occ, err := estate.GetOccupancyByID(ctx, db.Read(), r.OccupancyID)
			if err != nil {
				t.Fatal(err)
			}
			if len(occ.Parties) > 0 && occ.Parties[0].Email != "" {
				due, to = r, occ.Parties[0].Email
				break
			}
		}
	}
	if to == "" {
		t.Fatal("no reminder falls due in the demo's next 120 days")
	}
	res := m.Jobs.RunOrg(ctx, demo.DemoSlug, day.Add(8*time.Hour), day)
	if res.Err != nil || res.Reminders == 0 {
		t.Fatalf("daily job: %+v", res)
	}
	m.Sender.Kick()
	want := "Reminder: invoice " + strconv.FormatInt(due.Number, 10) + " "
	msg := waitForMail(t, be, to, want)
	text := string(mailText(t, msg))
	for _, w := range []string{"overdue since " + due.DueDate.AddDate(0, 0, 1).Format("2 January 2006"),
		"Amount outstanding: £", "/money/invoices/" + due.PublicID + "/pay"} {
		if !strings.Contains(text, w) {
			t.Errorf("reminder lacks %q:\n%s", w, text)
		}
	}
	var steps int
	if err := db.ReadPool().QueryRow(`SELECT count(*) FROM invoice_reminders WHERE invoice_id = ? AND step = ? AND sent_to LIKE ?`,
		due.ID, due.Step, "%"+to+"%").Scan(&steps); err != nil || steps != 1 {
		t.Errorf("step recorded %d times: %v", steps, err)
	}
	if again := m.Jobs.RunOrg(ctx, demo.DemoSlug, day.Add(9*time.Hour), day); again.Err != nil || again.Reminders != 0 {
		t.Errorf("second run the same day: %+v", again)
	}
}

// waitForMail waits for a message to to whose subject holds part.
func waitForMail(t *testing.T, be *smtptest.Backend, to, part string) *netmail.Message {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, r := range be.Messages() {
			if len(r.To) != 1 || r.To[0] != to {
				continue
			}
			msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
			if err != nil {
				t.Fatal(err)
			}
			if subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); strings.Contains(subject, part) {
				return msg
			}
		}
	}
	t.Fatalf("no message %q reached %s", part, to)
	return nil
}

// mailText is the plain text part of a message.
func mailText(t *testing.T, msg *netmail.Message) []byte {
	t.Helper()
	parts := map[string][]byte{}
	readParts(t, msg.Header.Get("Content-Type"), msg.Body, parts)
	return parts["text/plain"]
}
