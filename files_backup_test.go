package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"porch/files"
	"porch/replicate"
	"porch/tenants"
)

// A photo stored in an organisation's file store is backed up with it and
// comes back, thumbnail and all, when the organisation is restored into an
// empty data directory.
func TestFilesAreBackedUpAndRestoredWithTheirOrganisation(t *testing.T) {
	ctx := context.Background()
	dataDir, repDir := t.TempDir(), t.TempDir()
	conf := fastReplication(t, dataDir, repDir)
	m, _, err := startServer(t, dataDir, conf)
	if err != nil {
		t.Fatal(err)
	}
	if err := createOrg(ctx, m.Tenants, NewOrg{Slug: "acme", Name: "Acme", ManagerEmail: "ops@acme.example"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	org, release, err := m.Tenants.Acquire(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := m.Files.Put(ctx, org, files.Upload{Name: "leak.jpg", Data: testPhoto(t)})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := m.Files.Get(ctx, org, ref.Hash)
	release()
	if err != nil {
		t.Fatal(err)
	}
	if ref.Thumb == "" || ref.Thumb == ref.Hash {
		t.Fatalf("a 900x600 photo has no thumbnail of its own: %+v", ref)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "orgs", "acme.files.db")); err != nil {
		t.Fatalf("the file store is not beside the organisation's database: %v", err)
	}
	// Put returns once the photo is in the replica, before any row names it.
	rcfg, err := replicate.Load(conf, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	early := filepath.Join(t.TempDir(), "early.db")
	if ok, err := rcfg.RestoreFiles(ctx, rcfg.OrgPath("acme"), early, time.Time{}); !ok || err != nil {
		t.Fatalf("the photo was not in the replica when Put returned: %v", err)
	}
	if rows, err := replicate.CountRows(ctx, tenants.FilesPath(early)); err != nil || rows["blobs"] != 2 {
		t.Fatalf("the replica right after Put holds %v blobs (%v); want the photo and its thumbnail", rows["blobs"], err)
	}

	flags := []string{"--data", dataDir, "--litestream-config", conf}
	out, _, err := runCLI(t, append([]string{"backup-check", "--settle", "2s"}, flags...)...)
	if err != nil || !strings.Contains(out, "ok  acme files") {
		t.Fatalf("backup-check does not vouch for the file store: %v\n%s", err, out)
	}
	if err := m.Close(); err != nil { // the last writes reach the replica
		t.Fatal(err)
	}

	// One organisation restored to a copy takes its files along.
	copyPath := filepath.Join(t.TempDir(), "acme-copy.db")
	out, _, err = runCLI(t, append([]string{"restore", "acme", "--to", copyPath}, flags...)...)
	if err != nil || !strings.Contains(out, "acme-copy.files.db") {
		t.Fatalf("restore --to: %v\n%s", err, out)
	}

	// Everything rebuilt in a fresh data directory from the same replicas.
	fresh := t.TempDir()
	out, _, err = runCLI(t, "restore", "--all", "--data", fresh, "--litestream-config", fastReplication(t, fresh, repDir))
	if err != nil || !strings.Contains(out, "restored  acme files") {
		t.Fatalf("restore --all: %v\n%s", err, out)
	}
	restoredOrg, err := tenants.OpenMigrated(ctx, "acme", filepath.Join(fresh, "orgs", "acme.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer restoredOrg.Close()
	store := files.New(files.Config{})
	got, err := store.Get(ctx, restoredOrg, ref.Hash)
	if err != nil {
		t.Fatalf("the photo is not in the restored organisation: %v", err)
	}
	if !bytes.Equal(got.Data, stored.Data) || got.Type != files.TypeJPEG {
		t.Fatal("the restored photo differs from the one stored")
	}
	thumb, err := store.Thumb(ctx, restoredOrg, ref.Hash)
	if err != nil || thumb.Hash != ref.Thumb || thumb.Width != 320 {
		t.Fatalf("the restored photo's thumbnail: %+v, %v", thumb.Ref, err)
	}
}

// testPhoto is a 900x600 JPEG of a gradient.
func testPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 900, 600))
	for y := 0; y < 600; y++ {
		for x := 0; x < 900; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x / 4), G: uint8(y / 3), B: 90, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
