package ledger

import (
	"math/rand/v2"
	"testing"
)

func TestApportionIsExactAndDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 500 {
		n := 1 + r.IntN(60)
		shares := make([]Share, n)
		left := int64(FullShare)
		for i := range shares {
			s := int64(0)
			if i == n-1 {
				s = left
			} else if left > 0 {
				s = r.Int64N(left/int64(n-i)*2 + 1)
				if s > left {
					s = left
				}
			}
			left -= s
			shares[i] = Share{UnitID: int64(i + 1), SharePPM: s}
		}
		total := 1 + r.Int64N(10_000_000_00)
		got, err := Apportion(total, shares)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		var sum int64
		for _, s := range shares {
			part := got[s.UnitID]
			sum += part
			// Each part is within a penny of its exact share.
			exact := float64(total) * float64(s.SharePPM) / FullShare
			if d := float64(part) - exact; d <= -1 || d >= 1 {
				t.Fatalf("trial %d: unit %d gets %d for exact %.4f", trial, s.UnitID, part, exact)
			}
		}
		if sum != total {
			t.Fatalf("trial %d: parts sum to %d, want %d", trial, sum, total)
		}
		again, _ := Apportion(total, shares)
		for k, v := range got {
			if again[k] != v {
				t.Fatalf("trial %d: not deterministic", trial)
			}
		}
	}
}

func TestApportionRefuses(t *testing.T) {
	if _, err := Apportion(100, []Share{{1, 500000}, {2, 400000}}); err == nil {
		t.Error("shares short of 100% accepted")
	}
	if _, err := Apportion(0, []Share{{1, FullShare}}); err == nil {
		t.Error("zero total accepted")
	}
	// Three equal thirds of 100p: 34, 33, 33 with the spare penny to the
	// lowest unit id.
	got, err := Apportion(100, []Share{{3, 333334}, {1, 333333}, {2, 333333}})
	if err != nil || got[3] != 34 || got[1] != 33 || got[2] != 33 {
		t.Errorf("thirds = %v, %v", got, err)
	}
}
