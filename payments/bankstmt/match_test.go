package bankstmt

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

func ln(d int, amount int64, desc string) Line {
	return Line{Date: day(2024, 1, d), Amount: amount, Description: desc}
}

func cand(kind Kind, id int64, d int, amount int64, refs ...string) Candidate {
	return Candidate{Kind: kind, ID: id, Date: day(2024, 1, d), Amount: amount, References: refs}
}

// describe renders a result compactly: "0=c1(ref,+0) 2=c0(-3) | 1[c2?]".
func describe(r Result) string {
	var b strings.Builder
	for _, p := range r.Pairs {
		how := ""
		if p.ByReference {
			how = "ref,"
		}
		fmt.Fprintf(&b, "%d=c%d(%s%+d) ", p.Line, p.Candidate, how, p.Days)
	}
	b.WriteString("|")
	for _, u := range r.Unmatched {
		fmt.Fprintf(&b, " %d[", u.Line)
		for i, s := range u.Suggestions {
			if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "c%d", s)
		}
		if u.Ambiguous {
			b.WriteString("?")
		}
		b.WriteString("]")
	}
	return b.String()
}

func TestMatch(t *testing.T) {
	cases := []struct {
		name  string
		lines []Line
		cands []Candidate
		opts  Options
		want  string
	}{
		{
			name:  "exact amount and date",
			lines: []Line{ln(2, 12500, "J SMITH"), ln(3, -45000, "ACME LIFTS")},
			cands: []Candidate{cand(KindSupplierPayment, 9, 3, -45000), cand(KindReceipt, 7, 2, 12500)},
			want:  "0=c1(+0) 1=c0(+0) |",
		},
		{
			name:  "amount must be exact and the sign matters",
			lines: []Line{ln(2, 12500, "J SMITH"), ln(2, -12500, "REFUND")},
			cands: []Candidate{cand(KindReceipt, 1, 2, 12501), cand(KindReceipt, 2, 2, 12499)},
			want:  "| 0[] 1[]",
		},
		{
			name:  "within the default window of five days",
			lines: []Line{ln(10, 100, "A"), ln(10, 200, "B"), ln(10, 300, "C")},
			cands: []Candidate{cand(KindReceipt, 1, 5, 100), cand(KindReceipt, 2, 15, 200), cand(KindReceipt, 3, 4, 300)},
			want:  "0=c0(+5) 1=c1(-5) | 2[]",
		},
		{
			name:  "a narrower window",
			lines: []Line{ln(10, 100, "A"), ln(10, 200, "B")},
			cands: []Candidate{cand(KindReceipt, 1, 8, 100), cand(KindReceipt, 2, 9, 200)},
			opts:  Options{DateWindow: 1},
			want:  "1=c1(+1) | 0[]",
		},
		{
			name:  "same day only",
			lines: []Line{ln(10, 100, "A"), ln(10, 200, "B")},
			cands: []Candidate{cand(KindReceipt, 1, 9, 100), cand(KindReceipt, 2, 10, 200)},
			opts:  Options{DateWindow: -1},
			want:  "1=c1(+0) | 0[]",
		},
		{
			name:  "nearest date wins",
			lines: []Line{ln(10, 100, "A")},
			cands: []Candidate{cand(KindReceipt, 1, 7, 100), cand(KindReceipt, 2, 9, 100), cand(KindReceipt, 3, 14, 100)},
			want:  "0=c1(+1) |",
		},
		{
			name:  "a reference beats a nearer date",
			lines: []Line{ln(10, 12500, "A PATEL INV 000123")},
			cands: []Candidate{cand(KindReceipt, 1, 10, 12500, "INV-000122", "Flat 2"), cand(KindReceipt, 2, 6, 12500, "INV-000123", "Flat 5")},
			want:  "0=c1(ref,+4) |",
		},
		{
			name: "references decide between two lines and two receipts of the same amount on the same day",
			lines: []Line{
				{Date: day(2024, 1, 2), Amount: 12500, Description: "J SMITH", Reference: "FLAT3 SC"},
				{Date: day(2024, 1, 2), Amount: 12500, Description: "A PATEL", Reference: "123"},
			},
			cands: []Candidate{cand(KindReceipt, 1, 2, 12500, "INV-000123", "Flat 7"), cand(KindReceipt, 2, 2, 12500, "INV-000124", "Flat 3")},
			want:  "0=c1(ref,+0) 1=c0(ref,+0) |",
		},
		{
			name:  "provider payout id",
			lines: []Line{ln(4, 123456, "GOCARDLESS , PO0000A1B2C3D4 , FP 04/01/24"), ln(5, 245000, "STRIPE PAYMENTS UK po_1OaBcDeFgH")},
			cands: []Candidate{cand(KindPayout, 2, 5, 245000, "po_1OaBcDeFgH"), cand(KindPayout, 1, 2, 123456, "PO0000A1B2C3D4")},
			want:  "0=c1(ref,+2) 1=c0(ref,+0) |",
		},
		{
			name:  "ambiguous: two candidates equally good for one line",
			lines: []Line{ln(10, 100, "A"), ln(10, 200, "B")},
			cands: []Candidate{cand(KindReceipt, 1, 9, 100), cand(KindReceipt, 2, 11, 100), cand(KindReceipt, 3, 10, 200)},
			want:  "1=c2(+0) | 0[c0 c1?]",
		},
		{
			name:  "ambiguous: two identical lines for one candidate",
			lines: []Line{ln(10, 100, "A"), ln(10, 100, "A")},
			cands: []Candidate{cand(KindReceipt, 1, 10, 100)},
			want:  "| 0[c0?] 1[c0?]",
		},
		{
			name:  "a tie is not broken by a worse option",
			lines: []Line{ln(10, 100, "A"), ln(10, 100, "B")},
			cands: []Candidate{cand(KindReceipt, 1, 10, 100), cand(KindReceipt, 2, 13, 100)},
			want:  "| 0[c0 c1?] 1[c0 c1?]",
		},
		{
			name:  "ambiguous references",
			lines: []Line{ln(10, 100, "FLAT 3 AND FLAT 4")},
			cands: []Candidate{cand(KindReceipt, 1, 10, 100, "Flat 3"), cand(KindReceipt, 2, 10, 100, "Flat 4")},
			want:  "| 0[c0 c1?]",
		},
		{
			name:  "already used: the better line takes the candidate, the other is left",
			lines: []Line{ln(12, 100, "LATER"), ln(10, 100, "EXACT")},
			cands: []Candidate{cand(KindReceipt, 1, 10, 100)},
			want:  "1=c0(+0) | 0[]",
		},
		{
			name:  "already used: each candidate once, the next nearest goes to the next line",
			lines: []Line{ln(10, 100, "A"), ln(14, 100, "B")},
			cands: []Candidate{cand(KindReceipt, 1, 10, 100), cand(KindReceipt, 2, 15, 100)},
			want:  "0=c0(+0) 1=c1(-1) |",
		},
		{
			name:  "zero amounts never match",
			lines: []Line{ln(10, 0, "INFO")},
			cands: []Candidate{cand(KindReceipt, 1, 10, 0)},
			want:  "| 0[]",
		},
		{
			name:  "kinds share a pool: a receipt and a payout of the same amount",
			lines: []Line{ln(10, 5000, "STRIPE PAYOUT")},
			cands: []Candidate{cand(KindReceipt, 1, 9, 5000), cand(KindPayout, 1, 10, 5000)},
			want:  "0=c1(+0) |",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := describe(Match(c.lines, c.cands, c.opts))
			if strings.TrimSpace(got) != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestReferenceTokens(t *testing.T) {
	cases := []struct {
		ref, text string
		want      bool
	}{
		{"INV-000123", "INV-000123", true},
		{"INV-000123", "inv000123", true},
		{"INV-000123", "INV 123", true},
		{"INV-000123", "INV123 FLAT 3", true},
		{"INV-000123", "PAYMENT 000123", true},
		{"INV-000123", "REF 123", true},
		{"INV-000123", "INV1234", false},
		{"INV-000123", "SC123", false}, // another prefix
		{"INV-000123", "12300", false},
		{"123", "INV-000123", true},
		{"INV-000007", "FLAT 7", false}, // too short without the prefix
		{"INV-000007", "INV7", true},
		{"INV-000007", "007", true},
		{"Flat 3", "FLAT3 SC", true},
		{"Flat 3", "J SMITH FLAT 3", true},
		{"Flat 3", "FLAT 03", true},
		{"Flat 3", "FLAT 33", false},
		{"Flat 3", "FLAT 3A", false},
		{"Flat 3", "FLATTERY 3", false},
		{"SMITH-F3", "J SMITH F3", true},
		{"SMITH", "SMITHSON", false},
		{"PO0000A1B2C3D4", "GOCARDLESS PO0000A1B2C3D4", true},
		{"po_1OaBcDeFgH", "STRIPE PO 1OABCDEFGH", true},
		{"AB", "AB", false}, // too short to count
		{"", "ANYTHING", false},
	}
	for _, c := range cases {
		p, ok := newRefPattern(c.ref)
		got := ok && p.hits(lineTokens(Line{Description: c.text}))
		if got != c.want {
			t.Errorf("reference %q in %q = %v, want %v", c.ref, c.text, got, c.want)
		}
	}
}

// TestMatchInvariants checks, on random input, that Match never pairs a
// line or candidate twice, only pairs exact amounts within the window,
// accounts for every line, and is deterministic.
func TestMatchInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := range 300 {
		var lines []Line
		var cands []Candidate
		for range r.IntN(30) {
			lines = append(lines, Line{Date: day(2024, 1, 1+r.IntN(28)), Amount: int64(1+r.IntN(5)) * 100, Description: fmt.Sprintf("FLAT %d INV%d", r.IntN(4), 100+r.IntN(4))})
		}
		for i := range r.IntN(30) {
			cands = append(cands, Candidate{Kind: KindReceipt, ID: int64(i), Date: day(2024, 1, 1+r.IntN(28)), Amount: int64(1+r.IntN(5)) * 100, References: []string{fmt.Sprintf("INV-%06d", 100+r.IntN(4))}})
		}
		opts := Options{DateWindow: r.IntN(8)}
		res := Match(lines, cands, opts)
		window := opts.DateWindow
		if window == 0 {
			window = DefaultDateWindow
		}
		usedL, usedC := map[int]bool{}, map[int]bool{}
		for _, p := range res.Pairs {
			if usedL[p.Line] || usedC[p.Candidate] {
				t.Fatalf("trial %d: reused in %+v", trial, p)
			}
			usedL[p.Line], usedC[p.Candidate] = true, true
			l, c := lines[p.Line], cands[p.Candidate]
			if l.Amount != c.Amount || abs(p.Days) > window || p.Days != int(l.Date.Sub(c.Date)/(24*time.Hour)) {
				t.Fatalf("trial %d: bad pair %+v", trial, p)
			}
		}
		for _, u := range res.Unmatched {
			if usedL[u.Line] {
				t.Fatalf("trial %d: line %d both matched and unmatched", trial, u.Line)
			}
			usedL[u.Line] = true
			for _, s := range u.Suggestions {
				if usedC[s] || cands[s].Amount != lines[u.Line].Amount {
					t.Fatalf("trial %d: bad suggestion %d for line %d", trial, s, u.Line)
				}
			}
		}
		if len(usedL) != len(lines) {
			t.Fatalf("trial %d: %d of %d lines accounted for", trial, len(usedL), len(lines))
		}
		if again := Match(lines, cands, opts); !reflect.DeepEqual(again, res) {
			t.Fatalf("trial %d: not deterministic", trial)
		}
	}
}
