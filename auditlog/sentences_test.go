package auditlog

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Where the code base writes an action code: an AuditEntry's Action, the
// first dotted string given to an Audit function, what a WriteAudited
// function returns first, or an action variable.
var (
	code      = `"([a-z_]+\.[a-z_]+)"`
	writeRes  = []*regexp.Regexp{regexp.MustCompile(`Action:\s*` + code), regexp.MustCompile(`return ` + code + `,`), regexp.MustCompile(`\baction\s*:?=\s*(?:"[^"]*",\s*)?` + code)}
	auditCall = regexp.MustCompile(`\b(?:Audit|AuditTx|LedgerAudit)\(`)
	firstCode = regexp.MustCompile(code)
	dynamic   = regexp.MustCompile(`"([a-z_]+\.[a-z_]+_)"\s*\+`)
)

// expansions are the codes written as a prefix and a value.
var expansions = map[string][]string{
	"ticket.quote_":    {"approved", "rejected"}, // tickets.Decide's outcomes
	"ledger.schedule_": {"paused", "resumed"},
}

// sourceCodes finds every action code the Go source writes, with where.
func sourceCodes(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			at := path + ":" + strconv.Itoa(i+1)
			for _, re := range writeRes {
				for _, m := range re.FindAllStringSubmatch(line, -1) {
					found[m[1]] = at
				}
			}
			if auditCall.MatchString(line) {
				if m := firstCode.FindStringSubmatch(line[auditCall.FindStringIndex(line)[0]:]); m != nil && !strings.HasSuffix(m[1], "_") {
					found[m[1]] = at
				}
			}
			for _, m := range dynamic.FindAllStringSubmatch(line, -1) {
				vals, ok := expansions[m[1]]
				if !ok {
					t.Errorf("%s builds action codes from the prefix %q: list its values in expansions", at, m[1])
				}
				for _, v := range vals {
					found[m[1]+v] = at
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// Every action code written anywhere reads as a sentence; a new code
// without words fails here.
func TestEveryActionCodeHasASentence(t *testing.T) {
	found := sourceCodes(t)
	if len(found) < 100 {
		t.Fatalf("found only %d action codes in the source: the scan is broken", len(found))
	}
	var missing []string
	for c, at := range found {
		if !Known(c) {
			missing = append(missing, c+" (written at "+at+")")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("action codes with no sentence in phrases:\n%s", strings.Join(missing, "\n"))
	}
}

// The table has no words for codes nothing writes any more, and each
// phrase is complete.
func TestPhrasesAreUsedAndComplete(t *testing.T) {
	found := sourceCodes(t)
	groupOK := map[string]bool{}
	for _, g := range groups {
		groupOK[g] = true
	}
	for c, p := range phrases {
		if _, ok := found[c]; !ok {
			t.Errorf("phrases has %q, which nothing writes", c)
		}
		if p.Label == "" || p.Pattern == "" || !groupOK[p.Group] {
			t.Errorf("%q: incomplete phrase %+v", c, p)
		}
	}
}
