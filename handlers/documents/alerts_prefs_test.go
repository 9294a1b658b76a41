package documents_test

import (
	"context"
	"database/sql"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// A resident who turned off emails of documents gets no alert of a new
// one, which still appears on their documents page, while a neighbour
// gets theirs.
func TestDocumentAlertsRespectTheEmailChoice(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	w.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.SetMailPrefs(ctx, tx, w.ppl.Alice.ID, []string{string(estate.MailNotices)}, webtest.Now)
		return err
	})
	w.upload(t, w.folder(t, w.harbour, "Insurance"), "Buildings insurance 2026", "insurance.pdf", pdfOf(t, "policy"))
	if n := w.f.MailCount("acme", "bob@example.com"); n != 1 {
		t.Errorf("Bob got %d alerts", n)
	}
	if n := w.f.MailCount("acme", "alice@example.com"); n != 0 {
		t.Errorf("Alice, who turned document emails off, got %d alerts", n)
	}
	if got := webtest.Doc(t, w.alice.Get("/documents")).Find(".doc-download").Text(); got != "Buildings insurance 2026" {
		t.Errorf("Alice's documents: %q", got)
	}
}
