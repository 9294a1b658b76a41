package home_test

import (
	"context"
	"database/sql"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"modernc.org/sqlite"

	"porch/estate"
	"porch/internal/webtest"
)

// SQLite asks an authorizer about every statement it compiles, and each
// query the application runs is compiled where it runs, so counting the
// statements the authorizer sees while one request is served counts the
// queries that request cost, whichever pool or database ran them. (Once
// statements are prepared once and reused, only the first run of each is
// seen, and counting belongs in a wrapper around the driver instead.)
var queries struct {
	on     atomic.Bool
	n      atomic.Int64
	mu     sync.Mutex
	tables []string
}

func TestMain(m *testing.M) {
	// Before any database is opened, so every connection is counted.
	sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, _ string) error {
		reg, ok := conn.(sqlite.AuthorizerRegisterer)
		if !ok {
			return nil
		}
		return reg.RegisterAuthorizer(func(action sqlite.AuthorizerActionCode, arg1, _, _, _ string) sqlite.AuthorizerReturnCode {
			if !queries.on.Load() {
				return sqlite.AuthorizerOK
			}
			switch action {
			case sqlite.AuthSelect, sqlite.AuthInsert, sqlite.AuthUpdate, sqlite.AuthDelete, sqlite.AuthPragma, sqlite.AuthTransaction:
				queries.n.Add(1)
			case sqlite.AuthRead:
				queries.mu.Lock()
				if !slices.Contains(queries.tables, arg1) {
					queries.tables = append(queries.tables, arg1)
				}
				queries.mu.Unlock()
			}
			return sqlite.AuthorizerOK
		})
	})
	os.Exit(m.Run())
}

// count returns the statements run, and the tables read, while fn runs.
// Tests that count must not run in parallel with others.
func count(fn func()) (int64, []string) {
	queries.mu.Lock()
	queries.tables = nil
	queries.mu.Unlock()
	queries.n.Store(0)
	queries.on.Store(true)
	fn()
	queries.on.Store(false)
	queries.mu.Lock()
	defer queries.mu.Unlock()
	slices.Sort(queries.tables)
	return queries.n.Load(), queries.tables
}

// A signed-in person's home page costs their session, their person row and
// their scope (links and staff role): four queries, whatever the number of
// their homes, on the organisation's subdomain and on a custom hostname
// alike. The organisation's settings and the hostname come from memory.
func TestSignedInHomeQueries(t *testing.T) {
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		// Alice has a past link and a second home, so a loader that asked
		// once per unit or per link would show here.
		past := webtest.Now.AddDate(-3, 0, 0)
		end := webtest.Now.AddDate(-2, 0, 0)
		if _, err := estate.LinkPerson(ctx, tx, ppl.FlatB.ID, ppl.Alice.ID, estate.RoleTenant, past, &end); err != nil {
			return err
		}
		_, err := estate.LinkPerson(ctx, tx, ppl.FlatB.ID, ppl.Alice.ID, estate.RoleOwner, webtest.Now.AddDate(0, -1, 0), nil)
		return err
	})
	const custom = "portal.acme.example"
	if err := f.Tenants.AddHostname(context.Background(), custom, "acme"); err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"acme." + webtest.Base, custom} {
		b := f.Browser(host)
		b.SignInAs("acme", ppl.Alice)
		b.Get("/") // the first request after signing in may fill caches
		var code int
		n, tables := count(func() { code = b.Get("/").Code })
		if code != 200 {
			t.Fatalf("%s: home %d", host, code)
		}
		t.Logf("%s: %d queries, reading %s", host, n, strings.Join(tables, ", "))
		if n > 4 {
			t.Errorf("%s: signed-in home ran %d queries, want at most 4", host, n)
		}
		if slices.Contains(tables, "settings") || slices.Contains(tables, "hostnames") || slices.Contains(tables, "orgs") {
			t.Errorf("%s: read %v; settings and hostnames should come from memory", host, tables)
		}
	}
}
