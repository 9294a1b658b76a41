package main

import (
	"runtime"
	"testing"
)

// The cache of open organisations fits the open-file limit: what is asked
// when there is room, fewer (with a floor) when there is not, and what is
// asked when the limit is unknown.
func TestFitOpenOrgs(t *testing.T) {
	for _, tt := range []struct {
		asked  int
		nofile uint64
		want   int
		fitted bool
	}{
		{512, 1 << 20, 512, false},
		{512, 65536, 512, false},
		{512, 4096, (4096 - fdsReserved) / fdsPerOrg, true},
		{512, 1024, (1024 - fdsReserved) / fdsPerOrg, true},
		{512, 300, minOpenOrgsFD, true},
		{16, 1024, 16, false},
		{512, 0, 512, false},
		{512, 100, 512, false},
	} {
		got, fitted := fitOpenOrgs(tt.asked, tt.nofile)
		if got != tt.want || fitted != tt.fitted {
			t.Errorf("fitOpenOrgs(%d, %d) = %d, %v; want %d, %v", tt.asked, tt.nofile, got, fitted, tt.want, tt.fitted)
		}
	}
	if runtime.GOOS == "linux" && openFileLimit() == 0 {
		t.Error("no open-file limit read on this system")
	}
}
