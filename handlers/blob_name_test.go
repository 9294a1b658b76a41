package handlers

import (
	"strings"
	"testing"

	"porch/files"
)

// A saved file's name is letters, digits and dashes, ends in its stored
// type's extension whatever the uploader called it, and cannot climb out
// of a folder or break a header.
func TestFileNameIsSafe(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, ctype, want string }{
		{"../../etc/passwd.pdf", files.TypePDF, "etc-passwd.pdf"},
		{`Minutes "final".docx`, files.TypeDOCX, "minutes-final.docx"},
		{"budget\r\nSet-Cookie: x=1.xlsx", files.TypeXLSX, "budget-set-cookie-x-1.xlsx"},
		{"Règlement d’immeuble.odt", files.TypeODT, "r-glement-d-immeuble.odt"},
		{"年度報告.pdf", files.TypePDF, "download.pdf"},
		{"report.exe", files.TypePDF, "report-exe.pdf"},
		{"slides.pptx", files.TypePPTX, "slides.pptx"},
		{"accounts.ods", files.TypeODS, "accounts.ods"},
		{"old.doc", files.TypeDOCX, "old.docx"},
		{strings.Repeat("long ", 100) + ".pdf", files.TypePDF, strings.TrimSuffix(strings.Repeat("long-", 16), "-") + ".pdf"},
	} {
		if got := FileName(c.name, c.ctype); got != c.want {
			t.Errorf("FileName(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
