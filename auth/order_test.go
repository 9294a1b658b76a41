package auth

import (
	"database/sql"
	"testing"

	"porch/internal/timeorder"
)

// A person's devices are listed most recently seen first in true time
// order, for devices seen a fraction of a second apart.
func TestDevicesNewestFirstWithinASecond(t *testing.T) {
	e := newEnv(t)
	var rows []timeorder.Row
	for _, at := range timeorder.Instants(t0) {
		e.write(func(tx *sql.Tx) error {
			d, _, err := e.k.NewDevice(e.ctx, tx, at, e.jo.ID, "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
			rows = append(rows, timeorder.Row{Key: d.ID, At: at})
			return err
		})
	}
	timeorder.Check(t, e.db.Writer(), timeorder.List{Name: "ListDevices", Table: "devices", Column: "last_seen_at", Key: "id",
		Old: timeorder.Millis, NewestFirst: true, TieByKey: true,
		Read: func() ([]any, error) {
			list, err := ListDevices(e.ctx, e.db.Read(), e.jo.ID)
			return timeorder.Keys(list, err, func(d Device) any { return d.ID })
		}}, rows)
}
