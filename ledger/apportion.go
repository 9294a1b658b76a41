package ledger

import (
	"fmt"
	"sort"
)

// Share is one unit's part of a site total, in millionths.
type Share struct {
	UnitID   int64
	SharePPM int64
}

// FullShare is 100% in millionths.
const FullShare = 1_000_000

// Apportion splits total (minor units, positive) among units by their
// shares, which must sum to exactly FullShare. Each unit gets the floor of
// its exact share; the pennies left over go one each to the units with the
// largest remainders, ties broken by unit id, so the parts always add up
// to total and the same inputs always give the same split.
func Apportion(total int64, shares []Share) (map[int64]int64, error) {
	if total <= 0 {
		return nil, fmt.Errorf("ledger: apportion a positive total, not %d", total)
	}
	var sum int64
	for _, s := range shares {
		if s.SharePPM < 0 {
			return nil, fmt.Errorf("ledger: negative share for unit %d", s.UnitID)
		}
		sum += s.SharePPM
	}
	if sum != FullShare {
		return nil, fmt.Errorf("ledger: shares sum to %d millionths, not %d", sum, FullShare)
	}
	type part struct {
		unit      int64
		remainder int64
	}
	out := make(map[int64]int64, len(shares))
	parts := make([]part, 0, len(shares))
	var given int64
	for _, s := range shares {
		// total * share can overflow int64 only for totals beyond 9.2e12
		// pence (92 billion pounds); refuse those rather than wrap.
		if total > (1<<63-1)/FullShare {
			return nil, fmt.Errorf("ledger: total %d is too large to apportion", total)
		}
		exact := total * s.SharePPM
		out[s.UnitID] += exact / FullShare
		given += exact / FullShare
		parts = append(parts, part{s.UnitID, exact % FullShare})
	}
	sort.Slice(parts, func(i, j int) bool {
		if parts[i].remainder != parts[j].remainder {
			return parts[i].remainder > parts[j].remainder
		}
		return parts[i].unit < parts[j].unit
	})
	for i := int64(0); i < total-given; i++ {
		out[parts[i].unit]++
	}
	return out, nil
}
