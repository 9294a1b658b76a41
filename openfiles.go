package main

// Each open organisation holds file descriptors: its database, WAL and
// shared-memory files on the writer and each reader connection, and as
// many again while it is replicated. A cache of open organisations larger
// than the process may hold would fail with "too many open files" under
// load, on whichever request came last; so the cache is fitted to the
// limit at start-up, and the log says so.
const (
	fdsPerOrg     = 16  // measured about 8, plus about 7 for replication
	fdsReserved   = 256 // listeners, client connections, mail, logs
	minOpenOrgsFD = 8   // never fit the cache below this
)

// fitOpenOrgs returns how many organisations may stay open under a limit
// of nofile descriptors (0: unknown), and whether that is fewer than
// asked.
func fitOpenOrgs(asked int, nofile uint64) (int, bool) {
	if nofile == 0 || nofile <= fdsReserved {
		return asked, false
	}
	fit := int((nofile - fdsReserved) / fdsPerOrg)
	fit = max(fit, minOpenOrgsFD)
	if asked <= fit {
		return asked, false
	}
	return fit, true
}
