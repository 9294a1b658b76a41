package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// ownerDoc is a landlord's May: rent in, a fee and a repair deducted, a
// float set aside and the rest paid out; n more months of rent stretch it.
func ownerDoc(n int) OwnerDoc {
	s := OwnerDoc{
		Brand: brand(), Currency: "GBP",
		Owner:      Party{Name: "Lena Landlord", AddressLines: []string{"4 Orchard Close", "Bath BA1 2QT"}},
		Properties: []string{"12 Albion Road", "Flat 3, 8 Mill Lane"},
		From:       day("2026-05-01"), To: day("2026-05-31"), Generated: day("2026-06-02"),
		Opening: 10000,
	}
	bal := s.Opening
	add := func(l OwnerLine) {
		bal += l.In - l.Out
		l.Balance = bal
		s.Lines = append(s.Lines, l)
	}
	add(OwnerLine{Date: day("2026-05-01"), Property: "12 Albion Road", Description: "Rent, May", In: 150000})
	add(OwnerLine{Date: day("2026-05-03"), Property: "12 Albion Road", Description: "Fee: Management fee, 10% + VAT", Out: 18000})
	add(OwnerLine{Date: day("2026-05-12"), Property: "12 Albion Road", Description: "Boiler repair, Northside Heating Ltd", Out: 38500})
	add(OwnerLine{Date: day("2026-05-12"), Property: "12 Albion Road", Description: "Float set to £250.00"})
	add(OwnerLine{Date: day("2026-05-28"), Description: "Paid to Lena Landlord", Out: 68500})
	for i := range n {
		add(OwnerLine{Date: day("2026-05-29"), Property: "Flat 3, 8 Mill Lane", Description: fmt.Sprintf("Rent %d", i), In: 100})
	}
	s.Income, s.Fees, s.Expenses, s.Payouts = 150000+int64(n)*100, 18000, 38500, 68500
	s.Closing, s.Float = bal, 25000
	s.Due = s.Closing - s.Float
	return s
}

func TestOwnerStatement(t *testing.T) {
	s := ownerDoc(0)
	s.RentUnpaid = 50000
	text := squash(pdftotext(t, render(t, func(b *bytes.Buffer) error { return OwnerStatement(b, s) })))
	for _, w := range []string{
		"Harbourside Property Management", "Harbourside Property Management Ltd", "2 Anchor Road, Bristol, BS1 5TT",
		"Telephone 0117 496 0000", "accounts@harbourside.example", "Page 1 of 1",
		"Landlord statement", "1 May 2026 to 31 May 2026",
		"Statement for", "Lena Landlord", "4 Orchard Close", "Bath BA1 2QT",
		"Properties 12 Albion Road; Flat 3, 8 Mill Lane", "From 1 May 2026", "To 31 May 2026", "Produced 2 June 2026",
		"Due to you £100.00", "after £250.00 kept back", "£500.00 of rent has not been received from",
		"Opening balance £100.00", "Rent £1,500.00", "Expenses -£385.00", "Agent fees -£180.00", "Paid to you -£685.00",
		"Closing balance £350.00", "Float kept back -£250.00", "Due to you £100.00",
		"Date Property Description In Out Balance",
		"1 May 2026 Opening balance £100.00",
		"1 May 2026 12 Albion Road Rent, May £1,500.00 £1,600.00",
		"12 May 2026 12 Albion Road Boiler repair, Northside Heating £385.00 £1,035.00",
		"Float set to £250.00",
		"28 May 2026 Paid to Lena Landlord £685.00 £350.00",
		"31 May 2026 Closing balance £1,500.00 £1,250.00 £350.00",
		"Questions? Call 0117 496 0000 or email accounts@harbourside.example.",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
	if strings.Contains(text, "Other") {
		t.Error("an Other row without anything in it")
	}
	if low := strings.ToLower(text); strings.Contains(low, "sort code") || strings.Contains(low, "account number") {
		t.Error("bank details printed")
	}
}

func TestOwnerStatementHeadline(t *testing.T) {
	for _, tt := range []struct {
		due  int64
		want string
	}{
		{123456, "Due to you £1,234.56"},
		{0, "Nothing is due to you"},
		{-2500, "You owe £25.00"},
	} {
		s := ownerDoc(0)
		s.Due, s.Float, s.Other = tt.due, 0, 1234
		s.From = time.Time{}
		s.Properties = s.Properties[:1]
		text := squash(pdftotext(t, render(t, func(b *bytes.Buffer) error { return OwnerStatement(b, s) })))
		for _, w := range []string{tt.want, "Up to 31 May 2026", "From Start of account", "Property 12 Albion Road", "Other £12.34"} {
			if !strings.Contains(text, w) {
				t.Errorf("due %d: missing %q in:\n%s", tt.due, w, text)
			}
		}
		if strings.Contains(text, "kept back as float") {
			t.Errorf("due %d: float sentence without a float", tt.due)
		}
	}
}

func TestOwnerStatementPaginates(t *testing.T) {
	doc := render(t, func(b *bytes.Buffer) error { return OwnerStatement(b, ownerDoc(120)) })
	all := squash(pdftotext(t, doc))
	pages := strings.Count(all, "Page ")
	if pages < 3 {
		t.Fatalf("125 lines on %d pages", pages)
	}
	for i := range 120 {
		if n := strings.Count(all, fmt.Sprintf("Rent %d ", i)); n != 1 {
			t.Errorf("Rent %d appears %d times", i, n)
		}
	}
	p2 := squash(pdftotext(t, doc, "-f", "2", "-l", "2"))
	for _, w := range []string{"Harbourside Property Management", "Landlord statement", "Date Property Description In Out Balance",
		fmt.Sprintf("Page 2 of %d", pages)} {
		if !strings.Contains(p2, w) {
			t.Errorf("page 2 missing %q:\n%s", w, p2)
		}
	}
}
