package books_test

import (
	"database/sql"
	"net/http"
	"net/http/httptest"
	"testing"

	"porch/internal/webtest"
)

func TestLedgerPagesRender(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	unit := "/admin/ledger/units/" + lb.Ppl.FlatA.PublicID
	for _, path := range []string{"/admin/ledger", "/admin/ledger/banks", "/admin/ledger/charges", "/admin/ledger/units",
		"/admin/ledger/units?q=harbour", unit, "/admin/ledger/trial-balance", "/admin/ledger/trial-balance?as_at=2026-01-01&all=1"} {
		rec := lb.Mgr.Get(path)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d %.800s", path, rec.Code, rec.Body.String())
		}
	}
}

var _ = sql.ErrNoRows
var _ *httptest.ResponseRecorder
