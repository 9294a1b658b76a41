package handlers

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/files"
)

// SendFile answers with a stored file: a photo to show in the page, a PDF
// to save. Its type is the one the store gave it after checking its
// content, never what the uploader's browser claimed, and the browser is
// told not to guess another (nosniff) nor keep a copy (no-store). name is
// what the file is saved as, reduced to a safe form with the extension of
// its real type. Only call it from a route that has checked the person
// may see this file: there is no public route to files.
func SendFile(c echo.Context, b files.Blob, name string) error {
	disposition := "attachment"
	if b.IsImage() {
		disposition = "inline"
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": FileName(name, b.Type)}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(b.Data)))
	return c.Blob(http.StatusOK, b.Type, b.Data)
}

// FileName is name made safe for a header and a file system (see
// AttachmentName), ending in the extension of the stored type.
func FileName(name, ctype string) string {
	ext := map[string]string{files.TypeJPEG: "jpg", files.TypePNG: "png", files.TypePDF: "pdf"}[ctype]
	base := AttachmentName(name)
	for _, e := range []string{"jpg", "jpeg", "png", "webp", "pdf", "heic"} {
		if trimmed, ok := strings.CutSuffix(base, "-"+e); ok && trimmed != "" {
			base = trimmed
			break
		}
	}
	if ext == "" {
		return base
	}
	return base + "." + ext
}
