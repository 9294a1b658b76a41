package bankstmt

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The fuzz targets run their seed corpus (every file in testdata plus a
// few awkward inputs) in a normal go test. To search further:
//
//	go test -run XXX -fuzz FuzzParseCSV -fuzztime 1m ./payments/bankstmt/
//	go test -run XXX -fuzz FuzzParseOFX -fuzztime 1m ./payments/bankstmt/
//	go test -run XXX -fuzz FuzzParseAmount -fuzztime 30s ./payments/bankstmt/

func addTestdata(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// checkFingerprinted asserts what the app relies on: every line has a
// fingerprint, none repeats within one file, and dates are UTC midnight.
func checkFingerprinted(t *testing.T, lines []Line) {
	seen := map[string]bool{}
	for _, l := range lines {
		if l.Fingerprint == "" || seen[l.Fingerprint] {
			t.Fatalf("fingerprint %q empty or repeated", l.Fingerprint)
		}
		seen[l.Fingerprint] = true
		if l.Date.Location().String() != "UTC" || l.Date.Hour() != 0 || l.Date.Minute() != 0 {
			t.Fatalf("date %v is not UTC midnight", l.Date)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	addTestdata(f)
	for _, s := range []string{
		"", "\xef\xbb\xbf", "\xff\xfe", "a,b\n\"", "\"\"\"\n,,,\n", "Date,Amount\n02/01/2024,(£1,234.56) CR\n",
		"Date;Amount\n2024-01-02;-\n", "\n\n\n,\n", "Date\tAmount\n\t\n", "x,y\n1,2,3,4,5,6,7,8\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if p, err := Sniff(bytes.NewReader(data)); err == nil {
			for _, row := range p.Rows {
				if len(row) != len(p.Headers) {
					t.Fatalf("preview row of %d cells under %d headers", len(row), len(p.Headers))
				}
			}
			if p.Mapping.Validate() == nil {
				lines, _, err := ParseCSV(bytes.NewReader(data), p.Mapping)
				if err == nil {
					checkFingerprinted(t, lines)
				}
			}
		}
		for _, m := range []Mapping{
			{HasHeader: true, Date: 1, Description: 2, Amount: 3, Balance: 4},
			{Delimiter: ';', SkipRows: 1, Date: 2, Credit: 3, Debit: 4, DateFormat: "02 Jan 2006"},
		} {
			lines, _, err := ParseCSV(bytes.NewReader(data), m)
			if err == nil {
				checkFingerprinted(t, lines)
			}
		}
	})
}

func FuzzParseOFX(f *testing.F) {
	addTestdata(f)
	for _, s := range []string{
		"<OFX>", "<OFX><STMTRS>", "<OFX></OFX></OFX>", "<OFX><STMTRS><STMTTRN><TRNAMT>1<DTPOSTED>20240102</STMTRS>",
		"<OFX><!--", "<OFX><![CDATA[", "<OFX><STMTRS><STMTTRN/><STMTTRN><STMTTRN>", "<OFX <", "<ofx>\x00<",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		stmts, err := ParseOFX(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(stmts) == 0 {
			t.Fatal("no statements and no error")
		}
		for _, st := range stmts {
			checkFingerprinted(t, st.Lines)
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1,234.56", "(12.00)", "£12.00 CR", "-£0.01", "12.00-", ".5", "GBP1", "9999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseAmount(s)
		if err != nil {
			return
		}
		// Whatever was accepted reads back the same from plain notation.
		neg := v < 0
		u := v
		if neg {
			u = -u
		}
		plain := strconv.FormatInt(u/100, 10) + "." + strconv.FormatInt(u%100/10, 10) + strconv.FormatInt(u%10, 10)
		if neg {
			plain = "-" + plain
		}
		if back, err := ParseAmount(plain); err != nil || back != v {
			t.Fatalf("ParseAmount(%q) = %d, but %q reads as %d, %v", s, v, plain, back, err)
		}
	})
}
