package gocardless_test

import (
	"encoding/json"
	"testing"

	"porch/payments/gocardless"
)

func TestPayoutItemAmounts(t *testing.T) {
	cases := []struct {
		in     string
		tenths int64
		pence  int64
		bad    bool
	}{
		{in: "1000.0", tenths: 10000, pence: 1000},
		{in: "-143.4", tenths: -1434, pence: -143},
		{in: "-20.5", tenths: -205, pence: -21},
		{in: "20.5", tenths: 205, pence: 21},
		{in: "7", tenths: 70, pence: 7},
		{in: "12.50", tenths: 125, pence: 13},
		{in: "0.0", tenths: 0, pence: 0},
		{in: "1.25", bad: true},
		{in: "abc", bad: true},
		{in: "", bad: true},
	}
	for _, tc := range cases {
		it := gocardless.PayoutItem{Amount: tc.in}
		tenths, err := it.Tenths()
		if tc.bad {
			if err == nil {
				t.Errorf("%q: no error", tc.in)
			}
			continue
		}
		pence, err2 := it.Pence()
		if err != nil || err2 != nil || tenths != tc.tenths || pence != tc.pence {
			t.Errorf("%q: tenths %d pence %d (%v %v), want %d %d", tc.in, tenths, pence, err, err2, tc.tenths, tc.pence)
		}
	}
}

func TestMetadataLenient(t *testing.T) {
	var m gocardless.Metadata
	if err := json.Unmarshal([]byte(`{"a":"x","b":3,"c":null,"d":{"e":1}}`), &m); err != nil {
		t.Fatal(err)
	}
	if m["a"] != "x" || m["b"] != "3" || m["c"] != "" || m["d"] != `{"e":1}` {
		t.Fatalf("%v", m)
	}
	var empty gocardless.Metadata
	if err := json.Unmarshal([]byte(`null`), &empty); err != nil || empty != nil {
		t.Fatalf("%v %v", empty, err)
	}
}
