// Package pdftext reads the text of a PDF in tests, as a reader's copy and
// paste would, with poppler's pdftotext.
package pdftext

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// Read returns the text of doc. args go to pdftotext before its input:
// -layout keeps the columns of a row together, "-f", "2", "-l", "2" reads
// page 2 only. Without pdftotext the test is skipped, unless CI=true,
// where it fails.
func Read(t testing.TB, doc []byte, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (poppler-utils) is required in CI")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	if !bytes.HasPrefix(doc, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.200s", doc)
	}
	cmd := exec.Command(bin, append(append([]string{}, args...), "-enc", "UTF-8", "-", "-")...)
	cmd.Stdin = bytes.NewReader(doc)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}
