package plans_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"porch/errs"
	"porch/plans"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestSplitIsExactToThePenny(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		total int64
		n     int
		want  []int64
	}{
		{1000_00, 3, []int64{333_34, 333_33, 333_33}},
		{600_00, 6, []int64{100_00, 100_00, 100_00, 100_00, 100_00, 100_00}},
		{1_01, 2, []int64{51, 50}},
		{5, 5, []int64{1, 1, 1, 1, 1}},
	} {
		got := plans.Split(tc.total, tc.n)
		if len(got) != len(tc.want) {
			t.Fatalf("Split(%d, %d) = %v", tc.total, tc.n, got)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Split(%d, %d) = %v, want %v", tc.total, tc.n, got, tc.want)
				break
			}
		}
	}
	// Any total and count: the parts add up, the rest are equal, and no
	// part differs from another by a penny per instalment or more.
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		n := 2 + r.IntN(plans.MaxInstalments-1)
		total := int64(n) + r.Int64N(10_000_000_00)
		parts := plans.Split(total, n)
		var sum int64
		for i, p := range parts {
			sum += p
			if i > 0 && p != parts[1] {
				t.Fatalf("Split(%d, %d): instalment %d is %d, not %d", total, n, i+1, p, parts[1])
			}
		}
		if sum != total || parts[0]-parts[1] >= int64(n) || parts[0] < parts[1] {
			t.Fatalf("Split(%d, %d) = %v, sum %d", total, n, parts, sum)
		}
	}
}

func TestScheduleDates(t *testing.T) {
	t.Parallel()
	monthly, err := plans.Terms{Total: 700_00, Instalments: 4, Frequency: plans.Monthly, First: day(2027, 1, 31)}.Schedule()
	if err != nil {
		t.Fatal(err)
	}
	wantDays := []time.Time{day(2027, 1, 31), day(2027, 2, 28), day(2027, 3, 31), day(2027, 4, 30)}
	for i, in := range monthly {
		if !in.Due.Equal(wantDays[i]) || in.Number != i+1 || in.Amount != 175_00 {
			t.Errorf("monthly instalment %d: %+v, want due %s", i+1, in, wantDays[i].Format(time.DateOnly))
		}
	}
	leap, _ := plans.Terms{Total: 200_00, Instalments: 2, Frequency: plans.Monthly, First: day(2028, 1, 30)}.Schedule()
	if !leap[1].Due.Equal(day(2028, 2, 29)) {
		t.Errorf("30 January 2028 then %s, want 29 February", leap[1].Due.Format(time.DateOnly))
	}
	fortnightly, _ := plans.Terms{Total: 300_00, Instalments: 3, Frequency: plans.Fortnightly, First: day(2027, 12, 24)}.Schedule()
	if !fortnightly[2].Due.Equal(day(2028, 1, 21)) {
		t.Errorf("fortnightly from 24 December: %s", fortnightly[2].Due.Format(time.DateOnly))
	}
	weekly, _ := plans.Terms{Total: 300_00, Instalments: 3, Frequency: plans.Weekly, First: day(2027, 3, 1)}.Schedule()
	if !weekly[2].Due.Equal(day(2027, 3, 15)) {
		t.Errorf("weekly from 1 March: %s", weekly[2].Due.Format(time.DateOnly))
	}
}

func TestTermsRefused(t *testing.T) {
	t.Parallel()
	_, err := plans.Terms{Total: 0, Instalments: 1, Frequency: "yearly"}.Schedule()
	e, ok := errs.As(err)
	if !ok {
		t.Fatalf("no field messages: %v", err)
	}
	for _, field := range []string{"total", "instalments", "frequency", "first_date"} {
		if e.Fields[field] == "" {
			t.Errorf("no message for %s: %v", field, e.Fields)
		}
	}
	if _, err := (plans.Terms{Total: 3, Instalments: 4, Frequency: plans.Monthly, First: day(2027, 1, 1)}).Schedule(); err == nil {
		t.Error("four instalments of less than a penny were accepted")
	}
	if _, err := (plans.Terms{Total: 100_00, Instalments: 61, Frequency: plans.Monthly, First: day(2027, 1, 1)}).Schedule(); err == nil {
		t.Error("61 instalments were accepted")
	}
}
