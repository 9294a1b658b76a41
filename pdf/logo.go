package pdf

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // registers GIF for image.Decode
	_ "image/jpeg"
	"image/png"

	"github.com/go-pdf/fpdf"
)

// maxLogoPixels bounds the logo a document will decode, so a small file
// that claims huge dimensions cannot exhaust memory.
const maxLogoPixels = 4000 * 4000

// loadLogo registers the brand's logo and sizes it for the header. A logo
// that cannot be read is left out: a document without it is still correct,
// one that fails to render is not.
func (d *doc) loadLogo() {
	raw := d.brand.Logo
	if len(raw) == 0 {
		return
	}
	// The bytes decide the format; the stored content type only guards
	// against a type this package does not print. An SVG is drawn as a
	// PNG first; a WebP is decoded and handed over as a PNG below.
	switch d.brand.LogoType {
	case "", "image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp":
	case "image/svg+xml":
		if raw = rasterSVG(raw); raw == nil {
			return
		}
	default:
		return
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxLogoPixels {
		return
	}
	var info *fpdf.ImageInfoType
	if format != "webp" {
		info = d.register("logo", format, raw)
	}
	if info == nil {
		// fpdf reads only a subset of PNGs (no interlacing, for one):
		// decode with the standard library and hand it a plain PNG.
		img, _, err := image.Decode(bytes.NewReader(raw))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return
		}
		if info = d.register("logo-png", "png", buf.Bytes()); info == nil {
			return
		}
		d.logo = "logo-png"
	} else {
		d.logo = "logo"
	}
	w, h := info.Extent()
	d.logoH = headerH
	d.logoW = w / h * headerH
	if d.logoW > maxLogoW {
		d.logoW = maxLogoW
		d.logoH = h / w * maxLogoW
	}
}

// register adds an image to the document, returning nil (and leaving the
// document without error) when fpdf cannot read it. fpdf's parsers panic on
// some truncated files, so that is caught here too.
func (d *doc) register(name, format string, raw []byte) (info *fpdf.ImageInfoType) {
	if d.f.Err() {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			d.f.SetErrorf("logo: %v", r)
			info = nil
		}
		if d.f.Err() {
			d.f.ClearError()
			info = nil
		}
	}()
	info = d.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: format}, bytes.NewReader(raw))
	if info == nil && !d.f.Err() {
		d.f.SetError(fmt.Errorf("logo: unreadable %s", format))
	}
	return info
}
