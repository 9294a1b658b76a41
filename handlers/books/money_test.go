package books_test

import (
	"testing"
	"time"

	"porch/errs"
	"porch/handlers"
)

func TestParseMoney(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1,234.56", 123456, true},
		{"1234.5", 123450, true},
		{"1234", 123400, true},
		{"0.01", 1, true},
		{".5", 50, true},
		{"  12.30 ", 1230, true},
		{"£12", 1200, true},
		{"£ 1,000,000", 100000000, true},
		{"0", 0, true},
		{"007.10", 710, true},
		{"100,000,000", 100_000_000_00, true},
		{"100000000.00", 100_000_000_00, true},
		{"100000000.01", 0, false}, // over £100m
		{"1000000000", 0, false},
		{"99999999999999999999999", 0, false},
		{"-5", 0, false},
		{"-0.01", 0, false},
		{"−5", 0, false}, // a typographic minus
		{"£-5", 0, false},
		{"12.345", 0, false}, // fractions of a penny
		{"1.001", 0, false},
		{"", 0, false},
		{"   ", 0, false},
		{"abc", 0, false},
		{"12a", 0, false},
		{"1e3", 0, false},
		{"12.", 0, false},
		{".", 0, false},
		{"1.2.3", 0, false},
		{"12,34", 0, false}, // misplaced separator
		{",123", 0, false},
		{"1,2345", 0, false},
		{"1234,567", 0, false},
		{"1 234", 0, false},
		{"+5", 0, false},
		{"0x10", 0, false},
		{"NaN", 0, false},
		{"½", 0, false},
	}
	for _, tt := range tests {
		got, err := handlers.ParseMoney(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseMoney(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
			continue
		}
		if err != nil {
			de, ok := errs.As(err)
			if !ok || de.Code != errs.Invalid || de.Message == "" {
				t.Errorf("parseMoney(%q): error %v is not a field message", tt.in, err)
			}
		}
	}
}

func TestParseMoneyMessages(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"-5", "The amount cannot be negative."},
		{"12.345", "Give the amount to the nearest penny: at most 2 decimal places."},
		{"abc", "Enter the amount in pounds and pence, for example 1,234.56."},
		{"", "Enter an amount."},
		{"200000000", "That is more than £100,000,000. Check the amount."},
	}
	for _, tt := range tests {
		_, err := handlers.ParseMoney(tt.in)
		if de, _ := errs.As(err); de == nil || de.Message != tt.want {
			t.Errorf("parseMoney(%q): %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestFormatPoundsRoundTrips(t *testing.T) {
	t.Parallel()
	for _, p := range []int64{0, 1, 10, 99, 100, 123456, 100_000_000_00} {
		back, err := handlers.ParseMoney(handlers.FormatPounds(p))
		if err != nil || back != p {
			t.Errorf("%d -> %q -> %d, %v", p, handlers.FormatPounds(p), back, err)
		}
	}
}

func TestParseFormDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		msg  string
	}{
		{"2026-03-31", time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), ""},
		{" 2000-01-01 ", time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), ""},
		{"2099-12-31", time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC), ""},
		{"", time.Time{}, "Enter the date."},
		{"1999-12-31", time.Time{}, "Enter a date between 2000 and 2099."},
		{"2100-01-01", time.Time{}, "Enter a date between 2000 and 2099."},
		{"2026-02-30", time.Time{}, "Enter a real date as year, month and day, for example 2026-03-31."},
		{"31/03/2026", time.Time{}, "Enter a real date as year, month and day, for example 2026-03-31."},
		{"tomorrow", time.Time{}, "Enter a real date as year, month and day, for example 2026-03-31."},
	}
	for _, tt := range tests {
		got, msg := handlers.ParseFormDate(tt.in)
		if !got.Equal(tt.want) || msg != tt.msg {
			t.Errorf("parseFormDate(%q) = %v, %q; want %v, %q", tt.in, got, msg, tt.want, tt.msg)
		}
	}
}
