// Package pdf renders an organisation's branded A4 documents (invoices,
// statements and receipts) on request. Text is set in the PDF core fonts
// with the Windows-1252 encoding, so it stays extractable and "£", "—" and
// accented names print as typed.
package pdf

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"

	"porch/views"
)

// Brand is how the organisation issuing a document presents itself.
type Brand struct {
	Name, LegalName string
	AddressLines    []string
	Phone, Email    string
	Colour          string // #rrggbb; darkened for headings if too light to read
	Logo            []byte // PNG, JPEG, GIF, WebP or SVG, may be nil
	LogoType        string // image/png, image/jpeg, image/gif, image/webp, image/svg+xml
	PortalURL       string // printed as "Pay online at ..."
}

// Party is who a document is addressed to.
type Party struct {
	Name         string
	AddressLines []string
}

// Page geometry in millimetres. The footer sits inside the bottom margin's
// band of the page body, and content stops a little above it.
const (
	pageW        = 210.0
	pageH        = 297.0
	margin       = 18.0
	contentW     = pageW - 2*margin
	right        = pageW - margin
	headerH      = 18.0 // the logo's maximum height
	maxLogoW     = 60.0
	ruleY        = margin + headerH + 3
	bodyTop      = ruleY + 7
	footerLineH  = 3.6
	maxFootLines = 6
)

type rgb struct{ r, g, b int }

var (
	ink     = rgb{0x22, 0x22, 0x22}
	muted   = rgb{0x5f, 0x63, 0x68}
	hairln  = rgb{0xcf, 0xd2, 0xd6}
	shade   = rgb{0xf3, 0xf4, 0xf6}
	okInk   = rgb{0x1b, 0x6e, 0x2f}
	badInk  = rgb{0xa3, 0x1f, 0x16}
	paperRG = rgb{0xff, 0xff, 0xff}
)

// doc is one document being laid out: the fpdf page state plus the brand
// and the page furniture repeated on every page.
type doc struct {
	f        *fpdf.Fpdf
	tr       func(string) string
	brand    Brand
	currency string
	primary  rgb
	tint     rgb // the primary colour washed out, for panels
	title    string
	subtitle string
	logo     string // registered image name, "" without a usable logo
	logoW    float64
	logoH    float64
	foot     []footLine
	// A document of several sections (a batch of invoices) numbers each
	// section's pages on its own: sections holds the first page of each.
	sections []int
	footTop  float64 // where the footer's rule is drawn
	limit    float64 // content stops here, above the footer
}

func newDoc(b Brand, currency, title, subtitle string) *doc {
	f := fpdf.New("P", "mm", "A4", "")
	d := &doc{f: f, brand: b, currency: currency, title: title, subtitle: subtitle}
	d.primary = parseRGB(views.ThemeFor(b.Colour).Primary)
	d.tint = mix(d.primary, paperRG, 0.9)
	d.tr = f.UnicodeTranslatorFromDescriptor("")
	f.SetMargins(margin, margin, margin)
	// Page breaks are placed by the layout (tables repeat their header), so
	// fpdf must never break in the middle of a row on its own.
	f.SetAutoPageBreak(false, 0)
	f.AliasNbPages("{nb}")
	f.SetTitle(strings.TrimSpace(title+" "+subtitle), true)
	f.SetAuthor(b.Name, true)
	f.SetSubject(title+" from "+b.Name, true)
	f.SetCreator("Porch", false)
	f.SetHeaderFunc(d.pageHeader)
	f.SetFooterFunc(d.pageFooter)
	d.loadLogo()
	d.planFooter()
	f.AddPage()
	return d
}

// finish writes the document, or the first error met while laying it out.
func (d *doc) finish(w io.Writer) error {
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// text prepares a string for a core font: line breaks and control
// characters become spaces, letters outside Windows-1252 lose their accents
// ("Łukasz" has no cp1252 form, so prints as "Lukasz") and the result is
// encoded as cp1252.
func (d *doc) text(s string) string {
	simple := true
	for _, r := range s {
		if r >= 0x80 || r < 0x20 || r == 0x7f {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\u00a0' || r == '\u2007' || r == '\u202f':
			b.WriteByte(' ')
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		case r < 0x100 || d.tr(string(r)) != ".":
			b.WriteRune(r)
		default:
			b.WriteRune(fold(r))
		}
	}
	return d.tr(b.String())
}

// fold is a stand-in for a letter the core fonts cannot show: its base
// letter where it has one, else "?".
func fold(r rune) rune {
	switch r {
	case 'ł':
		return 'l'
	case 'Ł':
		return 'L'
	case 'đ':
		return 'd'
	case 'Đ':
		return 'D'
	case 'ı':
		return 'i'
	case '‐', '‑', '‒', '−':
		return '-'
	}
	if base := []rune(norm.NFD.String(string(r))); len(base) > 0 && base[0] < 0x100 && unicode.IsLetter(base[0]) {
		return base[0]
	}
	return '?'
}

func (d *doc) money(minor int64) string { return views.Money(minor, d.currency) }

func (d *doc) setFont(style string, size float64, c rgb) {
	d.f.SetFont("Helvetica", style, size)
	d.f.SetTextColor(c.r, c.g, c.b)
}

// at writes one line of text with its top-left corner at (x, y).
func (d *doc) at(x, y, w, h float64, s, align string) {
	d.f.SetXY(x, y)
	d.f.CellFormat(w, h, d.text(s), "", 0, align, false, 0, "")
}

// wrap breaks s into lines no wider than w in the current font; the lines
// are already encoded.
func (d *doc) wrap(s string, w float64) []string {
	t := d.text(s)
	if t == "" {
		return nil
	}
	var out []string
	for _, l := range d.f.SplitLines([]byte(t), w) {
		out = append(out, string(l))
	}
	return out
}

// wrapAddress wraps a one-line address, breaking between its
// comma-separated parts where a part fits on a line.
func (d *doc) wrapAddress(s string, w float64) []string {
	var out []string
	cur := ""
	for _, part := range nonEmpty(strings.Split(s, ",")) {
		next := part
		if cur != "" {
			next = cur + ", " + part
		}
		if cur == "" || d.f.GetStringWidth(d.text(next+","))+2*d.f.GetCellMargin() <= w {
			cur = next
			continue
		}
		out = append(out, d.wrap(cur+",", w)...)
		cur = part
	}
	return append(out, d.wrap(cur, w)...)
}

// fit shrinks the font until s fits in w, down to min points; it returns
// the size chosen.
func (d *doc) fit(s string, w, size, min float64, style string) float64 {
	for size > min && !d.fits(s, w, size, style) {
		size -= 0.5
	}
	d.f.SetFont("Helvetica", style, size)
	return size
}

// fits reports whether s fits on one line of width w at size points.
func (d *doc) fits(s string, w, size float64, style string) bool {
	d.f.SetFont("Helvetica", style, size)
	return d.f.GetStringWidth(d.text(s))+2*d.f.GetCellMargin() <= w
}

// ensure starts a new page unless h more millimetres fit on this one.
func (d *doc) ensure(h float64) {
	if d.f.GetY()+h > d.limit {
		d.f.AddPage()
	}
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// date is "5 March 2026".
func date(t time.Time) string { return views.Date(t) }

// label turns a stored word such as "part-paid" or "bank transfer" into
// "Part paid" or "Bank transfer".
func label(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "-", " "))
	if s == "" {
		return ""
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func parseRGB(hex string) rgb {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		return ink
	}
	return rgb{int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)}
}

// mix blends a toward b by t (0: a, 1: b).
func mix(a, b rgb, t float64) rgb {
	m := func(x, y int) int { return int(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return rgb{m(a.r, b.r), m(a.g, b.g), m(a.b, b.b)}
}
