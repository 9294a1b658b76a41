package handlers_test

import (
	"testing"

	"porch/handlers"
)

// A destination after sign-in stays on this site, however it is disguised.
func TestSafeNext(t *testing.T) {
	t.Parallel()
	kept := []string{"/money", "/money/units/ab12/statement?from=2025-01-01&to=2025-12-31", "/admin/people?q=a%20b", "/profile#devices"}
	for _, next := range kept {
		if got := handlers.SafeNext(next); got != next {
			t.Errorf("SafeNext(%q) = %q, want it kept", next, got)
		}
	}
	refused := []string{"", "//evil.example", "/\\evil.example", "/%09/evil.example/x", "/%0a/evil.example", "/%0d/evil.example",
		"/\t/evil.example", "/\n/evil.example", "https:evil.example", "http://evil.example", "javascript:alert(1)",
		"%2F%2Fevil.example", "/%2F/evil.example", "/%5Cevil.example", "/./evil.example/..//x", "/.//evil.example",
		"/a/../..//evil.example", "/x/..", "evil.example", "/\x00x", "///evil.example"}
	for _, next := range refused {
		if got := handlers.SafeNext(next); got != "/" {
			t.Errorf("SafeNext(%q) = %q, want /", next, got)
		}
	}
}
