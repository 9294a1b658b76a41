package handlers

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"porch/files"
)

func TestSendFile(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, ctype, disposition string
	}{
		{"Kitchen leak (1).HEIC", files.TypeJPEG, `inline; filename=kitchen-leak-1.jpg`},
		{"screenshot.png", files.TypePNG, `inline; filename=screenshot.png`},
		{`lease "final".pdf`, files.TypePDF, `attachment; filename=lease-final.pdf`},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		ctx := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)
		b := files.Blob{Ref: files.Ref{Type: c.ctype}, Data: []byte("bytes")}
		if err := SendFile(ctx, b, c.name); err != nil {
			t.Fatal(err)
		}
		h := rec.Header()
		if got := h.Get("Content-Disposition"); got != c.disposition {
			t.Errorf("%s: Content-Disposition %q, want %q", c.name, got, c.disposition)
		}
		if h.Get("Content-Type") != c.ctype || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Cache-Control") != "private, no-store" || rec.Body.String() != "bytes" {
			t.Errorf("%s: headers %v body %q", c.name, h, rec.Body.String())
		}
	}
}
