package estate_test

import (
	"context"
	"database/sql"
	"testing"

	"porch/estate"
)

// Optional emails start on; turning one off leaves the person out of
// Recipients for that kind only, says what changed, and refuses a kind
// that does not exist without changing anything.
func TestMailPrefs(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	ctx := context.Background()
	ann, ben := newPerson(t, db, "Ann Ash", "ann@example.com"), newPerson(t, db, "Ben Birch", "ben@example.com")
	recipients := func(kind estate.MailKind) []string {
		t.Helper()
		rs, err := estate.Recipients(ctx, db.Read(), kind, `SELECT p.id, p.full_name, p.email FROM people p WHERE `+estate.Emailable+` ORDER BY p.id`)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.Name)
		}
		return out
	}
	if got := recipients(estate.MailNotices); len(got) != 2 {
		t.Fatalf("at first notices go to %v", got)
	}
	var detail string
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		detail, err = estate.SetMailPrefs(ctx, tx, ann.ID, []string{"documents", "calendar", "requests"}, testNow)
		return err
	})
	if detail != "New notices off" {
		t.Errorf("detail %q", detail)
	}
	if got := recipients(estate.MailNotices); len(got) != 1 || got[0] != "Ben Birch" {
		t.Errorf("notices go to %v", got)
	}
	if got := recipients(estate.MailDocuments); len(got) != 2 {
		t.Errorf("documents go to %v", got)
	}
	for who, want := range map[int64]bool{ann.ID: false, ben.ID: true} {
		if ok, err := estate.Wants(ctx, db.Read(), who, estate.MailNotices); err != nil || ok != want {
			t.Errorf("person %d wants notices: %v %v", who, ok, err)
		}
	}
	err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.SetMailPrefs(ctx, tx, ann.ID, []string{"notices", "demands"}, testNow)
		return err
	})
	if f := fieldErrors(t, err); f["emails"] == "" {
		t.Errorf("unknown kind: %v", f)
	}
	if got := recipients(estate.MailNotices); len(got) != 1 {
		t.Errorf("a refused change turned notices back on: %v", got)
	}
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		detail, err = estate.SetMailPrefs(ctx, tx, ann.ID, []string{"notices", "documents", "calendar", "requests"}, testNow)
		return err
	})
	if detail != "New notices on" || len(recipients(estate.MailNotices)) != 2 {
		t.Errorf("turned back on: %q", detail)
	}
	if _, err := estate.Recipients(ctx, db.Read(), "sign_in", `SELECT p.id, p.full_name, p.email FROM people p`); err == nil {
		t.Error("Recipients took a kind of email that cannot be turned off")
	}
}
