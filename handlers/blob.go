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

// extensions are the file name extensions of the stored types.
var extensions = map[string]string{files.TypeJPEG: "jpg", files.TypePNG: "png", files.TypePDF: "pdf",
	files.TypeDOCX: "docx", files.TypeXLSX: "xlsx", files.TypePPTX: "pptx", files.TypeODT: "odt", files.TypeODS: "ods"}

// maxBaseName bounds the part of a saved file's name before its extension.
const maxBaseName = 80

// FileName is name made safe for a header and a file system (see
// AttachmentName), at most maxBaseName characters before the extension of
// the stored type, which it always ends in, whatever name claimed.
func FileName(name, ctype string) string {
	ext := extensions[ctype]
	if i := strings.LastIndexByte(name, '.'); i >= 0 && knownExtension[strings.ToLower(name[i+1:])] {
		name = name[:i]
	}
	base := AttachmentName(name)
	if len(base) > maxBaseName {
		base = strings.TrimRight(base[:maxBaseName], "-")
	}
	if ext == "" {
		return base
	}
	return base + "." + ext
}

// knownExtension are the extensions a name loses before the stored type's
// is put on: "scan.JPG" saved as a PNG is scan.png, not scan-jpg.png.
var knownExtension = map[string]bool{"jpg": true, "jpeg": true, "png": true, "webp": true, "pdf": true, "heic": true,
	"docx": true, "doc": true, "xlsx": true, "xls": true, "pptx": true, "ppt": true, "odt": true, "ods": true}
