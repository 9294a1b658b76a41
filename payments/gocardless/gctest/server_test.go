package gctest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"porch/payments/gocardless/gctest"
)

// call sends a raw API request with the documented headers.
func call(t *testing.T, s *gctest.Server, method, path, body string, hdr map[string]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+gctest.DefaultAccessToken)
	req.Header.Set("GoCardless-Version", gctest.APIVersion)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	return res.StatusCode, out
}

func reason(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	errs, _ := e["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	first, _ := errs[0].(map[string]any)
	r, _ := first["reason"].(string)
	return r
}

func TestRequestChecks(t *testing.T) {
	s := gctest.New(gctest.Options{})
	defer s.Close()
	br := `{"billing_requests":{"mandate_request":{"scheme":"bacs"}}}`
	cases := []struct {
		name, method, path, body string
		hdr                      map[string]string
		status                   int
		reason                   string
	}{
		{"no auth", "GET", "/creditors", "", map[string]string{"Authorization": ""}, 401, "missing_authorization_header"},
		{"wrong token", "GET", "/creditors", "", map[string]string{"Authorization": "Bearer nope"}, 401, "access_token_not_found"},
		{"no version", "GET", "/creditors", "", map[string]string{"GoCardless-Version": ""}, 400, "missing_version_header"},
		{"bad version", "GET", "/creditors", "", map[string]string{"GoCardless-Version": "2020-01-01"}, 400, "version_not_found"},
		{"form body", "POST", "/billing_requests", br, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, "invalid_content_type"},
		{"no envelope", "POST", "/billing_requests", `{"mandate_request":{}}`, nil, 400, "invalid_document_structure"},
		{"unknown field", "POST", "/billing_requests", `{"billing_requests":{"mandate_request":{"schema":"bacs"}}}`, nil, 400, "invalid_document_structure"},
		{"bad json", "POST", "/billing_requests", `{`, nil, 400, "invalid_json"},
		{"unknown path", "GET", "/widgets", "", nil, 404, "path_not_found"},
		{"unknown payment", "GET", "/payments/PM0", "", nil, 404, "resource_not_found"},
		{"limit too big", "GET", "/events?limit=501", "", nil, 422, ""},
		{"bad created_at", "GET", "/events?created_at[gt]=yesterday", "", nil, 422, ""},
		{"include without type", "GET", "/events?include=payment", "", nil, 400, "invalid_include"},
		{"unknown cursor", "GET", "/events?after=EV0", "", nil, 400, "cursor_not_found"},
	}
	for _, tc := range cases {
		status, body := call(t, s, tc.method, tc.path, tc.body, tc.hdr)
		if status != tc.status || reason(body) != tc.reason {
			t.Errorf("%s: %d %q, want %d %q (%v)", tc.name, status, reason(body), tc.status, tc.reason, body)
		}
		e, _ := body["error"].(map[string]any)
		if e == nil || e["type"] == "" || e["request_id"] == "" || e["message"] == "" || int(e["code"].(float64)) != tc.status {
			t.Errorf("%s: error body %v", tc.name, body)
		}
	}
}

func TestDocumentedShapes(t *testing.T) {
	s := gctest.New(gctest.Options{})
	defer s.Close()
	status, body := call(t, s, "POST", "/billing_requests", `{"billing_requests":{"mandate_request":{"scheme":"bacs","currency":"GBP"}}}`,
		map[string]string{"Idempotency-Key": "k1"})
	br, _ := body["billing_requests"].(map[string]any)
	if status != 201 || br == nil || !strings.HasPrefix(br["id"].(string), "BRQ") || br["status"] != "pending" {
		t.Fatalf("create: %d %v", status, body)
	}
	status, body = call(t, s, "POST", "/billing_requests", `{"billing_requests":{"mandate_request":{"scheme":"bacs"}}}`,
		map[string]string{"Idempotency-Key": "k1"})
	e, _ := body["error"].(map[string]any)
	errs, _ := e["errors"].([]any)
	if status != 409 || e["type"] != "invalid_state" || reason(body) != "idempotent_creation_conflict" ||
		errs[0].(map[string]any)["links"].(map[string]any)["conflicting_resource_id"] != br["id"] {
		t.Fatalf("conflict: %d %v", status, body)
	}
	_, body = call(t, s, "GET", "/events?limit=1", "", nil)
	meta, _ := body["meta"].(map[string]any)
	cursors, _ := meta["cursors"].(map[string]any)
	if _, ok := cursors["before"]; !ok || cursors["before"] != nil || meta["limit"] != float64(1) {
		t.Fatalf("meta: %v", body)
	}
	events, _ := body["events"].([]any)
	ev, _ := events[0].(map[string]any)
	for _, k := range []string{"id", "created_at", "resource_type", "action", "links", "details", "metadata"} {
		if _, ok := ev[k]; !ok {
			t.Errorf("event lacks %q: %v", k, ev)
		}
	}
}
