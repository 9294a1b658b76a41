package demo

import (
	"bytes"
	"fmt"

	"github.com/go-pdf/fpdf"
)

// paperPDF is a short document on the agent's letterhead: a heading, a
// line saying what it is for, and its paragraphs.
func paperPDF(title, subtitle string, paragraphs []string) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	tr := f.UnicodeTranslatorFromDescriptor("")
	f.SetTitle(title, true)
	f.SetAuthor(orgName, true)
	f.AddPage()
	f.SetFont("Helvetica", "", 9)
	f.SetTextColor(15, 110, 110)
	f.Cell(0, 5, tr(orgName))
	f.Ln(12)
	f.SetTextColor(17, 24, 39)
	f.SetFont("Helvetica", "B", 18)
	f.MultiCell(0, 8, tr(title), "", "L", false)
	f.SetFont("Helvetica", "", 11)
	f.SetTextColor(75, 85, 99)
	f.MultiCell(0, 6, tr(subtitle), "", "L", false)
	f.Ln(6)
	f.SetTextColor(17, 24, 39)
	for i, p := range paragraphs {
		f.SetFont("Helvetica", "", 11)
		f.MultiCell(0, 5.5, tr(fmt.Sprintf("%d. %s", i+1, p)), "", "L", false)
		f.Ln(3)
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
