package webtest

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// ReconcilePath is the lines screen of the ledger book's bank account.
func (lb *LedgerBook) ReconcilePath() string {
	return "/admin/ledger/banks/" + lb.BankID() + "/reconcile"
}

// Upload posts a multipart form with fields and, when name is not empty,
// a file in the field "file", as a browser would from the same site.
func (b *Browser) Upload(path string, fields url.Values, name string, file []byte, hdr ...string) *httptest.ResponseRecorder {
	b.T.Helper()
	var fs []File
	if name != "" {
		fs = append(fs, File{Field: "file", Name: name, Data: file})
	}
	return b.PostFiles(path, fields, fs, hdr...)
}

// SendBody posts a body of the content type; a reader that is not a
// bytes.Buffer is sent without a length, as a chunked upload.
func (b *Browser) SendBody(path, contentType string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	b.T.Helper()
	req := httptest.NewRequest("POST", b.URL(path).String(), body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.Send(req)
}

// ReceiptFor records a receipt on a unit's account through its screen.
func (lb *LedgerBook) ReceiptFor(t *testing.T, unit estate.Unit, date, amount, ref string) {
	t.Helper()
	rec := lb.Mgr.Post("/admin/ledger/units/"+unit.PublicID+"/receipt", url.Values{"account": {lb.BankID()}, "date": {date},
		"amount": {amount}, "method": {ledger.MethodBankTransfer}, "reference": {ref}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("receipt for %s: %d %.800s", unit.Name, rec.Code, rec.Body.String())
	}
}

// BankCharge posts money out of the bank account to suspense, as the
// bank's own charges would be entered.
func (lb *LedgerBook) BankCharge(t *testing.T, date string, pence int64) {
	t.Helper()
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		sus, err := ledger.AccountByCode(ctx, tx, "9999")
		if err != nil {
			return err
		}
		bank, err := ledger.AccountByCode(ctx, tx, "1001")
		if err != nil {
			return err
		}
		d, _ := handlers.ParseFormDate(date)
		_, _, err = ledger.Post(ctx, tx, Now, ledger.Journal{Kind: ledger.KindExpense, Date: d, Description: "Bank charges",
			Lines: []ledger.Line{{AccountID: sus.ID, Amount: pence}, {AccountID: bank.ID, Amount: -pence}}})
		return err
	})
}

// ImportCSV uploads a CSV, takes the mapping step's guess and imports it,
// returning the result page.
func (lb *LedgerBook) ImportCSV(t *testing.T, name, text string) *goquery.Document {
	t.Helper()
	path := lb.ReconcilePath()
	rec := lb.Mgr.Upload(path+"/import", nil, name, []byte(text))
	if rec.Code != http.StatusOK {
		t.Fatalf("upload: %d %.1500s", rec.Code, rec.Body.String())
	}
	d := Doc(t, rec)
	form := MappingForm(d)
	if form.Get("content") == "" {
		t.Fatalf("the mapping step does not carry the file: %.2000s", rec.Body.String())
	}
	form.Set("action", "import")
	rec = lb.Mgr.Upload(path+"/import/csv", form, "", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("import: %d %.2000s", rec.Code, rec.Body.String())
	}
	return Doc(t, rec)
}

// LineID is the public id of the statement line whose description has text.
func (lb *LedgerBook) LineID(t *testing.T, text string, nth int) string {
	t.Helper()
	rows, err := lb.F.DB("acme").ReadPool().Query(`SELECT public_id FROM bank_lines WHERE description = ? ORDER BY id`, text)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	if nth >= len(ids) {
		t.Fatalf("no line %q #%d", text, nth)
	}
	return ids[nth]
}

func (lb *LedgerBook) MatchedHow(t *testing.T, lineID string) string {
	t.Helper()
	var how string
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT matched_how FROM bank_lines WHERE public_id = ?`, lineID).Scan(&how); err != nil {
		t.Fatal(err)
	}
	return how
}

// JournalID is the public id of the newest journal with the reference.
func (lb *LedgerBook) JournalID(t *testing.T, where string, args ...any) string {
	t.Helper()
	var id string
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM journals WHERE `+where+` ORDER BY id DESC LIMIT 1`, args...).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
