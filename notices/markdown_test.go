package notices_test

import (
	"strings"
	"testing"

	"porch/notices"
)

func TestRenderNeutralisesScriptAndLinks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		want    []string
		notWant []string
	}{
		{"**Lift** out of service on *Monday*.", []string{"<strong>Lift</strong>", "<em>Monday</em>"}, nil},
		{"Hello\n\n<script>alert(1)</script>\n\nInline <script>alert(2)</script> too", []string{"Hello", "Inline"}, []string{"<script", "alert(1)"}},
		{`<img src=x onerror="alert(1)">`, nil, []string{"onerror", "<img"}},
		{"[click](javascript:alert(1))", []string{"click"}, []string{"javascript:"}},
		{"[click](JaVaScRiPt:alert(1))", []string{"click"}, []string{"alert(1)"}},
		{"[form](https://example.com/survey)", []string{`href="https://example.com/survey"`, `rel="nofollow noreferrer noopener"`, `target="_blank"`}, nil},
		{"Call [us](tel:02079460000) or www.example.com", []string{`href="tel:02079460000"`, `href="http://www.example.com"`}, nil},
		{`<a href="https://x.example" onclick="steal()">x</a>`, nil, []string{"onclick", "steal"}},
		{"![pic](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:"}},
	} {
		got := string(notices.Render(tc.in))
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("Render(%q) = %q, want %q in it", tc.in, got, w)
			}
		}
		for _, w := range tc.notWant {
			if strings.Contains(strings.ToLower(got), strings.ToLower(w)) {
				t.Errorf("Render(%q) = %q, has %q", tc.in, got, w)
			}
		}
	}
}
