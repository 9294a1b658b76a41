package webtest

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/go-pdf/fpdf"
)

// File is a file a form sends: its field, its name and its bytes.
type File struct {
	Field, Name string
	Data        []byte
}

// PostFiles posts a multipart form with fields and files, as a browser
// would from the same site.
func (b *Browser) PostFiles(path string, fields url.Values, fs []File, hdr ...string) *httptest.ResponseRecorder {
	b.T.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				b.T.Fatal(err)
			}
		}
	}
	for _, f := range fs {
		fw, err := w.CreateFormFile(f.Field, f.Name)
		if err != nil {
			b.T.Fatal(err)
		}
		fw.Write(f.Data)
	}
	w.Close()
	return b.SendBody(path, w.FormDataContentType(), &body, hdr...)
}

// PDF is a small valid PDF with a line of text, as a form would upload.
func PDF(t testing.TB, text string) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 14)
	p.Cell(0, 10, text)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
