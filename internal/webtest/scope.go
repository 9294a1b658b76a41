package webtest

import (
	"net/http"
	"testing"
)

// AssertRefusesOutOfScope checks that each path answers the signed-in
// browser with 404, as for an object that does not exist: not 403, which
// would confirm the object exists, and never 200. Use it on every resident
// or owner page that takes an id, with ids of other people's objects.
func AssertRefusesOutOfScope(t *testing.T, b *Browser, paths ...string) {
	t.Helper()
	for _, p := range paths {
		rec := b.Get(p)
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404 (out of scope must look like not found)", p, rec.Code)
		}
	}
}
