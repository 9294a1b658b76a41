package sqldb_test

import (
	"testing"

	"porch/sqldb"
)

func TestIDList(t *testing.T) {
	for _, tc := range []struct {
		ids  []int64
		want string
	}{{nil, "[]"}, {[]int64{7}, "[7]"}, {[]int64{1, 22, 333}, "[1,22,333]"}} {
		if got := sqldb.IDList(tc.ids); got != tc.want {
			t.Errorf("IDList(%v) = %q, want %q", tc.ids, got, tc.want)
		}
	}
}
