package files

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers WebP with image.Decode
)

// photo is an image ready to store: encoded again from its pixels, so
// nothing of the original file but the picture survives.
type photo struct {
	data          []byte
	ctype         string
	width, height int
}

// jpegQuality keeps photos sharp at a fraction of a camera's file size.
const jpegQuality = 85

// decodePhoto checks a photo's dimensions from its header, refusing one
// too large before a single pixel is decoded (a small file can claim
// billions of pixels), then decodes it and turns it upright.
func (s *Store) decodePhoto(k kind, data []byte) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, invalid(msgBroken)
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(s.cfg.MaxPixels) {
		return nil, tooManyPixels(cfg.Width, cfg.Height, s.cfg.MaxPixels)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, invalid(msgBroken)
	}
	if k == kindJPEG {
		img = upright(img, jpegOrientation(data))
	}
	return img, nil
}

// encode writes img as a PNG when it came as one (screenshots, drawings
// with sharp edges) or has see-through parts, otherwise as a JPEG.
func encode(img image.Image, k kind) (photo, error) {
	var buf bytes.Buffer
	b := img.Bounds()
	p := photo{width: b.Dx(), height: b.Dy()}
	if k == kindPNG || !opaque(img) {
		p.ctype = TypePNG
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&buf, img); err != nil {
			return p, err
		}
	} else {
		p.ctype = TypeJPEG
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
			return p, err
		}
	}
	p.data = buf.Bytes()
	return p, nil
}

func opaque(img image.Image) bool {
	o, ok := img.(interface{ Opaque() bool })
	return !ok || o.Opaque()
}

// thumbnail scales img down so its long side is size pixels; ok is false
// when it is no bigger than that already, and the photo is its own
// thumbnail.
func thumbnail(img image.Image, size int) (image.Image, bool) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= size && h <= size {
		return nil, false
	}
	if w >= h {
		w, h = size, max(1, h*size/w)
	} else {
		w, h = max(1, w*size/h), size
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst, true
}
