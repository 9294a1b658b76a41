package books_test

import (
	"net/http"
	"strings"
	"testing"

	"porch/internal/webtest"
)

// A ground rent demand due sooner than 30 days after issue is refused at
// its preview, next to the due date, for one unit and for a whole site,
// and nothing is raised; 30 days previews.
func TestGroundRentDueTooSoonIsRefusedAtPreview(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	const want = "make it due between 31 March 2026 and 30 April 2026"

	unit := lb.DemandForm("125.00", "2026-03-01", "2026-03-29")
	unit.Set("lines.0.charge_type", lb.ChargeID("Ground rent"))
	unit.Set("lines.0.description", "Ground rent, year to 24 March 2027")
	unit.Set("action", "preview")
	rec := lb.Mgr.Post(lb.UnitPath()+"/demand", unit, hxTo("ledger-demand")...)
	if msg := webtest.FieldErrorByID(webtest.Doc(t, rec).Selection, "demand-due"); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(msg, want) {
		t.Errorf("unit preview: %d %q", rec.Code, msg)
	}
	unit.Set("due_date", "2026-03-31")
	if rec := lb.Mgr.Post(lb.UnitPath()+"/demand", unit, hxTo("ledger-demand")...); rec.Code != http.StatusOK ||
		webtest.Doc(t, rec).Find(`input[name="previewed"]`).Length() != 1 {
		t.Errorf("30 days: %d, no preview", rec.Code)
	}

	site := bulkValues(lb)
	site.Set("lines.0.charge_type", lb.ChargeID("Ground rent"))
	site.Set("issue_date", "2026-03-01")
	site.Set("due_date", "2026-03-29")
	rec = lb.Mgr.Post(bulkPath(lb), site, hxTo("bulk-demand")...)
	if msg := webtest.FieldErrorByID(webtest.Doc(t, rec).Selection, "bulk-due"); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(msg, want) {
		t.Errorf("site preview: %d %q", rec.Code, msg)
	}
	if n := lb.Count(`SELECT count(*) FROM invoices`); n != 0 {
		t.Errorf("%d invoices raised", n)
	}
}
