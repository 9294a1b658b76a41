package mail

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"porch/internal/timeorder"
	"porch/sqldb"
)

// Organisations with mail due are taken oldest hint first in true time
// order, for hints a fraction of a second apart.
func TestDueOrgsOldestFirstWithinASecond(t *testing.T) {
	e := newEnv(t)
	base := e.clock.Now().Truncate(time.Second)
	var rows []timeorder.Row
	for i, at := range timeorder.Instants(base) {
		slug := fmt.Sprint("org", i)
		if _, err := e.orgs.catalog.ExecContext(e.ctx, `INSERT INTO orgs (slug, name, created_at) VALUES (?, ?, ?)`,
			slug, slug, sqldb.At(at)); err != nil {
			t.Fatal(err)
		}
		err := e.orgs.db.Write(e.ctx, func(tx *sql.Tx) error {
			_, err := Enqueue(e.ctx, e.orgs.catalog, slug, tx, at, Message{To: "jo@example.com", Subject: "Hello", Text: "Hi"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, timeorder.Row{Key: slug, At: at})
	}
	s := e.sender(funcTransport(func(context.Context, string, *gomail.Msg) error { return nil }))
	timeorder.Check(t, e.orgs.catalog, timeorder.List{Name: "dueOrgs", Table: "mail_due", Column: "due_at", Key: "slug",
		Old: timeorder.Millis,
		Read: func() ([]any, error) {
			list, err := s.dueOrgs(e.ctx, base.Add(time.Hour))
			return timeorder.Keys(list, err, func(slug string) any { return slug })
		}}, rows)
}
