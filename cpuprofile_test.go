package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// --cpu-profile writes a profile go tool pprof reads once the server stops.
func TestCPUProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.prof")
	stop, err := startCPUProfile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1e6; i++ {
		_ = filepath.Join("a", "b")
	}
	stop()
	// A profile is a gzipped protocol buffer: it must decompress, and
	// name what it sampled.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a profile: %v", err)
	}
	body, err := io.ReadAll(zr)
	if err != nil || !bytes.Contains(body, []byte("samples")) || !bytes.Contains(body, []byte("cpu")) {
		t.Fatalf("not a CPU profile (%v): %d bytes", err, len(body))
	}
	if _, err := startCPUProfile(filepath.Join(t.TempDir(), "missing", "cpu.prof")); err == nil {
		t.Error("a profile path that cannot be created was accepted")
	}
}
