package spending_test

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

// bill is a valid record-an-invoice form.
func bill(supplier, number, net string) url.Values {
	return url.Values{"supplier": {supplier}, "number": {number}, "invoice_date": {"2026-03-02"}, "due_date": {"2026-04-01"},
		"head": {"utilities"}, "description": {"Water for the common parts, Q1"}, "net": {net}, "vat": {"0"}}
}

// newPath is Harbour View's record-an-invoice screen.
func newPath(lb *webtest.LedgerBook) string {
	return "/admin/spending/sites/" + lb.Ppl.FlatA.SitePublicID + "/new"
}

// record posts a bill with its PDF and returns its public id.
func record(t *testing.T, lb *webtest.LedgerBook, form url.Values) string {
	t.Helper()
	rec := lb.Mgr.PostFiles(newPath(lb), form, []webtest.File{{Field: "file", Name: "bill.pdf", Data: webtest.PDF(t, form.Get("number"))}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("record %s: %d %.1500s", form.Get("number"), rec.Code, rec.Body.String())
	}
	var id string
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM supplier_invoices WHERE number = ?`, form.Get("number")).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func action(lb *webtest.LedgerBook, id, what string) string {
	return "/admin/spending/invoices/" + id + "/" + what + "?site=" + lb.Ppl.FlatA.SitePublicID
}

// TestRecordSupplierInvoice: the form refuses bad fields and a file that
// is not a PDF (by its content) with messages next to the fields and
// keeps an accepted PDF across a refusal; the recorded invoice's PDF is
// in the file store and downloads as it was sent.
func TestRecordSupplierInvoice(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	d := webtest.Doc(t, lb.Mgr.Get("/admin/spending"))
	if !strings.Contains(d.Find("#spending-list").Text(), "No supplier invoices are recorded for Harbour View yet") ||
		d.Find(`a[href="`+newPath(lb)+`"]`).Length() != 1 {
		t.Fatalf("empty list: %.1500s", d.Text())
	}
	if webtest.Doc(t, lb.Mgr.Get("/admin/ledger")).Find(`a[href="/admin/spending"]`).Length() != 1 {
		t.Errorf("the accounts screen does not link to the supplier invoices")
	}
	if rec := lb.Mgr.Get(newPath(lb)); rec.Code != http.StatusOK {
		t.Fatalf("form: %d", rec.Code)
	}

	// A photo posing as a PDF, and bad fields.
	form := bill("", "BW-1", "abc")
	form.Set("due_date", "2026-01-01")
	rec := lb.Mgr.PostFiles(newPath(lb), form, []webtest.File{{Field: "file", Name: "bill.pdf", Data: webtest.PNG(t)}})
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", rec.Code)
	}
	for field, want := range map[string]string{"supplier": "Enter the supplier", "net": "", "due_date": "before the invoice date",
		"file": "not a PDF"} {
		if got := webtest.FieldError(d.Selection, field); got == "" || !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	// No file at all.
	rec = lb.Mgr.PostFiles(newPath(lb), bill("Bristol Water", "BW-1", "214.50"), nil)
	if got := webtest.FieldError(webtest.Doc(t, rec).Selection, "file"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(got, "as a PDF") {
		t.Fatalf("no file: %d %q", rec.Code, got)
	}
	// A good PDF with a bad amount is kept for the next try.
	pdf := webtest.PDF(t, "Bristol Water invoice BW-1")
	rec = lb.Mgr.PostFiles(newPath(lb), bill("Bristol Water", "BW-1", "-3"), []webtest.File{{Field: "file", Name: "bw-1.pdf", Data: pdf}})
	d = webtest.Doc(t, rec)
	kept, _ := d.Find(`input[name="kept_file"]`).Attr("value")
	if rec.Code != http.StatusUnprocessableEntity || kept == "" || webtest.FieldError(d.Selection, "net") == "" {
		t.Fatalf("bad amount with a PDF: %d kept %q net %q", rec.Code, kept, webtest.FieldError(d.Selection, "net"))
	}
	if n := lb.Count(`SELECT count(*) FROM supplier_invoices`); n != 0 {
		t.Fatalf("refused forms stored %d invoices", n)
	}
	form = bill("Bristol Water", "BW-1", "214.50")
	form.Set("kept_file", kept)
	rec = lb.Mgr.PostFiles(newPath(lb), form, nil)
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "done=recorded") {
		t.Fatalf("record: %d %.1500s", rec.Code, rec.Body.String())
	}
	var id, hash, name string
	lb.F.DB("acme").ReadPool().QueryRow(`SELECT public_id, file_hash, file_name FROM supplier_invoices`).Scan(&id, &hash, &name)
	if hash == "" || name != "bw-1.pdf" {
		t.Fatalf("stored file %q %q", hash, name)
	}
	rec = lb.Mgr.Get("/admin/spending/invoices/" + id + "/file")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" || !bytes.Equal(rec.Body.Bytes(), pdf) ||
		!strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment") || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("download: %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"))
	}
	d = webtest.Doc(t, lb.Mgr.Get("/admin/spending?site="+lb.Ppl.FlatA.SitePublicID+"&done=recorded"))
	item := d.Find("#inv-" + id)
	if !strings.Contains(item.Text(), "Bristol Water") || !strings.Contains(item.Text(), "£214.50") || !strings.Contains(item.Text(), "Awaiting approval") {
		t.Errorf("the list shows %q", item.Text())
	}
	if n := lb.Journals(); n != 0 {
		t.Errorf("recording posted %d journals", n)
	}
	if lb.F.AuditCount("acme", "supplier_invoice.recorded", id) != 1 {
		t.Errorf("no audit entry for the recording")
	}
}

// TestApproveAndPaySupplierInvoice: approving posts the expense; paying
// is refused from another site's bank, on a bad date and twice, each with
// a message on the invoice's form and nothing posted; paid from the
// site's bank it posts the payment; a rejection needs a reason. The
// ledger balances throughout.
func TestApproveAndPaySupplierInvoice(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	id := record(t, lb, bill("Bristol Water", "BW-1", "214.50"))
	other := record(t, lb, bill("Sparkle Cleaning", "SC-9", "180"))

	// Paying before approval is refused.
	rec := lb.Mgr.Post(action(lb, id, "pay"), url.Values{"account": {lb.BankID()}, "date": {"2026-03-20"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.Doc(t, rec).Find("#inv-"+id+" .error-text").Text(), "not been approved") {
		t.Fatalf("paying a received invoice: %d", rec.Code)
	}

	rec = lb.Mgr.Post(action(lb, id, "approve"), nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("approve: %d %.1000s", rec.Code, rec.Body.String())
	}
	if got := lb.AccountTotal(ledger.BlockExpenditureCode); got != 21450 {
		t.Errorf("5200 holds %d after approval", got)
	}
	if got := lb.AccountTotal("2300"); got != -21450 {
		t.Errorf("2300 holds %d after approval", got)
	}
	if rec := lb.Mgr.Post(action(lb, id, "approve"), nil); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("approving twice: %d", rec.Code)
	}

	// Another site's bank account.
	var otherSite string
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		st, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Mill Court", Kind: estate.KindBlock, AddressLine1: "2 Mill Lane",
			Town: "Bath", Postcode: "BA1 1AA"}, webtest.Now)
		otherSite = st.PublicID
		return err
	})
	if rec := lb.Mgr.Post("/admin/ledger/banks", url.Values{"site": {otherSite}, "name": {"Mill Court client account"},
		"sort_code": {"11-22-33"}, "account_number": {"87654321"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("second bank: %d", rec.Code)
	}
	var otherBank string
	lb.F.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM ledger_accounts WHERE code = '1002'`).Scan(&otherBank)
	journals := lb.Journals()
	for name, tc := range map[string]struct {
		form        url.Values
		field, want string
	}{
		"another site's bank": {url.Values{"account": {otherBank}, "date": {"2026-03-20"}}, "account", "Harbour View's bank accounts"},
		"no bank":             {url.Values{"date": {"2026-03-20"}}, "account", "Choose the bank account"},
		"no such bank":        {url.Values{"account": {"nosuchthing00000"}, "date": {"2026-03-20"}}, "account", "Choose one of the site's"},
		"a bad date":          {url.Values{"account": {lb.BankID()}, "date": {"2026-02-30"}}, "date", "real date"},
		"before the invoice":  {url.Values{"account": {lb.BankID()}, "date": {"2026-03-01"}}, "date", "before the invoice"},
	} {
		rec := lb.Mgr.Post(action(lb, id, "pay"), tc.form)
		d := webtest.Doc(t, rec)
		if got := webtest.FieldError(d.Find("#inv-"+id), tc.field); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %d %q, want %q", name, rec.Code, got, tc.want)
		}
		if _, open := d.Find("#inv-" + id + " details.spend-form").Attr("open"); !open {
			t.Errorf("%s: the pay form is not open to show its message", name)
		}
	}
	if lb.Journals() != journals {
		t.Fatalf("refused payments posted journals")
	}

	// Paid with htmx: the list comes back with the notice.
	rec = lb.Mgr.Post(action(lb, id, "pay"), url.Values{"account": {lb.BankID()}, "date": {"2026-03-20"}},
		"HX-Request", "true", "HX-Target", "spending-list")
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || !strings.Contains(d.Find(".notice.success").Text(), "The invoice is paid") ||
		!strings.Contains(d.Find("#inv-"+id).Text(), "Paid 20 March 2026 from Harbour View client account") {
		t.Fatalf("pay: %d %.2000s", rec.Code, rec.Body.String())
	}
	if lb.AccountTotal("2300") != 0 || lb.AccountTotal("1001") != -21450 {
		t.Errorf("after paying: 2300 %d, bank %d", lb.AccountTotal("2300"), lb.AccountTotal("1001"))
	}
	var ref, desc string
	lb.F.DB("acme").ReadPool().QueryRow(`SELECT reference, description FROM journals ORDER BY id DESC LIMIT 1`).Scan(&ref, &desc)
	if ref != "BW-1" || desc != "Paid Bristol Water" {
		t.Errorf("payment journal %q %q", ref, desc)
	}
	rec = lb.Mgr.Post(action(lb, id, "pay"), url.Values{"account": {lb.BankID()}, "date": {"2026-03-21"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.Doc(t, rec).Find("#inv-"+id).Text(), "already paid") {
		t.Fatalf("paying twice: %d", rec.Code)
	}

	// A rejection needs a reason.
	rec = lb.Mgr.Post(action(lb, other, "reject"), url.Values{"reason": {""}})
	if got := webtest.FieldError(webtest.Doc(t, rec).Find("#inv-"+other), "reason"); rec.Code != http.StatusUnprocessableEntity || got == "" {
		t.Fatalf("reject without a reason: %d %q", rec.Code, got)
	}
	if rec := lb.Mgr.Post(action(lb, other, "reject"), url.Values{"reason": {"Not our block"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reject: %d", rec.Code)
	}
	d = webtest.Doc(t, lb.Mgr.Get("/admin/spending?status=rejected"))
	if !strings.Contains(d.Find("#inv-"+other).Text(), "Rejected: Not our block") || d.Find("#inv-"+id).Length() != 0 {
		t.Errorf("the rejected filter shows %q", d.Find(".spend-list").Text())
	}
	if n := lb.Count(`SELECT coalesce(sum(amount), 0) FROM postings`); n != 0 {
		t.Errorf("the ledger does not balance: %d", n)
	}
	for _, a := range []string{"supplier_invoice.approved", "supplier_invoice.paid", "supplier_invoice.rejected"} {
		if lb.F.AuditCount("acme", a) != 1 {
			t.Errorf("%d %s audit entries", lb.F.AuditCount("acme", a), a)
		}
	}
	if log := webtest.Doc(t, lb.Mgr.Get("/admin/settings/audit")).Text(); !strings.Contains(log, "approved Bristol Water’s invoice BW-1") ||
		!strings.Contains(log, "rejected Sparkle Cleaning’s invoice SC-9") {
		t.Errorf("the audit log does not tell the invoices' story: %.3000s", log)
	}
}

// TestSpendingRoles: staff and read-only members see no supplier
// invoices and change none.
func TestSpendingRoles(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	id := record(t, lb, bill("Bristol Water", "BW-1", "214.50"))
	for _, role := range []string{estate.StaffRoleStaff, estate.StaffRoleReadOnly} {
		p := lb.F.AddStaffAs("acme", "Sam "+role, role+"@acme.example", role)
		b := lb.F.Browser("acme." + webtest.Base)
		b.SignInAs("acme", p)
		for _, path := range []string{"/admin/spending", "/admin/spending/invoices/" + id + "/file", newPath(lb)} {
			if rec := b.Get(path); rec.Code != http.StatusForbidden {
				t.Errorf("%s GET %s: %d", role, path, rec.Code)
			}
		}
		if rec := b.Post(action(lb, id, "approve"), nil); rec.Code != http.StatusForbidden {
			t.Errorf("%s approve: %d", role, rec.Code)
		}
	}
	if lb.Journals() != 0 || lb.Count(`SELECT count(*) FROM supplier_invoices WHERE status = 'received'`) != 1 {
		t.Errorf("a refused role changed something")
	}
}
