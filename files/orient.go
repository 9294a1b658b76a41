package files

import (
	"encoding/binary"
	"image"
	"image/draw"
)

// jpegOrientation reads the EXIF orientation tag (0x0112) of a JPEG: 1 (or
// 0 when absent or unreadable) for upright, 2 to 8 for the mirrorings and
// turns a camera records instead of turning the pixels. Only the APP1
// segments before the image data are looked at.
func jpegOrientation(data []byte) int {
	i := 2 // after SOI
	for i+4 <= len(data) && data[i] == 0xff {
		marker := data[i+1]
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image
			return 0
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 0
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xe1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 0
}

// tiffOrientation finds the orientation in the first directory of the TIFF
// structure EXIF data is.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	count := int(bo.Uint16(t[off:]))
	for e := 0; e < count; e++ {
		p := off + 2 + 12*e
		if p+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[p:]) == 0x0112 {
			if v := int(bo.Uint16(t[p+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 0
		}
	}
	return 0
}

// upright returns img as it should be seen, given its EXIF orientation.
func upright(img image.Image, orientation int) image.Image {
	if orientation < 2 || orientation > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	// 5 to 8 turn the picture a quarter, swapping width and height.
	dw, dh := w, h
	if orientation >= 5 {
		dw, dh = h, w
	}
	// Into RGBA first (the standard library's fast path from a JPEG's
	// YCbCr), then the pixels are moved four bytes at a time.
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := orientedPoint(orientation, x, y, w, h)
			copy(dst.Pix[dst.PixOffset(dx, dy):][:4], src.Pix[src.PixOffset(x, y):][:4])
		}
	}
	return dst
}

// orientedPoint is where source pixel (x, y) of a w×h picture lands.
func orientedPoint(o, x, y, w, h int) (int, int) {
	switch o {
	case 2: // mirrored left to right
		return w - 1 - x, y
	case 3: // turned half way
		return w - 1 - x, h - 1 - y
	case 4: // mirrored top to bottom
		return x, h - 1 - y
	case 5: // mirrored along the top-left diagonal
		return y, x
	case 6: // needs a quarter turn clockwise
		return h - 1 - y, x
	case 7: // mirrored along the other diagonal
		return h - 1 - y, w - 1 - x
	case 8: // needs a quarter turn anticlockwise
		return y, w - 1 - x
	}
	return x, y
}
