package books_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

// carPark gives Harbour View a "Car park" schedule that Flat 2 pays all
// of, beside its default that Flats 1 and 2 share half and half.
func carPark(t *testing.T, lb *webtest.LedgerBook) estate.Apportionment {
	t.Helper()
	var car estate.Apportionment
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) (err error) {
		if car, err = estate.CreateApportionment(ctx, tx, lb.Ppl.FlatA.SiteID, "Car park", webtest.Now); err != nil {
			return err
		}
		_, err = estate.SaveShares(ctx, tx, car.ID, estate.SharesInput{lb.Ppl.FlatB.PublicID: "100"})
		return err
	})
	return car
}

// A bulk demand split by the car park's schedule: the form offers the
// site's schedules with the default chosen, the shares shown follow the
// choice, and the preview and the invoices posted put the whole charge on
// Flat 2. A preview of the default does not confirm a post by the car park.
func TestBulkDemandByANamedSchedule(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	car := carPark(t, lb)

	d := webtest.Doc(t, lb.Mgr.Get(bulkPath(lb)))
	sel := d.Find(`select[name="apportionment"]`)
	if sel.Find("option").Length() != 2 || !strings.Contains(sel.Find("option[selected]").Text(), "Main (default)") {
		t.Fatalf("schedule select: %q", sel.Text())
	}
	rec := lb.Mgr.Get(bulkPath(lb)+"?apportionment="+car.PublicID, hxTo("bulk-shares")...)
	d = webtest.Doc(t, rec)
	if d.Find("#bulk-demand").Length() != 0 || d.Find("#bulk-shares tbody tr").Length() != 1 ||
		!strings.Contains(d.Find("#bulk-shares tbody").Text(), "Flat 2") || !strings.Contains(d.Find("#bulk-shares tfoot").Text(), "100%") {
		t.Errorf("the car park's shares: %q", d.Find("#bulk-shares").Text())
	}

	byDefault := bulkPreview(t, lb, bulkValues(lb))
	form := bulkValues(lb)
	form.Set("apportionment", car.PublicID)
	form.Set("previewed", byDefault)
	form.Set("action", "post")
	rec = lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
	if msg := webtest.Doc(t, rec).Find("#bulk-demand .notice.error").Text(); !strings.Contains(msg, "changed since the preview") {
		t.Errorf("a preview of the default confirmed a post by the car park: %d %q", rec.Code, msg)
	}
	if n := bulkPosted(lb); n != 0 {
		t.Fatalf("%d rows written", n)
	}

	form.Del("previewed")
	form.Set("action", "preview")
	rec = lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
	d = webtest.Doc(t, rec)
	if rows := d.Find(".bulk-table tbody tr"); rows.Length() != 1 || !strings.Contains(rows.Text(), "Flat 2") || !strings.Contains(rows.Text(), "£1,333.34") {
		t.Fatalf("preview by the car park: %q", rows.Text())
	}
	if !strings.Contains(d.Find(".bulk-preview").Text(), "split by the Car park schedule") {
		t.Error("the preview does not say which schedule it splits by")
	}
	form.Set("previewed", d.Find(`input[name="previewed"]`).AttrOr("value", ""))
	form.Set("action", "post")
	if rec = lb.Mgr.Post(bulkPath(lb), form); rec.Code != http.StatusSeeOther {
		t.Fatalf("post: %d %.800s", rec.Code, rec.Body.String())
	}
	if got := lb.Count(`SELECT count(*) FROM invoices`); got != 1 {
		t.Errorf("%d invoices, want Flat 2's alone", got)
	}
	if got := lb.Count(`SELECT total FROM invoices WHERE unit_id = ?`, lb.Ppl.FlatB.ID); got != 1_333_34 {
		t.Errorf("Flat 2's invoice is %d pence", got)
	}
}

// A schedule that is not one of the site's in use is refused by the bulk
// demand, next to the select.
func TestBulkDemandRefusesAnotherSitesSchedule(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	form := bulkValues(lb)
	form.Set("apportionment", "nosuchthing00000")
	rec := lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown schedule: %d", rec.Code)
	}
	if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "apportionment"); !strings.Contains(msg, "Choose one of Harbour View's") {
		t.Errorf("message for an unknown schedule: %q", msg)
	}
	if n := bulkPosted(lb); n != 0 {
		t.Fatalf("%d rows written", n)
	}
}

// A recurring demand for the car park is offered as a target of its own,
// names its schedule in the list, and raises its demand on Flat 2 alone.
func TestRecurringDemandByANamedSchedule(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	car := carPark(t, lb)
	target := "site:" + lb.Ppl.FlatA.SitePublicID + ":" + car.PublicID
	d := webtest.Doc(t, lb.Mgr.Get("/admin/ledger/schedules"))
	if opt := d.Find(`#sch-target option[value="` + target + `"]`).Text(); opt != "Harbour View, Car park shares" {
		t.Fatalf("target option %q", opt)
	}
	form := scheduleValues(lb)
	form.Set("target", target)
	createSchedule(t, lb, form)
	d = webtest.Doc(t, lb.Mgr.Get("/admin/ledger/schedules"))
	if row := d.Find(".schedules-table tbody tr").First().Text(); !strings.Contains(row, "Car park shares") {
		t.Errorf("list row %q", row)
	}
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		n, err := ledger.RunSchedules(ctx, tx, webtest.Now, time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC))
		if err == nil && n != 1 {
			t.Errorf("%d demands raised", n)
		}
		return err
	})
	if got := lb.Count(`SELECT count(*) FROM invoices WHERE unit_id = ? AND total = 120000`, lb.Ppl.FlatB.ID); got != 1 {
		t.Errorf("Flat 2 has %d invoices for the whole amount", got)
	}
}
