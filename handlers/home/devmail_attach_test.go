package home_test

import (
	"bytes"
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"porch/handlers"
	chromium "porch/internal/browser"
	"porch/internal/webtest"
	"porch/mail"
)

// sendDevMail queues m for acme and delivers it with the file transport, as
// the server does in development mode.
func sendDevMail(t *testing.T, f *webtest.Fixture, m mail.Message) {
	t.Helper()
	ctx := context.Background()
	db, release, err := f.Tenants.Acquire(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	err = db.Write(ctx, func(tx *sql.Tx) error {
		_, err := mail.Enqueue(ctx, f.Tenants.Catalog(), "acme", tx, webtest.Now, m)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sender := mail.NewSender(f.Tenants, mail.NewFileTransport(f.Cfg.MailDir), mail.SenderConfig{
		From: "no-reply@" + webtest.Base, Now: func() time.Time { return webtest.Now.Add(time.Minute) }, Logger: f.Cfg.Logger})
	if err := sender.DeliverDue(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
}

func receiptMail() mail.Message {
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0, 1, 2, 0xfe, 0xff}, 4000)...)
	return mail.Message{
		To: "jo@example.com", ToName: "Jo Bloggs", Subject: "Receipt for your payment of £1,200.00",
		Text: "Thank you for your payment of £1,200.00 towards Flat 3.\nYour receipt is attached.",
		HTML: "<p>Thank you for your payment of <b>£1,200.00</b> towards Flat 3.</p>",
		Attachments: []mail.Attachment{
			{Filename: "receipt-R-0042.pdf", ContentType: "application/pdf", Data: pdf},
			{Filename: "payment-details.csv", ContentType: "text/csv", Data: []byte("date,amount\n2025-06-01,1200.00\n")},
		},
	}
}

// TestDevMailShowsAttachments: the dev mail list and message pages name a
// message's files and still show its text, not the files, as the body.
func TestDevMailShowsAttachments(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme)
	sendDevMail(t, f, receiptMail())
	host := "acme." + webtest.Base

	rec := f.Do("GET", host, "/_dev/mail", nil)
	if rec.Code != 200 {
		t.Fatalf("list: %d", rec.Code)
	}
	item := webtest.Doc(t, rec).Find(".mail-list li")
	if got := strings.Join(strings.Fields(item.Text()), " "); !strings.Contains(got, "Attached: receipt-R-0042.pdf, payment-details.csv") {
		t.Errorf("list item = %q, want the attachment names", got)
	}
	href, _ := item.Find("a").Attr("href")
	rec = f.Do("GET", host, href, nil)
	if rec.Code != 200 {
		t.Fatalf("message %s: %d", href, rec.Code)
	}
	d := webtest.Doc(t, rec)
	dl := strings.Join(strings.Fields(d.Find("dl.details").Text()), " ")
	for _, want := range []string{"plain text and HTML", "Attachments", "receipt-R-0042.pdf (application/pdf, 20 KB)", "payment-details.csv (text/csv, 31 bytes)"} {
		if !strings.Contains(dl, want) {
			t.Errorf("details = %q, want %q", dl, want)
		}
	}
	if body := d.Find("pre.mail-body").Text(); !strings.HasPrefix(body, "Thank you for your payment") || strings.Contains(body, "PDF") {
		t.Errorf("body = %q, want the text and not the files", body)
	}
}

// TestDevMailAttachmentsInBrowser looks at both pages at phone and desktop
// widths: the file names must not push the page sideways.
func TestDevMailAttachmentsInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, func(c *handlers.Config) { c.Dev = true }, webtest.Acme)
			// A name as long as allowed, with nowhere to break it.
			m := receiptMail()
			m.Attachments = append(m.Attachments, mail.Attachment{
				Filename: strings.Repeat("x", 96) + ".pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7")})
			sendDevMail(t, f, m)
			site := webtest.ChromeSite(t, f)
			ctx := chromium.New(t, size.w, size.h)
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/_dev/mail"), chromedp.WaitVisible(".mail-list")); err != nil {
				t.Fatalf("list: %v", err)
			}
			webtest.FitsWidth(t, ctx, "list")
			chromium.Screenshot(t, ctx, "devmail-attachments-list-"+strconv.Itoa(size.w))
			if err := chromedp.Do(ctx, chromedp.Click(".mail-list a"), chromedp.WaitVisible("pre.mail-body")); err != nil {
				t.Fatalf("open message: %v", err)
			}
			webtest.FitsWidth(t, ctx, "message")
			chromium.Screenshot(t, ctx, "devmail-attachments-message-"+strconv.Itoa(size.w))
		})
	}
}
