package bankstmt

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func fingerprints(lines []Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Fingerprint
	}
	return out
}

func checkUnique(t *testing.T, name string, fps []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, fp := range fps {
		if fp == "" || seen[fp] {
			t.Errorf("%s: fingerprint %q empty or repeated in %q", name, fp, fps)
		}
		seen[fp] = true
	}
}

func TestFingerprintsStableAndDistinct(t *testing.T) {
	for _, file := range []string{"barclays.csv", "lloyds.csv", "natwest.csv", "monzo.csv", "starling.csv", "nationwide.csv", "hsbc_noheader.csv", "semicolon.csv"} {
		data := readTestdata(t, file)
		_, first, _ := sniffAndParse(t, data)
		_, again, _ := sniffAndParse(t, data)
		if !slices.Equal(fingerprints(first), fingerprints(again)) {
			t.Errorf("%s: re-import changed fingerprints", file)
		}
		checkUnique(t, file, fingerprints(first))
	}
	for _, file := range []string{"lloyds_sgml.ofx", "starling_v2.ofx"} {
		a := parseOFXFile(t, file)
		b := parseOFXFile(t, file)
		if !slices.Equal(fingerprints(a.Lines), fingerprints(b.Lines)) {
			t.Errorf("%s: re-import changed fingerprints", file)
		}
		checkUnique(t, file, fingerprints(a.Lines))
	}
}

func TestFingerprintIdenticalLines(t *testing.T) {
	// Barclays: two identical £12.50 charges on 5 January, no id.
	_, lines, _ := sniffAndParse(t, readTestdata(t, "barclays.csv"))
	a, b := lines[4], lines[5]
	if a.Date != b.Date || a.Amount != b.Amount || a.Description != b.Description {
		t.Fatal("test data changed")
	}
	if a.Fingerprint == b.Fingerprint || !strings.HasPrefix(a.Fingerprint, "line:") {
		t.Errorf("identical lines got %q and %q", a.Fingerprint, b.Fingerprint)
	}

	// Bank order does not matter: the same file newest-first gives the
	// same set of fingerprints.
	head, rows, _ := strings.Cut(string(readTestdata(t, "barclays.csv")), "\r\n")
	rs := strings.Split(strings.TrimSpace(rows), "\r\n")
	slices.Reverse(rs)
	_, reversed, _ := sniffAndParse(t, []byte(head+"\r\n"+strings.Join(rs, "\r\n")))
	x, y := fingerprints(lines), fingerprints(reversed)
	slices.Sort(x)
	slices.Sort(y)
	if !slices.Equal(x, y) {
		t.Errorf("reversed file: %q vs %q", x, y)
	}

	// A later, overlapping download that holds one of the two charges
	// shares that one fingerprint and nothing new is counted twice.
	later := head + "\r\n" + rs[0] + "\r\n , 06/01/2024,20-32-06 13152170,-3.00,OTHER,NEW ONE\r\n"
	_, next, _ := sniffAndParse(t, []byte(later))
	if next[0].Fingerprint != a.Fingerprint || next[1].Fingerprint == b.Fingerprint {
		t.Errorf("overlap: %q, want first %q", fingerprints(next), a.Fingerprint)
	}
}

func TestFingerprintNormalisation(t *testing.T) {
	base := Line{Date: day(2024, 1, 2), Amount: 12500, Description: "J SMITH  FLAT 3", Reference: "SC q1"}
	same := base
	same.Description = " j smith flat\t3 "
	same.Reference = "SC  Q1"
	other := []Line{base, base, base, base}
	other[0].Amount = 12501
	other[1].Date = day(2024, 1, 3)
	other[2].Description = "J SMITH FLAT 4"
	other[3].Reference = "SC Q2"

	ls := []Line{base}
	AssignFingerprints(ls)
	want := ls[0].Fingerprint
	ls = []Line{same}
	AssignFingerprints(ls)
	if ls[0].Fingerprint != want {
		t.Errorf("case and spacing changed the fingerprint")
	}
	for i, o := range other {
		ls = []Line{o}
		AssignFingerprints(ls)
		if ls[0].Fingerprint == want {
			t.Errorf("change %d kept the fingerprint", i)
		}
	}

	// With an id, only the id counts: the same transaction whose text
	// the bank reworded between downloads is still the same line.
	withID := []Line{{FITID: "T1", Date: day(2024, 1, 2), Amount: 100, Description: "A"}, {FITID: "T1", Date: day(2024, 1, 2), Amount: 100, Description: "B"}, {FITID: "T2", Amount: 100}}
	AssignFingerprints(withID)
	again := []Line{{FITID: "T1", Description: "reworded"}}
	AssignFingerprints(again)
	if again[0].Fingerprint != withID[0].Fingerprint || !strings.HasPrefix(again[0].Fingerprint, "fitid:") {
		t.Errorf("FITID fingerprint depends on more than the id")
	}
	checkUnique(t, "repeated FITID", fingerprints(withID))
}

// TestReimportAddsNothing is what the app does with fingerprints: lines
// whose fingerprint it already holds for the account are skipped.
func TestReimportAddsNothing(t *testing.T) {
	held := map[string]bool{}
	importFile := func(data []byte) (added int) {
		_, lines, _ := sniffAndParse(t, data)
		for _, l := range lines {
			if !held[l.Fingerprint] {
				held[l.Fingerprint] = true
				added++
			}
		}
		return added
	}
	data := readTestdata(t, "barclays.csv")
	if n := importFile(data); n != 6 {
		t.Errorf("first import added %d lines, want 6", n)
	}
	if n := importFile(data); n != 0 {
		t.Errorf("second import added %d lines, want 0", n)
	}
	if n := importFile(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))); n != 0 {
		t.Errorf("the same file with other line endings added %d lines", n)
	}
}
