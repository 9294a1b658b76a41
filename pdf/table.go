package pdf

// column is one column of a table.
type column struct {
	title string
	w     float64
	align string // "L" or "R"
	// nowrap cells (amounts, dates) are shrunk to fit rather than broken
	// across lines.
	nowrap bool
}

// rowStyle sets how a table row is printed.
type rowStyle int

const (
	rowPlain  rowStyle = iota
	rowShaded          // an opening balance or other carried figure
	rowTotal           // a closing total under a rule
)

// table prints rows across pages, repeating its header at the top of each
// new page so every page can be read on its own.
type table struct {
	d    *doc
	cols []column
}

const (
	tableFont   = 9.0
	tableLineH  = 4.3
	tablePad    = 1.35
	tableHeadH  = 7.0
	minRowSpace = tableHeadH + 2*tablePad + tableLineH
)

func (d *doc) table(cols ...column) *table {
	t := &table{d: d, cols: cols}
	t.header()
	return t
}

func (t *table) header() {
	d, f := t.d, t.d.f
	d.ensure(minRowSpace)
	y := f.GetY()
	f.SetFillColor(d.tint.r, d.tint.g, d.tint.b)
	f.Rect(margin, y, t.width(), tableHeadH, "F")
	d.setFont("B", 8.5, ink)
	x := margin
	for _, c := range t.cols {
		d.at(x, y, c.w, tableHeadH, c.title, c.align)
		x += c.w
	}
	f.SetDrawColor(d.primary.r, d.primary.g, d.primary.b)
	f.SetLineWidth(0.4)
	f.Line(margin, y+tableHeadH, margin+t.width(), y+tableHeadH)
	f.SetLineWidth(0.2)
	f.SetXY(margin, y+tableHeadH)
}

func (t *table) width() float64 {
	w := 0.0
	for _, c := range t.cols {
		w += c.w
	}
	return w
}

// row prints one row; cells line up with the columns.
func (t *table) row(style rowStyle, cells ...string) {
	d, f := t.d, t.d.f
	fontStyle := ""
	if style != rowPlain {
		fontStyle = "B"
	}
	d.setFont(fontStyle, tableFont, ink)
	wrapped := make([][]string, len(t.cols))
	n := 1
	for i, c := range t.cols {
		if i >= len(cells) || c.nowrap {
			continue
		}
		wrapped[i] = d.wrap(cells[i], c.w)
		n = max(n, len(wrapped[i]))
	}
	h := 2*tablePad + float64(n)*tableLineH
	if f.GetY()+h > d.limit {
		f.AddPage()
		t.header()
	}
	y := f.GetY()
	w := t.width()
	if style != rowPlain {
		f.SetFillColor(shade.r, shade.g, shade.b)
		f.Rect(margin, y, w, h, "F")
	}
	x := margin
	for i, c := range t.cols {
		if i >= len(cells) {
			break
		}
		if c.nowrap {
			size := d.fit(cells[i], c.w, tableFont, 6, fontStyle)
			f.SetTextColor(ink.r, ink.g, ink.b)
			d.at(x, y+tablePad, c.w, tableLineH, cells[i], c.align)
			if size != tableFont {
				d.setFont(fontStyle, tableFont, ink)
			}
		} else {
			for j, l := range wrapped[i] {
				f.SetXY(x, y+tablePad+float64(j)*tableLineH)
				f.CellFormat(c.w, tableLineH, l, "", 0, c.align, false, 0, "")
			}
		}
		x += c.w
	}
	if style == rowTotal {
		f.SetDrawColor(ink.r, ink.g, ink.b)
		f.SetLineWidth(0.3)
		f.Line(margin, y, margin+w, y)
		f.SetLineWidth(0.2)
	} else {
		f.SetDrawColor(hairln.r, hairln.g, hairln.b)
		f.Line(margin, y+h, margin+w, y+h)
	}
	f.SetXY(margin, y+h)
}
