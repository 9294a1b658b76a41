package pdf

import (
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"
)

// pageHeader draws the top of every page: the logo, the organisation's
// name, the document's title and a rule in the brand colour.
func (d *doc) pageHeader() {
	f := d.f
	nameX := margin
	if d.logo != "" {
		y := margin + (headerH-d.logoH)/2
		f.ImageOptions(d.logo, margin, y, d.logoW, d.logoH, false, fpdf.ImageOptions{}, 0, "")
		nameX = margin + d.logoW + 5
	}

	d.setFont("B", 18, ink)
	titleW := f.GetStringWidth(d.text(d.title)) + 2
	d.at(right-70, margin+1, 70, 8, d.title, "R")
	if d.subtitle != "" {
		d.setFont("", 9.5, muted)
		d.at(right-70, margin+10, 70, 5, d.subtitle, "R")
	}

	// The organisation's name takes the room between the logo and the
	// title: one line if it fits, else two at a smaller size.
	nameW := right - titleW - 6 - nameX
	size := 15.0
	d.setFont("B", size, d.primary)
	lines := d.wrap(d.brand.Name, nameW)
	for len(lines) > 2 && size > 10 {
		size--
		d.setFont("B", size, d.primary)
		lines = d.wrap(d.brand.Name, nameW)
	}
	if len(lines) > 2 {
		lines = lines[:2]
	}
	lh := size * 0.45
	y := margin + (headerH-lh*float64(len(lines)))/2
	for i, l := range lines {
		f.SetXY(nameX, y+float64(i)*lh)
		f.CellFormat(nameW, lh, l, "", 0, "L", false, 0, "")
	}

	f.SetDrawColor(d.primary.r, d.primary.g, d.primary.b)
	f.SetLineWidth(0.8)
	f.Line(margin, ruleY, right, ruleY)
	f.SetLineWidth(0.2)
	f.SetXY(margin, bodyTop)
}

// footLine is one line of the page footer, already encoded.
type footLine struct {
	text  string
	style string
	size  float64
}

// planFooter decides the footer's lines once per document: the
// organisation's name and legal name, its address and its contact
// details, each shrunk a little or wrapped to fit beside the page number.
// Long footers push the content limit up rather than run off the page.
func (d *doc) planFooter() {
	b := d.brand
	d.setFont("", 8, muted)
	w := contentW - d.f.GetStringWidth("Page 888 of 888") - 6
	var out []footLine
	add := func(s, style string) {
		if s = strings.TrimSpace(s); s == "" {
			return
		}
		size := d.fit(s, w, 8, 7, style)
		for _, l := range d.wrapAddress(s, w) {
			out = append(out, footLine{l, style, size})
		}
	}
	switch {
	case b.LegalName == "" || b.LegalName == b.Name:
		add(b.Name, "B")
	case d.fits(b.Name+" · "+b.LegalName, w, 7, "B"):
		add(b.Name+" · "+b.LegalName, "B")
	default:
		add(b.Name, "B")
		add(b.LegalName, "")
	}
	add(strings.Join(nonEmpty(b.AddressLines), ", "), "")
	var contact []string
	if b.Phone != "" {
		contact = append(contact, "Telephone "+b.Phone)
	}
	if b.Email != "" {
		contact = append(contact, "Email "+b.Email)
	}
	add(strings.Join(contact, " · "), "")
	if len(out) > maxFootLines {
		out = out[:maxFootLines]
	}
	d.foot = out
	d.footTop = pageH - margin - float64(max(len(out), 1))*footerLineH - 2
	d.limit = d.footTop - 5
}

func (d *doc) pageFooter() {
	f := d.f
	f.SetDrawColor(hairln.r, hairln.g, hairln.b)
	f.SetLineWidth(0.2)
	f.Line(margin, d.footTop, right, d.footTop)

	// "Page N of M": M is only known when the document (or the section)
	// closes, so the right alignment assumes M has as many digits as N.
	n, total := d.pageOf(f.PageNo())
	d.setFont("", 8, muted)
	pw := f.GetStringWidth(fmt.Sprintf("Page %d of %d", n, n))
	f.SetXY(right-pw-2*f.GetCellMargin(), d.footTop+2)
	f.CellFormat(pw+2*f.GetCellMargin(), footerLineH, fmt.Sprintf("Page %d of %s", n, total), "", 0, "L", false, 0, "")

	y := d.footTop + 2
	for _, l := range d.foot {
		d.setFont(l.style, l.size, muted)
		f.SetXY(margin, y)
		f.CellFormat(contentW-pw-6, footerLineH, l.text, "", 0, "L", false, 0, "")
		y += footerLineH
	}
}

// pageOf is page p's number and the text standing for the page count
// (filled in when the document or its section closes).
func (d *doc) pageOf(p int) (int, string) {
	for i := len(d.sections) - 1; i >= 0; i-- {
		if p >= d.sections[i] {
			return p - d.sections[i] + 1, fmt.Sprintf("{s%d}", i)
		}
	}
	return p, "{nb}"
}

// startSection begins a section with page numbers of its own: on the
// current page when the document has just begun, else on a new page.
func (d *doc) startSection() {
	if len(d.sections) == 0 && d.f.PageNo() == 1 {
		d.sections = append(d.sections, 1)
		return
	}
	// The footer of the page being closed is drawn inside AddPage, so the
	// new section must be known to start after it first.
	d.sections = append(d.sections, d.f.PageNo()+1)
	d.f.AddPage()
}

// endSection closes the current section, whose page count is known now.
// With duplex, a section of an odd number of pages gets a blank back
// page (header and footer only), so that the next begins on a sheet of
// its own when printed on both sides.
func (d *doc) endSection(duplex bool) {
	n, alias := d.pageOf(d.f.PageNo())
	if duplex && n%2 == 1 {
		d.f.AddPage()
		n++
	}
	d.f.RegisterAlias(alias, fmt.Sprint(n))
}
