package handlers_test

import (
	"testing"

	"porch/internal/webtest"
)

// Lines a handler logs through the request's logger name the organisation
// and the request, without the handler passing either.
func TestHandlerLogLinesNameOrgAndRequest(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", ppl.Alice)
	rec := b.Get("/admin/people")
	if rec.Code != 403 {
		t.Fatalf("resident at /admin: %d", rec.Code)
	}
	id := rec.Header().Get("X-Request-Id")
	for _, m := range logLines(t, f) {
		if m["msg"] == "access denied" {
			if m["org"] != "acme" || m["req_id"] != id {
				t.Errorf("access denied line: org %v req_id %v, want acme %s", m["org"], m["req_id"], id)
			}
			return
		}
	}
	t.Fatalf("no access denied line in:\n%s", f.Logs.String())
}
