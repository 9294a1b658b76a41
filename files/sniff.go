package files

import (
	"bytes"
	"fmt"

	"porch/errs"
)

// kind is what an upload's first bytes say it is.
type kind int

const (
	kindUnknown kind = iota
	kindJPEG
	kindPNG
	kindWebP
	kindPDF
	kindHEIC
)

// sniff names the format of data from its signature alone.
func sniff(data []byte) kind {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		return kindJPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return kindPNG
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return kindWebP
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return kindPDF
	case isHEIF(data):
		return kindHEIC
	}
	return kindUnknown
}

// isHEIF recognises the ISO box a HEIC or HEIF photo opens with: "ftyp"
// at offset 4 and a HEIF brand.
func isHEIF(data []byte) bool {
	if len(data) < 12 || string(data[4:8]) != "ftyp" {
		return false
	}
	switch string(data[8:12]) {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1":
		return true
	}
	return false
}

// The field an upload's messages are shown next to.
const field = "file"

// invalid is an upload error a resident can act on, shown by the file field.
func invalid(msg string) error {
	return &errs.Error{Code: errs.Invalid, Message: msg, Fields: map[string]string{field: msg}}
}

// Messages a resident reads next to the file field.
const (
	msgEmpty   = "The file is empty: choose the photo or document again."
	msgUnknown = "This file is not a photo or a PDF we can read: choose a JPEG, PNG or WebP photo, or a PDF."
	msgHEIC    = "Photos in HEIC format can't be read yet: take the photo as JPEG, or choose 'Most compatible' in your camera settings."
	msgBroken  = "This photo could not be read: it may be damaged. Take or choose it again."
)

func tooLarge(size, limit int64) error {
	return invalid(fmt.Sprintf("This file is %s; the largest file accepted is %s. Choose a smaller photo or document.",
		megabytes(size), megabytes(limit)))
}

func tooManyPixels(w, h, limit int) error {
	return invalid(fmt.Sprintf("This photo is %d × %d pixels, more than the %d megapixels accepted. Choose a smaller photo.",
		w, h, limit/1_000_000))
}

// SizeLabel writes n bytes as "10 MB" or "12.5 MB".
func SizeLabel(n int64) string { return megabytes(n) }

// megabytes writes n bytes as "10 MB" or "12.5 MB".
func megabytes(n int64) string {
	mb := float64(n) / (1 << 20)
	if mb == float64(int64(mb)) {
		return fmt.Sprintf("%d MB", int64(mb))
	}
	return fmt.Sprintf("%.1f MB", mb)
}
