package files

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"porch/tenants"
)

// openOrg makes a real organisation database in a temporary directory.
func openOrg(t *testing.T) *tenants.DB {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "orgs")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	db, err := tenants.OpenMigrated(context.Background(), "acme", filepath.Join(dir, "acme.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// twoTone is a w×h picture, its left half red and its right half blue.
func twoTone(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{R: 220, A: 255}
			if x >= w/2 {
				c = color.RGBA{B: 220, A: 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func pngBytes(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegBytes(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withExif puts an APP1 Exif segment right after a JPEG's start marker:
// a little-endian TIFF whose first directory holds the orientation and a
// GPS directory pointer, followed by GPS text a camera would record.
func withExif(jpg []byte, orientation uint16, gps string) []byte {
	var t bytes.Buffer
	le := binary.LittleEndian
	t.WriteString("II")
	binary.Write(&t, le, uint16(42))
	binary.Write(&t, le, uint32(8)) // first directory at offset 8
	binary.Write(&t, le, uint16(2)) // two entries
	// Orientation: SHORT, count 1, value in place.
	binary.Write(&t, le, [4]uint16{0x0112, 3, 1, 0})
	binary.Write(&t, le, [2]uint16{orientation, 0})
	// GPS IFD pointer: LONG, count 1, offset just after this directory.
	binary.Write(&t, le, [4]uint16{0x8825, 4, 1, 0})
	binary.Write(&t, le, uint32(8+2+2*12+4))
	binary.Write(&t, le, uint32(0)) // no next directory
	t.WriteString(gps)

	seg := append([]byte("Exif\x00\x00"), t.Bytes()...)
	var out bytes.Buffer
	out.Write(jpg[:2])
	out.Write([]byte{0xff, 0xe1})
	binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(jpg[2:])
	return out.Bytes()
}

// pngClaiming is a valid PNG signature and header chunk claiming w×h
// pixels, followed by no image data at all: what a decompression bomb
// looks like before it is decoded.
func pngClaiming(w, h uint32) []byte {
	var ihdr bytes.Buffer
	ihdr.WriteString("IHDR")
	binary.Write(&ihdr, binary.BigEndian, w)
	binary.Write(&ihdr, binary.BigEndian, h)
	ihdr.Write([]byte{8, 2, 0, 0, 0}) // 8-bit RGB
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&out, binary.BigEndian, uint32(13))
	out.Write(ihdr.Bytes())
	binary.Write(&out, binary.BigEndian, crc32.ChecksumIEEE(ihdr.Bytes()))
	return out.Bytes()
}
