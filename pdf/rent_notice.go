package pdf

import (
	"strings"
	"time"
)

// RentNotice is the notice without which a long leaseholder is not liable
// to pay ground rent (Commonhold and Leasehold Reform Act 2002, s166),
// with the particulars the prescribed form asks for: whom it is to, the
// premises, the amount, the period it is for, the date it is payable, to
// whom payment goes and who gives it. The prescribed notes for
// leaseholders are the organisation's to supply, as the regulations for
// England or for Wales word them.
type RentNotice struct {
	Given    time.Time // the date of the notice
	To       string    // the leaseholders, by name
	Premises []string  // the dwelling's address
	Lines    []InvoiceLine
	Amount   int64
	Due      time.Time
	Landlord Party // who gives the notice
	PayTo    Party // where payment goes: the landlord's managing agent
	Notes    string
}

// rentNotice prints the notice from a new page, at 10 pt.
func (d *doc) rentNotice(n RentNotice) {
	d.f.AddPage()
	d.heading("Notice to long leaseholder of rent due")
	d.paragraph("This notice is given under section 166 of the Commonhold and Leasehold Reform Act 2002.", 10, "B", ink)
	gap := func() { d.f.SetY(d.f.GetY() + 2.5) }
	gap()
	labelled := func(label, value string) {
		if value = strings.TrimSpace(value); value != "" {
			d.paragraph(label+": "+value, 10, "", ink)
			gap()
		}
	}
	labelled("Date of notice", date(n.Given))
	labelled("To", n.To)
	labelled("Premises to which the long lease relates", strings.Join(nonEmpty(n.Premises), ", "))
	var periods []string
	for _, l := range n.Lines {
		if len(n.Lines) == 1 {
			periods = append(periods, l.Description)
			continue
		}
		periods = append(periods, l.Description+" ("+d.money(l.Amount)+")")
	}
	d.paragraph("This notice requires you to pay "+d.money(n.Amount)+" being rent payable for the period "+
		strings.Join(periods, "; ")+", on "+date(n.Due)+".", 10, "B", ink)
	gap()
	labelled("Payment should be made to", party(n.PayTo))
	given := party(n.Landlord)
	if n.PayTo.Name != "" && n.PayTo.Name != n.Landlord.Name {
		given += ", the landlord, through " + n.PayTo.Name + ", its managing agent"
	}
	labelled("This notice is given by", given)
	if notes := strings.TrimSpace(n.Notes); notes != "" {
		d.f.SetY(d.f.GetY() + 3)
		d.heading("Notes for leaseholders")
		d.prescribed(notes)
	}
}

// party is a name and address on one line.
func party(p Party) string {
	return strings.Join(nonEmpty(append([]string{p.Name}, p.AddressLines...)), ", ")
}

// prescribed prints a text supplied as prescribed by regulations, its
// paragraphs separated by blank lines, at 10 pt.
func (d *doc) prescribed(text string) {
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if para = strings.TrimSpace(para); para == "" {
			d.f.SetY(d.f.GetY() + 2.5)
			continue
		}
		d.paragraph(para, 10, "", ink)
	}
}
