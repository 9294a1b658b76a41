package bankstmt

import (
	"strings"
	"testing"
	"time"
)

func TestParseAmount(t *testing.T) {
	ok := []struct {
		in   string
		want int64
	}{
		{"12.00", 1200},
		{"12", 1200},
		{"12.5", 1250},
		{".50", 50},
		{"0.01", 1},
		{"-0.00", 0},
		{"1,234.56", 123456},
		{"1,234,567.89", 123456789},
		{"-12.00", -1200},
		{"+12.00", 1200},
		{"12.00-", -1200},
		{"\u221212.00", -1200},
		{"(12.00)", -1200},
		{"(£1,234.56)", -123456},
		{"£12.00", 1200},
		{"-£12.00", -1200},
		{"£-12.00", -1200},
		{"£ 12.00", 1200},
		{"GBP 12.00", 1200},
		{"12.00 GBP", 1200},
		{"12.00 CR", 1200},
		{"12.00CR", 1200},
		{"12.00 cr", 1200},
		{"12.00 DR", -1200},
		{"£1,234.56 DR", -123456},
		{"12.300", 1230},
		{"  7.99\u00a0", 799},
		{"'125.00", 12500},
		{`="125.00"`, 12500},
		{"0012.34", 1234},
		{"999999999999999.99", 99999999999999999},
	}
	for _, c := range ok {
		got, err := ParseAmount(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}

	bad := []struct{ in, msg string }{
		{"abc", "the amount 'abc' is not a number"},
		{"", "the amount is empty"},
		{"   ", "the amount is empty"},
		{"12.345", "the amount '12.345' has more than two decimal places"},
		{"12,50", "the amount '12,50' is not a number"},
		{"1,23.00", "is not a number"},
		{"1234,567.00", "is not a number"},
		{",123.00", "is not a number"},
		{"1.2.3", "is not a number"},
		{"--12", "has more than one sign"},
		{"-(12.00)", "has more than one sign"},
		{"-12.00 DR", "has both a sign and DR"},
		{"(12.00) CR", "has both a sign and CR"},
		{"12.00 CR DR", "is not a number"},
		{"$12.00", "is not a number"},
		{"€12.00", "is not a number"},
		{"12 00", "is not a number"},
		{"(12.00", "is not a number"},
		{".", "is not a number"},
		{"-", "is not a number"},
		{"CR", "is not a number"},
		{"1e3", "is not a number"},
		{"NaN", "is not a number"},
		{"1234567890123456.00", "is too large"},
		{"١٢٣", "is not a number"},
	}
	for _, c := range bad {
		_, err := ParseAmount(c.in)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("ParseAmount(%q) error = %v; want it to say %q", c.in, err, c.msg)
		}
	}
}

func TestParseDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	ok := []struct {
		in, layout string
		want       time.Time
	}{
		{"02/01/2024", "02/01/2006", day(2024, 1, 2)},
		{"2/1/2024", "02/01/2006", day(2024, 1, 2)},
		{"31/12/2023", "02/01/2006", day(2023, 12, 31)},
		{"02/01/2024 00:00:00", "02/01/2006", day(2024, 1, 2)},
		{"02/01/2024 9:05 am", "02/01/2006", day(2024, 1, 2)},
		{"02/01/24", "02/01/06", day(2024, 1, 2)},
		{"2024-01-02", "2006-01-02", day(2024, 1, 2)},
		{"2024-1-2", "2006-01-02", day(2024, 1, 2)},
		{"2024-01-02T23:30:00+01:00", "2006-01-02", day(2024, 1, 2)},
		{"2024-07-01T00:30:00Z", "2006-01-02", day(2024, 7, 1)},
		{"02-01-2024", "02-01-2006", day(2024, 1, 2)},
		{"02.01.2024", "02.01.2006", day(2024, 1, 2)},
		{"02 Jan 2024", "02 Jan 2006", day(2024, 1, 2)},
		{"2 Jan 2024", "02 Jan 2006", day(2024, 1, 2)},
		{"2 JAN 2024", "2 Jan 2006", day(2024, 1, 2)},
		{"02 January 2024", "02 Jan 2006", day(2024, 1, 2)},
		{"02-Jan-2024", "02-Jan-2006", day(2024, 1, 2)},
		{"02-Jan-24", "02-Jan-06", day(2024, 1, 2)},
		{"2 January 2024", "02 January 2006", day(2024, 1, 2)},
		{"2024/01/02", "2006/01/02", day(2024, 1, 2)},
		{"20240102", "20060102", day(2024, 1, 2)},
		{"01/02/2024", "01/02/2006", day(2024, 1, 2)},
		{"'02/01/2024", "02/01/2006", day(2024, 1, 2)},
		{"29/02/2024", "02/01/2006", day(2024, 2, 29)},
	}
	for _, c := range ok {
		got, err := ParseDate(c.in, c.layout)
		if err != nil || !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q, %q) = %v, %v; want %v", c.in, c.layout, got, err, c.want)
		}
	}
	bad := []struct{ in, layout, msg string }{
		{"", "02/01/2006", "the date is empty"},
		{"31/02/2024", "02/01/2006", "does not match dd/mm/yyyy"},
		{"29/02/2023", "02/01/2006", "does not match dd/mm/yyyy"},
		{"13/13/2024", "02/01/2006", "does not match"},
		{"2024-01-02", "02/01/2006", "does not match dd/mm/yyyy"},
		{"02/01/24", "02/01/2006", "does not match"},
		{"yesterday", "02 Jan 2006", "the date 'yesterday' does not match dd Mon yyyy"},
		{"02/01/1850", "02/01/2006", "is not a plausible date"},
	}
	for _, c := range bad {
		_, err := ParseDate(c.in, c.layout)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("ParseDate(%q, %q) error = %v; want it to say %q", c.in, c.layout, err, c.msg)
		}
	}
}

func TestGuessDateFormat(t *testing.T) {
	cases := []struct {
		samples []string
		want    string
	}{
		{[]string{"02/01/2024", "13/01/2024"}, "02/01/2006"},
		{[]string{"01/02/2024", "01/13/2024"}, "01/02/2006"}, // only US fits
		{[]string{"02/01/24", "31/01/24"}, "02/01/06"},
		{[]string{"2024-01-02", "", "2024-01-31"}, "2006-01-02"},
		{[]string{"02 Jan 2024", "3 Feb 2024"}, "02 Jan 2006"},
		{[]string{"02-Jan-24"}, "02-Jan-06"},
	}
	for _, c := range cases {
		got, ok := guessDateFormat(c.samples)
		if !ok || got != c.want {
			t.Errorf("guessDateFormat(%q) = %q, %v; want %q", c.samples, got, ok, c.want)
		}
	}
	if _, ok := guessDateFormat([]string{"abc", ""}); ok {
		t.Error("guessDateFormat read dates from text")
	}
}
