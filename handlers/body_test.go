package handlers_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// A form body over the limit is refused with 413 and changes nothing,
// whether or not it declares its length: a chunked body cut short by the
// limit must not be saved as the shorter form it seemed to be.
func TestOversizedFormChangesNothing(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", ppl.Manager)
	form := "subject=Welcome+to+Acme&text=Your+portal+is+ready.+" + strings.Repeat("x", 3<<20)
	for _, chunked := range []bool{true, false} {
		req := httptest.NewRequest("POST", b.URL("/admin/settings/welcome-email").String(), nil)
		req.Body = io.NopCloser(strings.NewReader(form))
		req.ContentLength = int64(len(form))
		if chunked {
			req.ContentLength = -1
			req.TransferEncoding = []string{"chunked"}
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		rec := b.Send(req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked=%v: status %d, want 413", chunked, rec.Code)
		}
		w, err := estate.GetWelcomeEmail(context.Background(), f.DB("acme").Read())
		if err != nil {
			t.Fatal(err)
		}
		if w.Subject != "" || w.Text != "" {
			t.Fatalf("chunked=%v: the cut-short form was saved: %+v", chunked, w)
		}
	}
	if !strings.Contains(f.Logs.String(), `"msg":"request body too large"`) || !strings.Contains(f.Logs.String(), `"org":"acme"`) {
		t.Errorf("no log line for the 413 naming the organisation")
	}
}
