package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"porch/internal/webtest"
)

// Links in mail are built from the configured address, never from the
// Host header the client sent; a Host whose port is not a number is
// refused.
func TestLinksComeFromTheConfiguredAddress(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	f.SeedPeople("acme")
	for _, host := range []string{"acme." + webtest.Base + ":evil.example", "acme." + webtest.Base + ":80x"} {
		req := httptest.NewRequest("GET", "http://acme."+webtest.Base+"/sign-in", nil)
		req.Host, req.RemoteAddr = host, webtest.LocalPeer
		rec := httptest.NewRecorder()
		f.Echo.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("Host %q: %d, want 400", host, rec.Code)
		}
	}
	b := f.Browser("acme." + webtest.Base + ":8443")
	b.RequestCode("acme", "alice@example.com")
	_, text := f.LastMail("acme", "alice@example.com")
	if strings.Contains(text, ":8443") || !strings.Contains(text, "http://acme."+webtest.Base) {
		t.Errorf("sign-in mail links to the request's host, not the configured address:\n%s", text)
	}
}
