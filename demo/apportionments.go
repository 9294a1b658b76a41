package demo

import (
	"fmt"
	"strings"

	"porch/estate"
)

// Harbour View shares its costs three ways, as blocks with a lift and a
// car park do: the building by floor area (every flat), the lift by floor
// area among the flats above the ground floor (whose residents use it),
// and the car park equally among the flats that have a space.
const (
	blockSchedule   = "Block"
	liftSchedule    = "Lift"
	carParkSchedule = "Car park"
)

// parkingFlats are the flats with a space in the car park.
var parkingFlats = []int{1, 2, 5, 6, 9, 12, 14, 17, 20, 22, 25, 27}

// splitShares shares 100% by weight, each share rounded down to the
// millionth and the remainder given to the last, so they total exactly
// 100%.
func splitShares(weights []int64) []int64 {
	var total, given int64
	for _, w := range weights {
		total += w
	}
	out := make([]int64, len(weights))
	for i, w := range weights {
		out[i] = w * estate.FullSharePPM / total
		if i == len(weights)-1 {
			out[i] = estate.FullSharePPM - given
		}
		given += out[i]
	}
	return out
}

// apportionments names the block's default schedule, which the flats'
// floor-area shares went into as they were added, and adds the lift's and
// the car park's, through the functions the site's screens use.
func (s *seeder) apportionments(site estate.Site, flats []estate.Unit) error {
	main, err := estate.DefaultApportionment(s.ctx, s.tx, site.ID)
	if err != nil {
		return err
	}
	if _, _, err := estate.RenameApportionment(s.ctx, s.tx, main.ID, blockSchedule); err != nil {
		return fmt.Errorf("demo: %s schedule: %w", blockSchedule, err)
	}
	var lift []estate.Unit
	var area []int64
	for _, u := range flats[1:] {
		if u.Floor != "Ground" {
			lift = append(lift, u)
			area = append(area, u.SharePPM) // the building's share is by floor area
		}
	}
	parking := make([]estate.Unit, len(parkingFlats))
	equal := make([]int64, len(parkingFlats))
	for i, n := range parkingFlats {
		parking[i], equal[i] = flats[n], 1
	}
	for _, sch := range []struct {
		name   string
		units  []estate.Unit
		shares []int64
	}{{liftSchedule, lift, splitShares(area)}, {carParkSchedule, parking, splitShares(equal)}} {
		a, err := estate.CreateApportionment(s.ctx, s.tx, site.ID, sch.name, s.now)
		if err != nil {
			return fmt.Errorf("demo: %s schedule: %w", sch.name, err)
		}
		in := estate.SharesInput{}
		for i, u := range sch.units {
			in[u.PublicID] = strings.TrimSuffix(estate.FormatSharePPM(sch.shares[i]), "%")
		}
		if _, err := estate.SaveShares(s.ctx, s.tx, a.ID, in); err != nil {
			return fmt.Errorf("demo: %s shares: %w", sch.name, err)
		}
	}
	return nil
}
