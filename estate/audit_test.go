package estate_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"porch/auditlog"
	"porch/estate"
)

func TestAudit(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	p := newPerson(t, db, "Priya Shah", "priya@example.com")
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		if err := estate.Audit(ctx, tx, estate.AuditEntry{IP: "203.0.113.9", Action: "signin.code_sent", Object: "priya@example.com"}, testNow); err != nil {
			return err
		}
		return estate.Audit(ctx, tx, estate.AuditEntry{PersonID: &p.ID, IP: "203.0.113.9", Action: "signin.ok", Detail: "new device"},
			testNow.Add(time.Minute))
	})
	if err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		return estate.Audit(ctx, tx, estate.AuditEntry{}, testNow)
	}); err == nil {
		t.Error("entry without an action accepted")
	}

	recs, err := auditlog.Recent(ctx, db.Read(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	first, second := recs[0], recs[1]
	if first.Action != "signin.ok" || first.PersonID == nil || *first.PersonID != p.ID || first.PersonName != "Priya Shah" ||
		first.Detail != "new device" || !first.At.Equal(testNow.Add(time.Minute)) {
		t.Errorf("newest = %+v", first)
	}
	if second.PersonID != nil || second.PersonName != "" || second.Object != "priya@example.com" || second.IP != "203.0.113.9" {
		t.Errorf("anonymous = %+v", second)
	}
	if recs, _ := auditlog.Recent(ctx, db.Read(), 1); len(recs) != 1 {
		t.Errorf("limit 1 gave %d", len(recs))
	}
}

func TestCounts(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	c, err := estate.Counts(ctx, db.Read())
	if err != nil || c != (estate.EstateCounts{}) {
		t.Errorf("empty Counts = %+v, %v", c, err)
	}
	newFlat(t, db, "Flat 1")
	newPerson(t, db, "Priya Shah", "priya@example.com")
	c, err = estate.Counts(ctx, db.Read())
	if err != nil || c != (estate.EstateCounts{Sites: 2, Units: 1, People: 1}) {
		t.Errorf("Counts = %+v, %v", c, err)
	}
}
