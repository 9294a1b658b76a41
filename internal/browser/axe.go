package browser

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets checked: WCAG 2.0, 2.1 and 2.2 at levels A and
// AA. Best-practice rules are reported by axe too but are not failures.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeScript reads axe-core from node_modules at the top of the module
// (installed by npm ci, as .ci/run does).
func axeScript() (string, error) {
	axeOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			axeErr = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				axeErr = os.ErrNotExist
				return
			}
			dir = parent
		}
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"))
		axeSource, axeErr = string(b), err
	})
	return axeSource, axeErr
}

// AxeViolation is one rule axe-core found broken, with where.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// Axe runs axe-core's WCAG 2.2 A and AA rules over the page in the tab and
// fails the test for each violation, naming the page as what. Without
// axe-core installed the check is skipped, unless CI=true, where it fails.
func Axe(t testing.TB, ctx context.Context, what string) {
	t.Helper()
	src, err := axeScript()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core is required when CI=true: %v (run npm ci at the top of the repository)", err)
		}
		t.Skip("axe-core not installed: run npm ci")
	}
	tags, _ := json.Marshal(axeTags)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](src+";true")); err != nil {
		t.Fatalf("%s: load axe-core: %v", what, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}})
		.then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", what, err)
	}
	var found []AxeViolation
	if err := json.Unmarshal([]byte(out), &found); err != nil {
		t.Fatalf("%s: axe result: %v", what, err)
	}
	for _, v := range found {
		var where []string
		for _, n := range v.Nodes {
			b, _ := json.Marshal(n.Target)
			where = append(where, string(b)+": "+strings.ReplaceAll(n.Summary, "\n", " "))
		}
		t.Errorf("%s: %s (%s): %s\n  %s", what, v.ID, v.Impact, v.Help, strings.Join(where, "\n  "))
	}
}
