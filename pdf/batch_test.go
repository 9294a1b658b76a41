package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// A batch for posting: each invoice starts on a sheet of its own and
// numbers its own pages, its summaries included.
func TestInvoicesBatch(t *testing.T) {
	one := invoiceDoc()
	two := invoiceDoc()
	two.Number, two.Payee = 1043, Party{Name: "Mr Ben Okafor", AddressLines: []string{"Flat 2", "1 Quay Street", "Bristol BS1 4XE"}}
	two.Summaries = []Summary{{Title: "Service Charges – Summary of tenants' rights and obligations", Text: "Sample wording.\n\nSecond paragraph."}}
	three := invoiceDoc()
	three.Number = 1044
	doc := render(t, func(b *bytes.Buffer) error { return Invoices(b, []InvoiceDoc{one, two, three}) })

	// Invoice 1: one page and a blank back; 2: the invoice and its
	// summary; 3: one page and a blank back.
	want := []struct {
		number string
		page   string
	}{
		{fmt.Sprint(one.Number), "Page 1 of 2"}, {fmt.Sprint(one.Number), "Page 2 of 2"},
		{"1043", "Page 1 of 2"}, {"1043", "Page 2 of 2"},
		{"1044", "Page 1 of 2"}, {"1044", "Page 2 of 2"},
	}
	if all := pdftotext(t, doc); strings.Count(all, "\f") != len(want) {
		t.Fatalf("batch has %d pages, want %d", strings.Count(all, "\f"), len(want))
	}
	for i, w := range want {
		text := squash(pdftotext(t, doc, "-f", fmt.Sprint(i+1), "-l", fmt.Sprint(i+1)))
		if !strings.Contains(text, "Number "+w.number) || !strings.Contains(text, w.page) {
			t.Errorf("page %d: want invoice %s, %q; got %q", i+1, w.number, w.page, text)
		}
	}
	p3 := squash(pdftotext(t, doc, "-f", "3", "-l", "3"))
	if !strings.Contains(p3, "Mr Ben Okafor") || !strings.Contains(p3, "Please pay") {
		t.Errorf("page 3 is not invoice 1043 to Mr Okafor: %q", p3)
	}
	if p4 := squash(pdftotext(t, doc, "-f", "4", "-l", "4")); !strings.Contains(p4, "Second paragraph.") {
		t.Errorf("page 4 is not invoice 1043's summary: %q", p4)
	}
	if p2 := squash(pdftotext(t, doc, "-f", "2", "-l", "2")); strings.Contains(p2, "Please pay") {
		t.Errorf("the back of invoice %d is not blank: %q", one.Number, p2)
	}

	// A single invoice still counts the document's pages.
	single := squash(pdftotext(t, render(t, func(b *bytes.Buffer) error { return Invoice(b, two) })))
	if !strings.Contains(single, "Page 1 of 2") || !strings.Contains(single, "Page 2 of 2") {
		t.Errorf("single invoice page numbers: %q", single)
	}
	if err := Invoices(&bytes.Buffer{}, nil); err == nil {
		t.Error("an empty batch was printed")
	}
}
