package tenants

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"porch/errs"
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

// An organisation created under a slug whose file store was left behind
// would show the previous owner's photos: creating it is refused.
func TestCreateRefusesALeftoverFileStore(t *testing.T) {
	ctx := context.Background()
	m := newManager(t, Options{})
	if err := os.WriteFile(FilesPath(m.path("acme")), []byte("someone else's files"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := m.Create(ctx, "acme", "Acme", nil)
	if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "acme.files.db") {
		t.Fatalf("create over a leftover file store: %v", err)
	}
	if ok, _ := m.Exists(ctx, "acme"); ok {
		t.Fatal("the organisation was listed")
	}
}
