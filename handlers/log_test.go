package handlers_test

import (
	"bufio"
	"bytes"
	"encoding/json"
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

// logLines decodes the fixture's JSON log, one map per line.
func logLines(t *testing.T, f *webtest.Fixture) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(f.Logs.Bytes()))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// requestLine returns the "request" log line of the request with id.
func requestLine(t *testing.T, f *webtest.Fixture, id string) map[string]any {
	t.Helper()
	for _, m := range logLines(t, f) {
		if m["msg"] == "request" && m["req_id"] == id {
			return m
		}
	}
	t.Fatalf("no request log line for %s in:\n%s", id, f.Logs.String())
	return nil
}

func TestRequestLogLines(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	tests := []struct {
		name, host, path string
		org              string
		status           int
		level            string
	}{
		{"org page", "acme." + webtest.Base, "/", "acme", 200, "INFO"},
		{"org not found page", "acme." + webtest.Base, "/nope", "acme", 404, "INFO"},
		{"logo", "acme." + webtest.Base, "/branding/logo", "acme", 200, "INFO"},
		{"landing", webtest.Base, "/", "", 200, "INFO"},
		{"unknown org", "nobody." + webtest.Base, "/", "", 404, "INFO"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.Do("GET", tt.host, tt.path, nil)
			id := rec.Header().Get("X-Request-Id")
			if len(id) != 16 || seen[id] {
				t.Errorf("request id %q not fresh", id)
			}
			seen[id] = true
			line := requestLine(t, f, id)
			want := map[string]any{"org": tt.org, "status": float64(tt.status), "level": tt.level,
				"method": "GET", "path": tt.path}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("%s = %v, want %v (line %v)", k, line[k], v, line)
				}
			}
			if line["ip"] == "" || line["dur"] == nil {
				t.Errorf("line lacks ip or duration: %v", line)
			}
		})
	}
	// A request id sent by the client is not trusted.
	rec := f.Do("GET", "acme."+webtest.Base, "/", map[string]string{"X-Request-Id": "forged"})
	if rec.Header().Get("X-Request-Id") == "forged" {
		t.Error("client-chosen request id echoed")
	}
}
