package books_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// A bulk demand is served as it is raised: Flat 1's leaseholder and Flat
// 2's joint leaseholders each get an email with their invoice attached,
// the joint holder without an email address is listed for posting, and
// Flat 3, which no one holds, is named as not sent. Each invoice names the
// block's landlord and address for notices.
func TestBulkDemandIsServedOnEachHolder(t *testing.T) {
	t.Parallel()
	lb, done := raiseServedBulk(t)
	notice := webtest.Doc(t, lb.Mgr.Get(done)).Find(".notice.success").Text()
	for _, want := range []string{"Invoices 1 to 3 raised.", "Emailed with the invoice attached to 2 people",
		"to post to Nora Brennan (Flat 2), who has no email address", "not sent: no one holds a lease or tenancy liable for invoice 3 (Flat 3)"} {
		if !strings.Contains(notice, want) {
			t.Errorf("notice %q lacks %q", notice, want)
		}
	}

	for _, who := range []struct{ email, unit string }{{"alice@example.com", "Flat 1"}, {"bob@example.com", "Flat 2"}} {
		subject, text := lb.F.LastMail("acme", who.email)
		if !strings.HasPrefix(subject, "Invoice ") || !strings.Contains(subject, who.unit+", Harbour View") || !strings.Contains(text, "/pay") {
			t.Errorf("%s: %q\n%s", who.email, subject, text)
		}
		var name string
		var pdf []byte
		if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT a.filename, a.data FROM mail_attachments a
			JOIN mail_outbox m ON m.id = a.outbox_id WHERE m.to_addr = ?`, who.email).Scan(&name, &pdf); err != nil {
			t.Fatalf("%s: no attachment: %v", who.email, err)
		}
		text = webtest.PDFText(t, pdf)
		if !strings.HasPrefix(name, "invoice-") || !strings.Contains(text, "Harbour Freehold Ltd") || !strings.Contains(text, "9 Park Row") ||
			!strings.Contains(text, "sections 47 and 48") || !strings.Contains(text, "Summary of tenants' rights and obligations") ||
			!strings.Contains(text, "Summary of rights: service_charge, england.") {
			t.Errorf("%s's invoice %s:\n%s", who.email, name, text)
		}
	}
	if n := lb.Count(`SELECT count(*) FROM invoice_deliveries WHERE channel = 'email' AND mail_id IS NOT NULL`); n != 2 {
		t.Errorf("%d email deliveries recorded", n)
	}
	if n := lb.Count(`SELECT count(*) FROM invoice_deliveries WHERE channel = 'post' AND address = '4 Elm Lane, Bath BA1 2AB'`); n != 1 {
		t.Errorf("%d posted deliveries recorded", n)
	}
}

// raiseServedBulk raises a bulk demand on three flats: Flat 1 held by
// Alice, Flat 2 jointly by Bob and Nora (who has no email address, only
// an address for letters) and Flat 3 by no one. It returns the page the
// manager is sent to.
func raiseServedBulk(t *testing.T) (*webtest.LedgerBook, string) {
	t.Helper()
	lb := webtest.NewLedgerBook(t)
	thirds(t, lb)
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sites SET landlord_name = 'Harbour Freehold Ltd',
			landlord_address = '9 Park Row' || char(10) || 'Bristol BS1 5LJ'`); err != nil {
			return err
		}
		nora, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Nora Brennan",
			CorrespondenceAddress: "4 Elm Lane\nBath BA1 2AB"}, webtest.Now)
		if err != nil {
			return err
		}
		occ, err := estate.OccupanciesOfUnit(ctx, tx, lb.Ppl.FlatB.ID)
		if err != nil {
			return err
		}
		_, err = estate.AddParty(ctx, tx, occ[0].ID, nora.ID)
		return err
	})
	form := bulkValues(lb)
	form.Set("previewed", bulkPreview(t, lb, form))
	form.Set("action", "post")
	rec := lb.Mgr.Post(bulkPath(lb), form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("post: %d", rec.Code)
	}
	return lb, rec.Header().Get("Location")
}

// Demands a schedule raises are served too, whether a manager runs the
// schedules or the daily job does: each leaseholder gets their invoice.
func TestScheduledDemandsAreServed(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	createSchedule(t, lb, scheduleValues(lb))
	if rec := lb.Mgr.Post(schedulesPath+"/run", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("run: %d", rec.Code)
	}
	for _, email := range []string{"alice@example.com", "bob@example.com"} {
		if subject, _ := lb.F.LastMail("acme", email); !strings.HasPrefix(subject, "Invoice ") {
			t.Errorf("%s: %q", email, subject)
		}
	}
	if n := lb.Count(`SELECT count(*) FROM invoice_deliveries d JOIN invoices i ON i.id = d.invoice_id WHERE i.schedule_id IS NOT NULL`); n != 2 {
		t.Errorf("%d deliveries of scheduled demands", n)
	}
}
