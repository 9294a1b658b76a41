package tenants

import (
	"context"
	"io"
	"path/filepath"
	"testing"
)

type closer struct{ closed *int }

func (c closer) Close() error { *c.closed++; return nil }

func TestAttachedIsClosedWithTheDatabase(t *testing.T) {
	t.Parallel()
	db, err := OpenMigrated(context.Background(), "acme", filepath.Join(t.TempDir(), "acme.db"))
	if err != nil {
		t.Fatal(err)
	}
	closed, opened := 0, 0
	open := func() (io.Closer, error) { opened++; return closer{&closed}, nil }
	for range 2 {
		if _, err := db.Attached("store", open); err != nil {
			t.Fatal(err)
		}
	}
	if opened != 1 {
		t.Fatalf("opened %d times; want once while the database is open", opened)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if closed != 1 {
		t.Fatalf("closed %d times with the database", closed)
	}
	if _, err := db.Attached("store", open); err == nil {
		t.Fatal("attached to a closed database")
	}
	if got := FilesPath("/data/orgs/acme.db"); got != "/data/orgs/acme.files.db" {
		t.Fatalf("FilesPath = %q", got)
	}
}
