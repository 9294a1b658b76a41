package books_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

func TestBulkDemandSharesNotTotalling100(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := estate.CreateUnit(ctx, tx, lb.Ppl.FlatA.SiteID, estate.UnitInput{Name: "Garage 7"}, webtest.Now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE apportionment_shares SET share_ppm = 400000 WHERE unit_id = ?`, lb.Ppl.FlatB.ID)
		return err
	})
	// The page says so before anything is typed.
	d := webtest.Doc(t, lb.Mgr.Get(bulkPath(lb)))
	if txt := d.Find("#bulk-shares tfoot").Text(); !strings.Contains(txt, "90%") || !strings.Contains(txt, "not 100%") {
		t.Errorf("shares total shown as %q", txt)
	}
	if off := d.Find("#bulk-shares tr.off").Text(); !strings.Contains(off, "Garage 7") {
		t.Errorf("the unit without a share is not marked: %q", off)
	}
	for _, action := range []string{"preview", "post"} {
		form := bulkValues(lb)
		form.Set("action", action)
		rec := lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want 422", action, rec.Code)
		}
		d := webtest.Doc(t, rec)
		msg := strings.TrimSpace(d.Find("#bulk-shares-error").Text())
		for _, want := range []string{"90%", "10% short of 100%", "Garage 7 has no share"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: shares message %q lacks %q", action, msg, want)
			}
		}
		if ref, _ := d.Find("#bulk-shares").Attr("aria-describedby"); ref != "bulk-shares-error" {
			t.Errorf("the shares table is not described by the message: %q", ref)
		}
		if d.Find(".bulk-preview").Length() != 0 {
			t.Errorf("%s: a preview is shown although the shares are off", action)
		}
	}
	if n := bulkPosted(lb); n != 0 {
		t.Fatalf("%d rows written", n)
	}
}

func TestBulkDemandRefusesBadInput(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	tests := []struct {
		name, field, want string
		change            map[string]string
	}{
		{"negative total", "lines.0.total", "cannot be negative", map[string]string{"lines.0.total": "-100"}},
		{"words for a total", "lines.1.total", "pounds and pence", map[string]string{"lines.1.total": "a lot"}},
		{"zero total", "lines.0.total", "greater than zero", map[string]string{"lines.0.total": "0.00"}},
		{"fraction of a penny", "lines.0.total", "nearest penny", map[string]string{"lines.0.total": "1.005"}},
		{"too large", "lines.0.total", "£100,000,000", map[string]string{"lines.0.total": "100000000.01"}},
		{"total without a charge", "lines.2.charge_type", "Choose a charge type", map[string]string{"lines.2.total": "50"}},
		{"unknown charge", "lines.0.charge_type", "from the list", map[string]string{"lines.0.charge_type": "nope"}},
		{"rent for a site", "lines.1.charge_type", "landlord", map[string]string{"lines.1.charge_type": lb.ChargeID("Rent")}},
		{"description too long", "lines.0.description", "200 characters", map[string]string{"lines.0.description": strings.Repeat("x", 201)}},
		{"no issue date", "issue_date", "Enter the date", map[string]string{"issue_date": ""}},
		{"impossible issue date", "issue_date", "real date", map[string]string{"issue_date": "2026-02-30"}},
		{"issue date out of range", "issue_date", "between 2000 and 2099", map[string]string{"issue_date": "2100-01-01"}},
		{"due before issue", "due_date", "cannot be before the issue date", map[string]string{"due_date": "2026-03-31"}},
		{"due date not a date", "due_date", "real date", map[string]string{"due_date": "next week"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, action := range []string{"preview", "post"} {
				form := bulkValues(lb)
				for k, v := range tt.change {
					form.Set(k, v)
				}
				form.Set("action", action)
				rec := lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
				if rec.Code != http.StatusUnprocessableEntity {
					t.Fatalf("%s: status %d, want 422: %.500s", action, rec.Code, rec.Body.String())
				}
				d := webtest.Doc(t, rec)
				if d.Find("#bulk-demand").Length() != 1 || d.Find("header.site-header").Length() != 0 {
					t.Fatalf("%s: htmx did not get just the form", action)
				}
				if msg := webtest.FieldError(d.Selection, tt.field); !strings.Contains(msg, tt.want) {
					t.Errorf("%s: message next to %s = %q, want %q", action, tt.field, msg, tt.want)
				}
				if d.Find(".bulk-preview").Length() != 0 {
					t.Errorf("%s: a preview is shown for bad input", action)
				}
				for k, v := range tt.change {
					if k == "lines.0.charge_type" || k == "lines.1.charge_type" || k == "lines.0.description" {
						continue
					}
					if got, _ := d.Find(`[name="` + k + `"]`).Attr("value"); got != strings.TrimSpace(v) {
						t.Errorf("%s: %s shown again as %q, want %q", action, k, got, v)
					}
				}
			}
		})
	}

	// Nothing filled in: the message is about the charges.
	rec := lb.Mgr.Post(bulkPath(lb), url.Values{"issue_date": {"2026-04-01"}, "due_date": {"2026-04-29"}, "action": {"preview"}},
		hxTo("bulk-demand")...)
	if msg := webtest.Doc(t, rec).Find("#bulk-lines-error").Text(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(msg, "Add at least one charge") {
		t.Errorf("empty form: %d %q", rec.Code, msg)
	}

	// Without JavaScript: the whole page, with the messages.
	form := bulkValues(lb)
	form.Set("lines.0.total", "-1")
	rec = lb.Mgr.Post(bulkPath(lb), form)
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || d.Find("header.site-header").Length() != 1 || webtest.FieldError(d.Selection, "lines.0.total") == "" {
		t.Errorf("plain post: %d, message %q", rec.Code, webtest.FieldError(d.Selection, "lines.0.total"))
	}
	if n := bulkPosted(lb); n != 0 {
		t.Fatalf("refused input wrote %d rows", n)
	}
}

func TestBulkDemandIsForStaff(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	digest := bulkPreview(t, lb, bulkValues(lb))
	alice := lb.F.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", lb.Ppl.Alice)
	if rec := alice.Get(bulkPath(lb)); rec.Code != http.StatusForbidden {
		t.Errorf("GET as a leaseholder: %d", rec.Code)
	}
	form := bulkValues(lb)
	form.Set("previewed", digest)
	form.Set("action", "post")
	if rec := alice.Post(bulkPath(lb), form); rec.Code != http.StatusForbidden {
		t.Errorf("POST as a leaseholder: %d", rec.Code)
	}
	if rec := alice.Post(bulkPath(lb), form, hxTo("bulk-demand")...); rec.Code != http.StatusForbidden {
		t.Errorf("htmx POST as a leaseholder: %d", rec.Code)
	}
	if n := bulkPosted(lb); n != 0 {
		t.Fatalf("a leaseholder posted %d rows", n)
	}
	if rec := lb.Mgr.Get("/admin/ledger/sites/nope/demand"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown site: %d", rec.Code)
	}
}
