package files

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
)

// The office document types the store accepts when an upload asks for
// them (Upload.Office), each recognised by what its ZIP holds.
const (
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	TypeODT  = "application/vnd.oasis.opendocument.text"
	TypeODS  = "application/vnd.oasis.opendocument.spreadsheet"
)

// maxZipEntries bounds the entries read from an office document's
// directory: a real one has tens to a few thousand.
const maxZipEntries = 5000

// Messages about office documents, next to the file field.
const (
	msgUnknownOffice = "This file is not a document we can read: choose a PDF, a Word, Excel or PowerPoint file (.docx, .xlsx, .pptx), an OpenDocument file (.odt, .ods) or a JPEG, PNG or WebP photo."
	msgOldOffice     = "Old Word and Excel files (.doc, .xls) can't be accepted: open it and save it as a PDF or as .docx or .xlsx, then upload that."
	msgMacros        = "This document contains macros, which can't be shared: save it without them (as .docx or .xlsx) or as a PDF."
	msgBrokenOffice  = "This document could not be read: it may be damaged. Save it again, or as a PDF, and upload that."
)

// isOLE recognises an OLE compound file: old binary Word, Excel and
// PowerPoint documents.
func isOLE(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1})
}

// isZip recognises a ZIP archive by its first local file header.
func isZip(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// officeType names the office document a ZIP holds by looking inside it:
// an Office Open XML file has [Content_Types].xml and its part folder
// (word/, xl/, ppt/); an OpenDocument file opens with an entry named
// "mimetype" holding its type. It returns a message for the file field
// when the ZIP is not one it accepts.
func officeType(data []byte) (ctype, problem string) {
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", msgBrokenOffice
	}
	if len(r.File) == 0 || len(r.File) > maxZipEntries {
		return "", msgUnknownOffice
	}
	if first := r.File[0]; first.Name == "mimetype" && first.UncompressedSize64 < 100 {
		rc, err := first.Open()
		if err != nil {
			return "", msgBrokenOffice
		}
		b, err := io.ReadAll(io.LimitReader(rc, 100))
		rc.Close()
		if err != nil {
			return "", msgBrokenOffice
		}
		switch strings.TrimSpace(string(b)) {
		case TypeODT:
			return TypeODT, ""
		case TypeODS:
			return TypeODS, ""
		}
		return "", msgUnknownOffice
	}
	var types bool
	parts := map[string]bool{}
	for _, f := range r.File {
		name := f.Name
		switch {
		case name == "[Content_Types].xml":
			types = true
		case strings.HasSuffix(strings.ToLower(name), "vbaproject.bin"):
			return "", msgMacros
		}
		if dir, _, ok := strings.Cut(name, "/"); ok {
			parts[dir] = true
		}
	}
	switch {
	case !types:
		return "", msgUnknownOffice
	case parts["word"]:
		return TypeDOCX, ""
	case parts["xl"]:
		return TypeXLSX, ""
	case parts["ppt"]:
		return TypePPTX, ""
	}
	return "", msgUnknownOffice
}

// IsOffice reports whether t is one of the office document types.
func IsOffice(t string) bool {
	switch t {
	case TypeDOCX, TypeXLSX, TypePPTX, TypeODT, TypeODS:
		return true
	}
	return false
}
