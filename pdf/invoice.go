package pdf

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
)

// InvoiceLine is one charge on an invoice.
type InvoiceLine struct {
	ChargeType, Description string
	Amount                  int64
}

// InvoiceDoc is everything printed on an invoice (a demand for payment).
type InvoiceDoc struct {
	Brand              Brand
	Currency           string
	Number             int64
	IssueDate, DueDate time.Time
	Status             string // outstanding, part-paid, paid or overdue
	Unit               string // the property, as one line
	Payee              Party
	Lines              []InvoiceLine
	Total, Paid        int64
	Outstanding        int64
	// Landlord, on a demand to a leaseholder, is the landlord's name and
	// their address for the service of notices (LTA 1987 ss47–48).
	Landlord *Party
	// Summaries are the prescribed summaries of rights the demand is
	// served with, each printed from a new page at 10 pt.
	Summaries []Summary
	// RentNotice, on a demand for a long lease's ground rent, is its
	// notice in the prescribed form, printed from a new page.
	RentNotice *RentNotice
}

// Summary is a prescribed text printed with a demand: a title and
// paragraphs separated by blank lines.
type Summary struct {
	Title, Text string
}

// Invoice writes an invoice as a PDF.
func Invoice(w io.Writer, in InvoiceDoc) error {
	d := newDoc(in.Brand, in.Currency, "Invoice", "Number "+strconv.FormatInt(in.Number, 10))
	d.invoice(in)
	return d.finish(w)
}

// Invoices writes invoices of one organisation as one PDF to print, as
// for posting a run of demands: each starts on a new sheet (a blank
// back is left after an odd page count, so a double-sided print never
// puts two demands on one sheet) and numbers its own pages.
func Invoices(w io.Writer, ins []InvoiceDoc) error {
	if len(ins) == 0 {
		return errors.New("pdf: no invoices to print")
	}
	d := newDoc(ins[0].Brand, ins[0].Currency, "Invoice", "Number "+strconv.FormatInt(ins[0].Number, 10))
	for _, in := range ins {
		d.subtitle = "Number " + strconv.FormatInt(in.Number, 10)
		d.startSection()
		d.invoice(in)
		d.endSection(true)
	}
	return d.finish(w)
}

func (d *doc) invoice(in InvoiceDoc) {
	num := strconv.FormatInt(in.Number, 10)

	// Status may come as the ledger's word ("part-paid") or as its label
	// ("Part paid").
	state := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(in.Status), " ", "-"))
	var status *rgb
	switch state {
	case "paid":
		status = &okInk
	case "overdue":
		status = &badInk
	case "cancelled":
		status = &muted
	}
	d.parties("Invoice to", in.Payee, []field{
		{label: "Invoice number", value: num},
		{label: "Issue date", value: date(in.IssueDate)},
		{label: "Due date", value: date(in.DueDate)},
		{label: "Property", value: in.Unit, address: true},
		{label: "Status", value: label(in.Status), colour: status},
	})

	t := d.table(
		column{title: "Charge", w: 46, align: "L"},
		column{title: "Description", w: 96, align: "L"},
		column{title: "Amount", w: 32, align: "R", nowrap: true},
	)
	for _, l := range in.Lines {
		t.row(rowPlain, l.ChargeType, l.Description, d.money(l.Amount))
	}

	d.f.SetY(d.f.GetY() + 5)
	sum := []totalRow{
		{label: "Total", value: d.money(in.Total)},
		{label: "Paid", value: d.money(in.Paid)},
		{label: "Outstanding", value: d.money(in.Outstanding), strong: true},
	}
	d.ensure(totalsHeight(sum))
	d.f.SetY(d.totals(0, d.f.GetY(), 80, sum) + 8)

	var head string
	var body []string
	switch {
	case state == "cancelled":
		head = "This invoice has been cancelled"
		body = append(body, "Nothing is due on it.")
	case in.Outstanding > 0 && state == "overdue" && !in.DueDate.IsZero():
		// Never a day to pay by that has passed.
		head = "Overdue since " + date(in.DueDate.AddDate(0, 0, 1))
		body = append(body, "Please pay "+d.money(in.Outstanding)+" now.")
	case in.Outstanding > 0 && !in.DueDate.IsZero():
		head = "Please pay " + d.money(in.Outstanding) + " by " + date(in.DueDate)
	case in.Outstanding > 0:
		head = "Please pay " + d.money(in.Outstanding)
	case in.Paid >= in.Total:
		head = "Paid in full. Thank you."
	default:
		head = "Nothing is due on this invoice"
	}
	if in.Outstanding > 0 && state != "cancelled" {
		body = append(body, "Quote invoice number "+num+" with your payment.")
		if in.Brand.PortalURL != "" {
			body = append(body, "Pay online at "+in.Brand.PortalURL)
		}
	}
	body = append(body, contactLine(in.Brand))
	d.ensure(40)
	below := d.panel(margin, d.f.GetY(), contentW, 0, head, nonEmpty(body))
	if l := in.Landlord; l != nil {
		d.f.SetY(below + 6)
		d.ensure(30)
		d.paragraph("Your landlord is "+l.Name+". The address in England and Wales at which notices, including notices "+
			"in proceedings, may be served on your landlord is: "+strings.Join(append([]string{l.Name}, l.AddressLines...), ", ")+
			". (Landlord and Tenant Act 1987, sections 47 and 48.)", 9.5, "", muted)
	}
	if in.RentNotice != nil {
		d.rentNotice(*in.RentNotice)
	}
	for _, s := range in.Summaries {
		d.f.AddPage()
		d.heading(s.Title)
		d.prescribed(s.Text)
	}
}

// contactLine tells the reader who to ask about the document.
func contactLine(b Brand) string {
	switch {
	case b.Phone != "" && b.Email != "":
		return "Questions? Call " + b.Phone + " or email " + b.Email + "."
	case b.Phone != "":
		return "Questions? Call " + b.Phone + "."
	case b.Email != "":
		return "Questions? Email " + b.Email + "."
	}
	return ""
}

// contactFooter closes a document with who to ask about it, when the
// brand gives a phone number or email.
func (d *doc) contactFooter(b Brand) {
	if line := contactLine(b); line != "" {
		d.f.SetY(d.f.GetY() + 8)
		d.paragraph(line, 9.5, "", muted)
	}
}
