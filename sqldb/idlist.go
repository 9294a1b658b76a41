package sqldb

import (
	"strconv"
	"strings"
)

// IDList writes ids as a JSON array, the argument of a query that reads
// them with json_each: `id IN (SELECT value FROM json_each(?))` takes any
// number of ids in one prepared statement.
func IDList(ids []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(']')
	return b.String()
}
