// Package layout holds the test that keeps Porch's imports pointing one
// way: server -> handlers/app -> handlers/<feature> -> handlers (the kit)
// -> domain packages -> sqldb -> errs.
package layout

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	module = "porch"
	kit    = module + "/handlers"
	app    = kit + "/app"
	echo   = "github.com/labstack/echo/v4"
)

// imports lists every package of the module with the packages its
// non-test files import.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{.Dir}} {{join .GoFiles \",\"}} {{join .Imports \" \"}}", module+"/...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	pkgs := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 {
			continue
		}
		// Stat every source file, so that go test's cache sees them and
		// runs this test again when any of them changes.
		for _, name := range strings.Split(f[2], ",") {
			if _, err := os.Stat(filepath.Join(f[1], name)); err != nil {
				t.Fatal(err)
			}
		}
		pkgs[f[0]] = f[3:]
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

// isFeature reports whether p is one capability's package under handlers/.
func isFeature(p string) bool {
	return strings.HasPrefix(p, kit+"/") && p != app
}

// isWeb reports whether p belongs to the HTTP layer.
func isWeb(p string) bool { return p == kit || strings.HasPrefix(p, kit+"/") }

func TestImportDirection(t *testing.T) {
	pkgs := imports(t)
	features := 0
	for p := range pkgs {
		if isFeature(p) {
			features++
		}
	}
	if features < 5 {
		t.Fatalf("found %d feature packages under handlers/; is the layout test reading the right tree?", features)
	}
	for p, deps := range pkgs {
		for _, d := range deps {
			var why string
			switch {
			case isFeature(p) && isFeature(d):
				why = "a feature package imports another feature: move what both need into the kit or a domain package"
			case isFeature(p) && d == app:
				why = "a feature package imports the application"
			case p == kit && strings.HasPrefix(d, kit+"/"):
				why = "the kit imports a feature package or the application"
			case !isWeb(p) && p != module && !strings.HasPrefix(p, module+"/internal/") && (d == echo || isWeb(d)):
				why = "a domain package imports echo or the HTTP layer: domain functions take a context and a query handle or transaction"
			case p == module+"/sqldb" && strings.HasPrefix(d, module+"/") && d != module+"/errs":
				why = "sqldb imports a package of the module other than errs"
			case p == module+"/errs" && strings.HasPrefix(d, module+"/"):
				why = "errs imports a package of the module"
			}
			if why != "" {
				t.Errorf("%s imports %s: %s", p, d, why)
			}
		}
	}
}
