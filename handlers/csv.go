package handlers

import (
	"strconv"
	"strings"
)

// CSVPounds writes minor units as pounds with two decimals and no symbol or
// separators, the way spreadsheets read numbers: "-1234.50".
func CSVPounds(minor int64) string {
	sign := ""
	u := uint64(minor)
	if minor < 0 {
		sign = "-"
		u = uint64(-(minor + 1)) + 1
	}
	return sign + strconv.FormatUint(u/100, 10) + "." + strconv.FormatUint(u%100/10, 10) + strconv.FormatUint(u%10, 10)
}

// CSVPoundsOrBlank is CSVPounds, blank for zero.
func CSVPoundsOrBlank(minor int64) string {
	if minor == 0 {
		return ""
	}
	return CSVPounds(minor)
}

// CSVText keeps a text cell from being read as a formula by a spreadsheet.
func CSVText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
