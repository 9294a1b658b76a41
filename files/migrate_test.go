package files

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite"
)

// A file store from before office documents keeps every blob, photo and
// thumbnail alike, when its table is built again, and the thumbnails still
// name their photos' table.
func TestOfficeMigrationKeepsBlobs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "f.db")+"?_pragma=foreign_keys(ON)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	p, err := goose.NewProvider(goose.DialectSQLite3, db, schema())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	thumb, photo := strings.Repeat("a", 64), strings.Repeat("b", 64)
	if _, err := db.Exec(`INSERT INTO blobs (hash, content_type, size, thumb, created_at, data) VALUES
		(?, 'image/jpeg', 1, NULL, 'x', x'01'), (?, 'image/jpeg', 2, ?, 'x', x'0203')`, thumb, photo, thumb); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM blobs WHERE hash = ? AND thumb = ?`, photo, thumb).Scan(&n); err != nil || n != 1 {
		t.Fatalf("photo and thumbnail after the migration: %d %v", n, err)
	}
	var ddl string
	if err := db.QueryRow(`SELECT sql FROM sqlite_master WHERE name = 'blobs'`).Scan(&ddl); err != nil || !strings.Contains(ddl, `REFERENCES "blobs"`) && !strings.Contains(ddl, "REFERENCES blobs") {
		t.Errorf("the table's thumbnails refer to: %s (%v)", ddl, err)
	}
	if _, err := db.Exec(`INSERT INTO blobs (hash, content_type, size, created_at, data) VALUES (?, ?, 1, 'x', x'05')`,
		strings.Repeat("c", 64), TypeDOCX); err != nil {
		t.Errorf("a Word document: %v", err)
	}
}
