package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"sync"
	"testing"
	"time"

	"porch/internal/pdftext"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// logoPNG is a small two-colour mark, wide like most logos.
func logoPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 240, 80))
	for y := 0; y < 80; y++ {
		for x := 0; x < 240; x++ {
			c := color.NRGBA{0x0b, 0x5c, 0x4a, 0xff}
			if (x/20+y/20)%2 == 0 {
				c = color.NRGBA{0xf2, 0xb1, 0x34, 0x80}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func brand() Brand {
	return Brand{
		Name:         "Harbourside Property Management",
		LegalName:    "Harbourside Property Management Ltd",
		AddressLines: []string{"2 Anchor Road", "Bristol", "BS1 5TT"},
		Phone:        "0117 496 0000",
		Email:        "accounts@harbourside.example",
		Colour:       "#0b5c4a",
		PortalURL:    "https://harbourside.example.com",
	}
}

var payee = Party{Name: "Zoë Ó Briain", AddressLines: []string{"Flat 12, Harbour View", "1 Quayside Walk", "Bristol BS1 4RN"}}

const unit = "Flat 12, Harbour View, 1 Quayside Walk, Bristol BS1 4RN"

func invoiceDoc() InvoiceDoc {
	return InvoiceDoc{
		Brand: brand(), Currency: "GBP",
		Number: 1042, IssueDate: day("2026-03-05"), DueDate: day("2026-04-01"), Status: "part-paid",
		Unit: unit, Payee: payee,
		Lines: []InvoiceLine{
			{ChargeType: "Service charge", Description: "Service charge — quarter to 24 June 2026: cleaning, lift maintenance, communal electricity and buildings insurance", Amount: 123456},
			{ChargeType: "Reserve fund", Description: "Contribution to the major works reserve", Amount: 25000},
			{ChargeType: "Ground rent", Description: "Ground rent, half year", Amount: 12500},
		},
		Total: 160956, Paid: 50000, Outstanding: 110956,
	}
}

func statementDoc(n int) StatementDoc {
	s := StatementDoc{
		Brand: brand(), Currency: "GBP", Unit: unit, Payee: payee,
		From: day("2025-01-01"), To: day("2025-12-31"), Generated: day("2026-03-05"),
		Opening: 20000,
	}
	bal := s.Opening
	for i := range n {
		l := StatementLine{Date: day("2025-01-01").AddDate(0, 0, i*2)}
		if i%2 == 0 {
			l.Description, l.Reference, l.Debit = fmt.Sprintf("Service charge demand %d", i), fmt.Sprintf("INV-%d", 1000+i), 31250
			s.Demanded += l.Debit
		} else {
			l.Description, l.Reference, l.Credit = "Payment received, thank you", fmt.Sprintf("BACS %d", i), 30000
			s.Paid += l.Credit
		}
		bal += l.Debit - l.Credit
		l.Balance = bal
		s.Lines = append(s.Lines, l)
	}
	s.Closing = bal
	s.ByCharge = []ChargeTotal{{"Ground rent", 0, 0, 0}, {"Service charge", s.Demanded, 0, s.Paid}}
	return s
}

func receiptDoc() ReceiptDoc {
	return ReceiptDoc{
		Brand: brand(), Currency: "GBP", Reference: "R-000318", Unit: unit, Payee: payee,
		Date: day("2026-03-05"), Amount: 200000, Method: "Bank transfer", PayerReference: "OBRIAIN FLAT12",
		Allocations: []Allocation{{InvoiceNumber: 1042, Amount: 110956}, {InvoiceNumber: 1043, Amount: 45000}},
		Unallocated: 44044,
	}
}

// pdftotext reads a PDF's text with the columns of a row kept together,
// page range optional ("-f", "2", "-l", "2").
func pdftotext(t testing.TB, doc []byte, args ...string) string {
	t.Helper()
	return pdftext.Read(t, doc, append([]string{"-layout"}, args...)...)
}

// squash joins runs of spaces so that phrases can be found in -layout
// output, where columns are padded.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func render(t testing.TB, fn func(*bytes.Buffer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := fn(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:min(20, buf.Len())])
	}
	return buf.Bytes()
}

func TestDocuments(t *testing.T) {
	common := []string{
		"Harbourside Property Management", "Harbourside Property Management Ltd",
		"Zoë Ó Briain", "1 Quayside Walk", "Bristol BS1 4RN", "Flat 12, Harbour View",
		"2 Anchor Road, Bristol, BS1 5TT", "Telephone 0117 496 0000", "accounts@harbourside.example",
		"Page 1 of 1",
	}
	tests := []struct {
		name string
		doc  func(*bytes.Buffer) error
		want []string
	}{
		{"invoice", func(b *bytes.Buffer) error { return Invoice(b, invoiceDoc()) }, []string{
			"Invoice", "Invoice number 1042", "Issue date 5 March 2026", "Due date 1 April 2026", "Part paid",
			"Service charge — quarter to 24 June 2026", "£1,234.56", "£250.00", "£125.00",
			"Total £1,609.56", "Paid £500.00", "Outstanding £1,109.56",
			"Please pay £1,109.56 by 1 April 2026", "Quote invoice number 1042",
			"Pay online at https://harbourside.example.com",
		}},
		{"statement", func(b *bytes.Buffer) error { return Statement(b, statementDoc(6)) }, []string{
			"Statement", "1 January 2025 to 31 December 2025", "From 1 January 2025", "To 31 December 2025", "Produced 5 March 2026",
			"You owe £237.50", "Opening balance £200.00", "Demanded £937.50", "Paid and credited £900.00", "Closing balance £237.50",
			"Date Description Reference Debit Credit Balance",
			"1 January 2025 Opening balance £200.00",
			"1 January 2025 Service charge demand 0 INV-1000 £312.50 £512.50",
			"3 January 2025 Payment received, thank you BACS 1 £300.00 £212.50",
			"31 December 2025 Closing balance £937.50 £900.00 £237.50",
			"By charge type", "Charge type Demanded Credited Paid Net", "Opening balance £200.00 Ground rent £0.00 Service charge £937.50 £900.00 £37.50 Closing balance £237.50",
			"Pay online at https://harbourside.example.com",
		}},
		{"receipt", func(b *bytes.Buffer) error { return Receipt(b, receiptDoc()) }, []string{
			"Receipt", "R-000318", "Date received 5 March 2026", "Paid by Bank transfer", "Your reference OBRIAIN FLAT12",
			"Thank you: we received £2,000.00", "Paid by bank transfer on 5 March 2026.", "Invoice 1042 £1,109.56", "Invoice 1043 £450.00",
			"Held as credit on your account for future charges £440.44", "Total received £2,000.00",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := squash(pdftotext(t, render(t, tt.doc)))
			for _, w := range append(tt.want, common...) {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in:\n%s", w, text)
				}
			}
			if strings.Contains(strings.ToLower(text), "sort code") || strings.Contains(strings.ToLower(text), "account number") {
				t.Error("bank details printed")
			}
		})
	}
}

func TestStatementPaginates(t *testing.T) {
	s := statementDoc(150)
	doc := render(t, func(b *bytes.Buffer) error { return Statement(b, s) })
	all := squash(pdftotext(t, doc))
	for _, w := range []string{"Page 1 of", "Closing balance", "By charge type", "Service charge demand 148", "Payment received, thank you BACS 149"} {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q", w)
		}
	}
	pages := strings.Count(all, "Page ")
	if pages < 3 {
		t.Fatalf("150 lines on %d pages", pages)
	}
	if !strings.Contains(all, fmt.Sprintf("Page 1 of %d", pages)) {
		t.Errorf("want Page 1 of %d", pages)
	}
	p2 := squash(pdftotext(t, doc, "-f", "2", "-l", "2"))
	for _, w := range []string{
		"Harbourside Property Management", "Statement",
		"Date Description Reference Debit Credit Balance", // the table header, repeated
		fmt.Sprintf("Page 2 of %d", pages), "Telephone 0117 496 0000",
	} {
		if !strings.Contains(p2, w) {
			t.Errorf("page 2 missing %q:\n%s", w, p2)
		}
	}
	// Every line is on some page exactly once.
	for i := range 150 {
		ref := fmt.Sprintf("INV-%d ", 1000+i)
		if i%2 == 1 {
			ref = fmt.Sprintf("BACS %d ", i)
		}
		if n := strings.Count(all, ref); n != 1 {
			t.Errorf("%q appears %d times", ref, n)
		}
	}
}

func TestStatementBalanceSentence(t *testing.T) {
	for _, tt := range []struct {
		closing int64
		want    string
	}{
		{123456, "You owe £1,234.56"},
		{-1250, "You are £12.50 in credit"},
		{0, "Nothing is owed"},
	} {
		s := statementDoc(0)
		s.Opening, s.Closing = tt.closing, tt.closing
		s.From = time.Time{}
		text := squash(pdftotext(t, render(t, func(b *bytes.Buffer) error { return Statement(b, s) })))
		if !strings.Contains(text, tt.want) {
			t.Errorf("closing %d: missing %q in:\n%s", tt.closing, tt.want, text)
		}
		if !strings.Contains(text, "Up to 31 December 2025") || !strings.Contains(text, "From Start of account") {
			t.Errorf("zero From: want the period from the start")
		}
		if tt.closing < 0 && !strings.Contains(text, "-£12.50") {
			t.Errorf("negative balance not shown as -£12.50")
		}
	}
}

func TestInvoiceStatus(t *testing.T) {
	for _, tt := range []struct {
		status            string
		paid, outstanding int64
		want              []string
		not               string
	}{
		{"part-paid", 50000, 110956, []string{"Status Part paid", "Please pay £1,109.56 by 1 April 2026"}, "Thank you"},
		{"Part paid", 50000, 110956, []string{"Status Part paid", "Please pay £1,109.56"}, "Part-paid"},
		{"overdue", 0, 160956, []string{"Status Overdue", "Overdue since 2 April 2026", "Please pay £1,609.56 now."}, "by 1 April 2026"},
		{"paid", 160956, 0, []string{"Status Paid", "Outstanding £0.00", "Paid in full. Thank you."}, "Please pay"},
		{"Paid", 160956, 0, []string{"Status Paid", "Paid in full. Thank you."}, "Please pay"},
		{"Cancelled", 0, 0, []string{"Status Cancelled", "This invoice has been cancelled", "Nothing is due on it."}, "Please pay"},
		{"paid", 10000, 0, []string{"Nothing is due on this invoice"}, "Paid in full"}, // credited rather than paid
	} {
		d := invoiceDoc()
		d.Status, d.Paid, d.Outstanding = tt.status, tt.paid, tt.outstanding
		text := squash(pdftotext(t, render(t, func(b *bytes.Buffer) error { return Invoice(b, d) })))
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: missing %q in:\n%s", tt.status, w, text)
			}
		}
		if strings.Contains(text, tt.not) {
			t.Errorf("%s: unexpected %q", tt.status, tt.not)
		}
	}
}

func TestLogo(t *testing.T) {
	plain := render(t, func(b *bytes.Buffer) error { return Invoice(b, invoiceDoc()) })
	good := logoPNG(t)
	for _, tt := range []struct {
		name     string
		logo     []byte
		typ      string
		embedded bool
	}{
		{"png", good, "image/png", true},
		{"png without a type", good, "", true},
		{"corrupt", []byte("\x89PNG\r\n\x1a\nnot really a png"), "image/png", false},
		{"truncated", good[:len(good)/2], "image/png", false},
		{"not an image type", good, "image/tiff", false},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 10"><rect width="30" height="10" fill="#0f6e6e"/></svg>`), "image/svg+xml", true},
		{"svg that does not parse", []byte("<svg"), "image/svg+xml", false},
		{"webp", webpLogo, "image/webp", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := invoiceDoc()
			d.Brand.Logo, d.Brand.LogoType = tt.logo, tt.typ
			doc := render(t, func(b *bytes.Buffer) error { return Invoice(b, d) })
			if got := bytes.Contains(doc, []byte("/Subtype /Image")); got != tt.embedded {
				t.Errorf("image embedded = %v, want %v", got, tt.embedded)
			}
			if tt.embedded && len(doc) <= len(plain) {
				t.Errorf("with logo %d bytes, without %d", len(doc), len(plain))
			}
			text := squash(pdftotext(t, doc))
			for _, w := range []string{"Harbourside Property Management", "Zoë Ó Briain", "Outstanding £1,109.56"} {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q", w)
				}
			}
		})
	}
}

// webpLogo is a 1x1 lossless WebP image: fpdf cannot read WebP, so it is
// decoded and printed as a PNG.
var webpLogo, _ = base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

func TestLogoFormats(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 30, 10))
	for _, tt := range []struct {
		name string
		enc  func(*bytes.Buffer) error
		typ  string
	}{
		{"jpeg", func(b *bytes.Buffer) error { return jpeg.Encode(b, img, nil) }, "image/jpeg"},
		{"gif", func(b *bytes.Buffer) error { return gif.Encode(b, img, nil) }, "image/gif"},
		{"16-bit png", func(b *bytes.Buffer) error { return png.Encode(b, image.NewRGBA64(image.Rect(0, 0, 30, 10))) }, "image/png"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logo bytes.Buffer
			if err := tt.enc(&logo); err != nil {
				t.Fatal(err)
			}
			d := receiptDoc()
			d.Brand.Logo, d.Brand.LogoType = logo.Bytes(), tt.typ
			doc := render(t, func(b *bytes.Buffer) error { return Receipt(b, d) })
			if !bytes.Contains(doc, []byte("/Subtype /Image")) {
				t.Error("logo not embedded")
			}
		})
	}
}

// interlacedPNG is a valid one-pixel Adam7 PNG: the standard library
// reads it, fpdf does not, so the logo goes through re-encoding.
func interlacedPNG(t *testing.T) []byte {
	t.Helper()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		_ = binary.Write(&out, binary.BigEndian, uint32(len(data)))
		body := append([]byte(typ), data...)
		out.Write(body)
		_ = binary.Write(&out, binary.BigEndian, crc32.ChecksumIEEE(body))
	}
	// 1x1, 8-bit RGB, deflate, no filter method, Adam7 interlace.
	chunk("IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 1})
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write([]byte{0, 0x0b, 0x5c, 0x4a}) // filter none, one pixel
	_ = zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	if _, err := png.Decode(bytes.NewReader(out.Bytes())); err != nil {
		t.Fatalf("test PNG is invalid: %v", err)
	}
	return out.Bytes()
}

func TestInterlacedLogoReencoded(t *testing.T) {
	d := invoiceDoc()
	d.Brand.Logo, d.Brand.LogoType = interlacedPNG(t), "image/png"
	doc := render(t, func(b *bytes.Buffer) error { return Invoice(b, d) })
	if !bytes.Contains(doc, []byte("/Subtype /Image")) {
		t.Error("interlaced logo not embedded")
	}
	if text := squash(pdftotext(t, doc)); !strings.Contains(text, "Outstanding £1,109.56") {
		t.Errorf("text lost: %s", text)
	}
}

// Documents are rendered on request by concurrent handlers; nothing may
// be shared between them.
func TestConcurrentRendering(t *testing.T) {
	logo := logoPNG(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			var err error
			switch i % 3 {
			case 0:
				d := invoiceDoc()
				d.Brand.Logo = logo
				err = Invoice(&buf, d)
			case 1:
				err = Statement(&buf, statementDoc(40))
			default:
				err = Receipt(&buf, receiptDoc())
			}
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

func TestText(t *testing.T) {
	d := newDoc(Brand{}, "GBP", "", "")
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"},
		{"£5 — café", "\xa35 \x97 caf\xe9"},
		{"Zoë Ó Briain", "Zo\xeb \xd3 Briain"},
		{"€10", "\x8010"},
		{"Łukasz Dvořák", "Lukasz Dvor\xe1k"},
		{"line\nbreak\ttab", "line break tab"},
		{"日本", "??"},
	} {
		if got := d.text(tt.in); got != tt.want {
			t.Errorf("text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLongNamesWrap(t *testing.T) {
	d := invoiceDoc()
	d.Brand.Name = "The Very Long Named Residents' Management Company of Harbour View and Quayside Walk"
	d.Payee.Name = "Maximilian Alexander Fitzgerald-Worthington-Smythe and Anne-Marie Ó Briain"
	d.Lines[0].Description = strings.Repeat("Long description ", 40)
	d.Lines[1].Amount = 123456789012
	text := squash(pdftotext(t, render(t, func(b *bytes.Buffer) error { return Invoice(b, d) })))
	for _, w := range []string{"£1,234,567,890.12", "Fitzgerald-Worthington-Smythe", "Quayside Walk"} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
}

func BenchmarkInvoicePDF(b *testing.B) {
	d := invoiceDoc()
	d.Brand.Logo, d.Brand.LogoType = logoPNG(b), "image/png"
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Invoice(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
}
