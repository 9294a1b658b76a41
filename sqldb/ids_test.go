package sqldb_test

import (
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"porch/sqldb"
)

func TestNewPublicID(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	counts := map[rune]int{}
	for range 2000 {
		id := sqldb.NewPublicID()
		if !sqldb.ValidPublicID(id) {
			t.Fatalf("%q is not a valid public id", id)
		}
		if seen[id] {
			t.Fatalf("%q made twice", id)
		}
		seen[id] = true
		for _, r := range id {
			counts[r]++
		}
	}
	// Every character of the alphabet turns up in 32,000 draws; none of
	// the look-alikes does.
	if len(counts) != 31 {
		t.Errorf("%d distinct characters, want 31", len(counts))
	}
	for _, r := range "01ilo" {
		if counts[r] != 0 {
			t.Errorf("look-alike %q used", r)
		}
	}
}

func TestValidPublicID(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "abc", "23456789abcdefgh2", "23456789abcdefgi", "23456789ABCDEFGH",
		"23456789abcdef0h", "23456789abcdefg/", "2345678 abcdefgh", strings.Repeat("a", 15)} {
		if sqldb.ValidPublicID(s) {
			t.Errorf("ValidPublicID(%q) = true", s)
		}
	}
	if !sqldb.ValidPublicID("23456789abcdefgh") {
		t.Error("a well-formed id rejected")
	}
}
