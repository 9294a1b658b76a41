package webtest

import (
	"database/sql"
	"fmt"
	"sync/atomic"
	"testing"

	"modernc.org/sqlite"

	"porch/sqldb"
)

// countingDrivers names each counting driver: sql.Register takes a name
// once per process.
var countingDrivers atomic.Int64

// NewCountingFixture is NewFixture with the organisations' databases
// opened through a fresh sqldb.CountingDriver, returned so a test can
// count the statements a request runs and parses.
func NewCountingFixture(t testing.TB, orgs ...OrgSpec) (*Fixture, *sqldb.CountingDriver) {
	t.Helper()
	d := &sqldb.CountingDriver{Driver: &sqlite.Driver{}}
	name := fmt.Sprintf("sqlite-counting-%d", countingDrivers.Add(1))
	sql.Register(name, d)
	return NewFixtureDriver(t, name, nil, orgs...), d
}
