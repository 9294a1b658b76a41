package pdf

import (
	"io"
	"strconv"
	"time"
	"unicode"
)

// Allocation is the part of a payment applied to one invoice.
type Allocation struct {
	InvoiceNumber int64
	Amount        int64
}

// ReceiptDoc is everything printed on a receipt for a payment.
type ReceiptDoc struct {
	Brand                  Brand
	Currency               string
	Reference              string // the receipt's own reference
	Unit                   string
	Payee                  Party
	Date                   time.Time
	Amount                 int64
	Method, PayerReference string
	Allocations            []Allocation
	Unallocated            int64 // left on the account as credit
}

// Receipt writes a receipt for a payment as a PDF.
func Receipt(w io.Writer, r ReceiptDoc) error {
	sub := ""
	if r.Reference != "" {
		sub = "Reference " + r.Reference
	}
	d := newDoc(r.Brand, r.Currency, "Receipt", sub)

	d.parties("Received from", r.Payee, []field{
		{label: "Receipt", value: r.Reference},
		{label: "Date received", value: date(r.Date)},
		{label: "Paid by", value: label(r.Method)},
		{label: "Your reference", value: r.PayerReference},
		{label: "Property", value: r.Unit, address: true},
	})

	d.ensure(30)
	var body []string
	if r.Method != "" || !r.Date.IsZero() {
		s := "Paid"
		if r.Method != "" {
			s += " by " + lowerFirst(r.Method)
		}
		if !r.Date.IsZero() {
			s += " on " + date(r.Date)
		}
		body = append(body, s+".")
	}
	y := d.panel(margin, d.f.GetY(), contentW, 0, "Thank you: we received "+d.money(r.Amount), body)
	d.f.SetXY(margin, y+9)

	d.heading("How your payment was applied")
	t := d.table(
		column{title: "Applied to", w: 140, align: "L"},
		column{title: "Amount", w: 34, align: "R", nowrap: true},
	)
	for _, a := range r.Allocations {
		t.row(rowPlain, "Invoice "+strconv.FormatInt(a.InvoiceNumber, 10), d.money(a.Amount))
	}
	if r.Unallocated != 0 {
		t.row(rowPlain, "Held as credit on your account for future charges", d.money(r.Unallocated))
	}
	t.row(rowTotal, "Total received", d.money(r.Amount))

	d.contactFooter(r.Brand)
	return d.finish(w)
}

// lowerFirst puts a capitalised word ("Bank transfer") back into a
// sentence, leaving acronyms ("BACS") alone.
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && unicode.IsUpper(r[0]) && unicode.IsUpper(r[1]) {
		return s
	}
	if len(r) > 0 {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}
