package pdf

// The building blocks of a document's body: labelled details, the
// addressee, headings, paragraphs, totals and panels.

// field is one label and value in a details block.
type field struct {
	label, value string
	colour       *rgb
	// address values break at their commas where they can, so a line
	// never ends in "1," with the street on the next.
	address bool
}

// details prints labelled values in a column at x, wrapping long values;
// it returns the bottom of the block.
func (d *doc) details(x, y, w float64, fs []field) float64 {
	const labelW, lh = 27.0, 4.6
	for _, fl := range fs {
		if fl.value == "" {
			continue
		}
		d.setFont("", 8.5, muted)
		d.at(x, y, labelW, lh, fl.label, "L")
		c := ink
		if fl.colour != nil {
			c = *fl.colour
		}
		d.setFont("B", 9.5, c)
		lines := d.wrap(fl.value, w-labelW)
		if fl.address {
			lines = d.wrapAddress(fl.value, w-labelW)
		}
		for _, l := range lines {
			d.f.SetXY(x+labelW, y)
			d.f.CellFormat(w-labelW, lh, l, "", 0, "L", false, 0, "")
			y += lh
		}
	}
	return y
}

// addressee prints who the document is for; it returns the bottom of the
// block.
func (d *doc) addressee(x, y, w float64, label string, p Party) float64 {
	d.setFont("", 8.5, muted)
	d.at(x, y, w, 4.6, label, "L")
	y += 5.5
	d.setFont("B", 11, ink)
	for _, l := range d.wrap(p.Name, w) {
		d.f.SetXY(x, y)
		d.f.CellFormat(w, 5.2, l, "", 0, "L", false, 0, "")
		y += 5.2
	}
	d.setFont("", 10, ink)
	for _, a := range nonEmpty(p.AddressLines) {
		for _, l := range d.wrap(a, w) {
			d.f.SetXY(x, y)
			d.f.CellFormat(w, 4.8, l, "", 0, "L", false, 0, "")
			y += 4.8
		}
	}
	return y
}

// parties lays out the addressee on the left and the document's details on
// the right, then moves below both.
func (d *doc) parties(label string, p Party, fs []field) {
	y := d.f.GetY()
	a := d.addressee(margin, y, 78, label, p)
	b := d.details(margin+84, y, contentW-84, fs)
	d.f.SetXY(margin, max(a, b)+8)
}

func (d *doc) heading(s string) {
	d.ensure(7 + 2*7) // never strand a heading at the foot of a page
	d.setFont("B", 11.5, d.primary)
	d.at(margin, d.f.GetY(), contentW, 6, s, "L")
	d.f.SetXY(margin, d.f.GetY()+8)
}

// paragraph prints wrapped text across the content width.
func (d *doc) paragraph(s string, size float64, style string, c rgb) {
	d.setFont(style, size, c)
	lh := size * 0.48
	lines := d.wrap(s, contentW)
	d.ensure(lh * float64(len(lines)))
	for _, l := range lines {
		d.f.SetX(margin)
		d.f.CellFormat(contentW, lh, l, "", 1, "L", false, 0, "")
	}
}

// totalRow is one line of a totals box.
type totalRow struct {
	label, value string
	strong       bool
}

// totals prints a box of labelled amounts, right-aligned on the page (or at
// x when x > 0); it returns the bottom of the box.
func (d *doc) totals(x, y, w float64, rows []totalRow) float64 {
	f := d.f
	if x <= 0 {
		x = right - w
	}
	h := totalsHeight(rows)
	f.SetFillColor(shade.r, shade.g, shade.b)
	f.Rect(x, y, w, h, "F")
	top := y
	y++
	for _, r := range rows {
		rh := rowHeight(r.strong)
		if r.strong {
			f.SetDrawColor(d.primary.r, d.primary.g, d.primary.b)
			f.SetLineWidth(0.4)
			f.Line(x+3, y+0.5, x+w-3, y+0.5)
			f.SetLineWidth(0.2)
			d.setFont("B", 11, d.primary)
		} else {
			d.setFont("", 9.5, ink)
		}
		d.at(x+1.5, y, w/2, rh, r.label, "L")
		size := 9.5
		if r.strong {
			size = 11
		}
		style := ""
		if r.strong {
			style = "B"
		}
		d.fit(r.value, w/2-1.5, size, 7, style)
		d.at(x+w/2, y, w/2-1.5, rh, r.value, "R")
		y += rh
	}
	return top + h
}

func totalsHeight(rows []totalRow) float64 {
	h := 2.0
	for _, r := range rows {
		h += rowHeight(r.strong)
	}
	return h
}

func rowHeight(strong bool) float64 {
	if strong {
		return 8
	}
	return 6
}

// panel prints a tinted box with a coloured bar on its left: a headline
// and lines of smaller text, at least minH high. It returns the bottom of
// the box.
func (d *doc) panel(x, y, w, minH float64, headline string, lines []string) float64 {
	f := d.f
	d.setFont("B", 13, d.primary)
	head := d.wrap(headline, w-10)
	d.setFont("", 9.5, ink)
	var body []string
	for _, l := range lines {
		body = append(body, d.wrap(l, w-10)...)
	}
	h := max(minH, 5+6.5*float64(len(head))+4.8*float64(len(body))+3)
	f.SetFillColor(d.tint.r, d.tint.g, d.tint.b)
	f.Rect(x, y, w, h, "F")
	f.SetFillColor(d.primary.r, d.primary.g, d.primary.b)
	f.Rect(x, y, 1.6, h, "F")
	yy := y + 4
	d.setFont("B", 13, d.primary)
	for _, l := range head {
		f.SetXY(x+5, yy)
		f.CellFormat(w-10, 6.5, l, "", 0, "L", false, 0, "")
		yy += 6.5
	}
	yy++
	d.setFont("", 9.5, ink)
	for _, l := range body {
		f.SetXY(x+5, yy)
		f.CellFormat(w-10, 4.8, l, "", 0, "L", false, 0, "")
		yy += 4.8
	}
	return y + h
}

// balanceSummary prints the panel that says where the balance stands
// (head and body) beside the box of summary totals, and moves below both.
func (d *doc) balanceSummary(head string, body []string, summary []totalRow) {
	d.ensure(totalsHeight(summary))
	y := d.f.GetY()
	a := d.panel(margin, y, 86, totalsHeight(summary), head, body)
	b := d.totals(0, y, 80, summary)
	d.f.SetXY(margin, max(a, b)+9)
}
