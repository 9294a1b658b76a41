package books_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/estate"
	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// bulkPath is Harbour View's bulk demand screen.
func bulkPath(lb *webtest.LedgerBook) string {
	return "/admin/ledger/sites/" + lb.Ppl.FlatA.SitePublicID + "/demand"
}

// bulkValues is a valid bulk demand: a service charge of £1,000.01 and a
// reserve fund contribution of £333.33 for the whole site.
func bulkValues(lb *webtest.LedgerBook) url.Values {
	return url.Values{
		"lines.0.charge_type": {lb.ChargeID("Service charge")},
		"lines.0.description": {"Service charge, April to June"},
		"lines.0.total":       {"1,000.01"},
		"lines.1.charge_type": {lb.ChargeID("Reserve fund")},
		"lines.1.total":       {"333.33"},
		"issue_date":          {"2026-04-01"},
		"due_date":            {"2026-04-29"},
		"action":              {"preview"},
	}
}

// thirds gives Harbour View three flats sharing it in thirds that do not
// divide a penny evenly: 33.3333%, 33.3333% and 33.3334%.
func thirds(t *testing.T, lb *webtest.LedgerBook) estate.Unit {
	t.Helper()
	var flat3 estate.Unit
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE units SET share_ppm = 333333 WHERE id IN (?, ?)`, lb.Ppl.FlatA.ID, lb.Ppl.FlatB.ID); err != nil {
			return err
		}
		var err error
		flat3, err = estate.CreateUnit(ctx, tx, lb.Ppl.FlatA.SiteID, estate.UnitInput{Name: "Flat 3", Share: "33.3334"}, webtest.Now)
		return err
	})
	return flat3
}

// bulkPosted counts what a bulk demand writes.
func bulkPosted(lb *webtest.LedgerBook) int {
	return lb.Count(`SELECT (SELECT count(*) FROM invoices) + (SELECT count(*) FROM journals) +
		(SELECT count(*) FROM audit_log WHERE action = 'ledger.bulk_demand')`)
}

// bulkPreview posts the form for a preview and returns the fingerprint
// the preview carries.
func bulkPreview(t *testing.T, lb *webtest.LedgerBook, form url.Values) string {
	t.Helper()
	form.Set("action", "preview")
	rec := lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("preview: %d %.800s", rec.Code, rec.Body.String())
	}
	digest, ok := webtest.Doc(t, rec).Find(`input[name="previewed"]`).Attr("value")
	if !ok || digest == "" {
		t.Fatalf("the preview carries no fingerprint: %.800s", rec.Body.String())
	}
	return digest
}

func TestBulkDemandSharesNotTotalling100(t *testing.T) {
	lb := webtest.NewLedgerBook(t)
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := estate.CreateUnit(ctx, tx, lb.Ppl.FlatA.SiteID, estate.UnitInput{Name: "Garage 7"}, webtest.Now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE units SET share_ppm = 400000 WHERE id = ?`, lb.Ppl.FlatB.ID)
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

func TestBulkDemandPreviewThenPost(t *testing.T) {
	lb := webtest.NewLedgerBook(t)
	flat3 := thirds(t, lb)
	form := bulkValues(lb)
	rec := lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("preview: %d %.500s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	if h := d.Find("#bulk-preview-heading").Text(); !strings.Contains(h, "3 invoices, numbers 1 to 3") {
		t.Errorf("preview heading %q", h)
	}
	rows := d.Find(".bulk-table tbody tr")
	if rows.Length() != 3 {
		t.Fatalf("preview has %d rows", rows.Length())
	}
	if foot := d.Find(".bulk-table tfoot").Text(); !strings.Contains(foot, "£1,000.01") || !strings.Contains(foot, "£333.33") || !strings.Contains(foot, "£1,333.34") {
		t.Errorf("preview totals %q", foot)
	}
	if n := bulkPosted(lb); n != 0 {
		t.Fatalf("a preview wrote %d rows", n)
	}

	// Post what was previewed, with htmx: the fresh form comes back with
	// the invoice numbers.
	digest, _ := d.Find(`input[name="previewed"]`).Attr("value")
	form.Set("previewed", digest)
	form.Set("action", "post")
	rec = lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("post: %d %.500s", rec.Code, rec.Body.String())
	}
	d = webtest.Doc(t, rec)
	if n := d.Find("#bulk-demand .notice.success").Text(); !strings.Contains(n, "Invoices 1 to 3 raised.") {
		t.Errorf("notice %q", n)
	}
	if v, _ := d.Find(`[name="lines.0.total"]`).Attr("value"); v != "" {
		t.Errorf("the form was not cleared: total %q", v)
	}

	// One invoice per unit; each line, and the whole, add up exactly.
	if n := lb.Count(`SELECT count(DISTINCT unit_id) FROM invoices`); n != 3 || lb.Count(`SELECT count(*) FROM invoices`) != 3 {
		t.Fatalf("%d units invoiced", n)
	}
	if got := lb.Count(`SELECT sum(total) FROM invoices`); got != 1333_34 {
		t.Errorf("invoices total %d, want 133334", got)
	}
	for _, line := range []struct {
		charge string
		want   int
	}{{"Service charge", 1000_01}, {"Reserve fund", 333_33}} {
		got := lb.Count(`SELECT sum(l.amount) FROM invoice_lines l JOIN charge_types c ON c.id = l.charge_type_id WHERE c.name = ?`, line.charge)
		if got != line.want {
			t.Errorf("%s lines total %d, want %d", line.charge, got, line.want)
		}
	}
	for _, u := range []int64{lb.Ppl.FlatA.ID, lb.Ppl.FlatB.ID, flat3.ID} {
		if n := lb.Count(`SELECT count(*) FROM invoices WHERE unit_id = ?`, u); n != 1 {
			t.Errorf("unit %d has %d invoices", u, n)
		}
	}
	if n := lb.Count(`SELECT coalesce(sum(p.amount), 0) FROM postings p`); n != 0 {
		t.Errorf("the book is out by %d", n)
	}
	if lb.F.AuditCount("acme", "ledger.bulk_demand", lb.Ppl.FlatA.SitePublicID) != 1 {
		t.Error("the bulk demand is not audited")
	}

	// The same again without JavaScript: a redirect to the page, whose
	// notice names the new invoices.
	form.Set("previewed", bulkPreview(t, lb, form))
	form.Set("action", "post")
	rec = lb.Mgr.Post(bulkPath(lb), form)
	want := bulkPath(lb) + "?done=posted&first=4&last=6"
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
		t.Fatalf("plain post: %d %q, want %q", rec.Code, rec.Header().Get("Location"), want)
	}
	if n := webtest.Doc(t, lb.Mgr.Get(want)).Find(".notice.success").Text(); !strings.Contains(n, "Invoices 4 to 6 raised.") {
		t.Errorf("notice after redirect %q", n)
	}
	// The notice holds only numbers from the address, never other words.
	if n := webtest.Doc(t, lb.Mgr.Get(bulkPath(lb)+"?done=posted&first=Pay+to+sort+code+00-00-00&last=1")).Find(".notice").Length(); n != 0 {
		t.Error("a crafted link put its words into the notice")
	}
}

func TestBulkDemandStalePreviewIsRefused(t *testing.T) {
	lb := webtest.NewLedgerBook(t)
	form := bulkValues(lb)
	digest := bulkPreview(t, lb, form)

	check := func(what string, form url.Values) {
		t.Helper()
		rec := lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
		d := webtest.Doc(t, rec)
		if msg := d.Find("#bulk-demand .notice.error").Text(); !strings.Contains(msg, "changed since the preview") {
			t.Errorf("%s: refusal %q (status %d)", what, msg, rec.Code)
		}
		if d.Find(".bulk-preview").Length() != 1 {
			t.Errorf("%s: the new preview is not shown", what)
		}
		if n := bulkPosted(lb); n != 0 {
			t.Fatalf("%s: %d rows written", what, n)
		}
	}

	// The total was changed after the preview.
	changed := bulkValues(lb)
	changed.Set("lines.0.total", "1,100.00")
	changed.Set("previewed", digest)
	changed.Set("action", "post")
	check("changed total", changed)

	// A share changed after the preview.
	if _, err := lb.F.DB("acme").Writer().Exec(`UPDATE units SET share_ppm = 600000 WHERE id = ?`, lb.Ppl.FlatA.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := lb.F.DB("acme").Writer().Exec(`UPDATE units SET share_ppm = 400000 WHERE id = ?`, lb.Ppl.FlatB.ID); err != nil {
		t.Fatal(err)
	}
	form.Set("previewed", digest)
	form.Set("action", "post")
	check("changed share", form)

	// No preview at all, or a made-up fingerprint.
	form.Del("previewed")
	check("no fingerprint", form)
	form.Set("previewed", "0123456789abcdef0123456789abcdef")
	check("made-up fingerprint", form)
}

func TestBulkDemandIsForStaff(t *testing.T) {
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

func TestBulkDemandScreenInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb := webtest.NewLedgerBook(t)
			thirds(t, lb)
			ctx, site := webtest.ManagerChrome(t, lb, size.w, size.h)
			name := "bulk-" + strconv.Itoa(size.w)
			if err := chromedp.Do(ctx, chromedp.Navigate(site+bulkPath(lb)), chromedp.WaitVisible("#bulk-demand")); err != nil {
				t.Fatal(err)
			}
			webtest.FitsWidth(t, ctx, "the bulk demand form")
			chrome.Screenshot(t, ctx, name+"-form")

			// Bad input: the messages are swapped in next to the fields.
			if err := chromedp.Do(ctx,
				chromedp.SetValue("#bl-0-ct", lb.ChargeID("Service charge")),
				chromedp.SetValue("#bl-0-total", "12.345"),
				chromedp.SetValue("#bl-1-total", "100"),
				chromedp.SetValue("#bulk-due", "2020-01-01"),
				chromedp.Click(`#bulk-demand button[value="preview"]`),
				chromedp.WaitVisible("#bl-0-total-error")); err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"#bl-0-total-error", "#bl-1-ct-error", "#bulk-due-error"} {
				if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll("`+id+`").length`); n != 1 {
					t.Errorf("no message %s after the swap", id)
				}
			}
			webtest.FitsWidth(t, ctx, "the refused form")
			chrome.Screenshot(t, ctx, name+"-errors")

			// Corrected: the preview, then the post.
			if err := chromedp.Do(ctx,
				chromedp.SetValue("#bl-0-total", "1,000.01"),
				chromedp.SetValue("#bl-0-desc", "Service charge, April to June 2026"),
				chromedp.SetValue("#bl-1-ct", lb.ChargeID("Reserve fund")),
				chromedp.SetValue("#bl-1-total", "333.33"),
				chromedp.SetValue("#bulk-issue", "2026-04-01"),
				chromedp.SetValue("#bulk-due", "2026-04-29"),
				chromedp.Click(`#bulk-demand button[value="preview"]`),
				chromedp.WaitVisible(".bulk-preview")); err != nil {
				t.Fatal(err)
			}
			webtest.FitsWidth(t, ctx, "the preview")
			chrome.Screenshot(t, ctx, name+"-preview")
			if err := chromedp.Do(ctx, chromedp.Click(`#bulk-demand button[value="post"]`),
				chromedp.WaitVisible("#bulk-demand .notice.success")); err != nil {
				t.Fatal(err)
			}
			if msg := webtest.ChromeEval[string](t, ctx, `document.querySelector("#bulk-demand .notice.success").textContent`); !strings.Contains(msg, "Invoices 1 to 3 raised.") {
				t.Errorf("notice %q", msg)
			}
			if got := lb.Count(`SELECT sum(total) FROM invoices`); got != 1333_34 {
				t.Errorf("posted %d", got)
			}

			// A site whose shares are off.
			if _, err := lb.F.DB("acme").Writer().Exec(`UPDATE units SET share_ppm = 0 WHERE id = ?`, lb.Ppl.FlatB.ID); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(site+bulkPath(lb)), chromedp.WaitVisible("#bulk-demand"),
				chromedp.SetValue("#bl-0-ct", lb.ChargeID("Service charge")),
				chromedp.SetValue("#bl-0-total", "500"),
				chromedp.Click(`#bulk-demand button[value="preview"]`),
				chromedp.WaitVisible("#bulk-shares-error")); err != nil {
				t.Fatal(err)
			}
			webtest.FitsWidth(t, ctx, "the shares refusal")
			chrome.Screenshot(t, ctx, name+"-shares")
		})
	}
}
