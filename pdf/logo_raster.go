package pdf

import (
	"bytes"
	"image"
	"image/png"
	"math"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
	_ "golang.org/x/image/webp" // registers WebP for image.Decode
)

// svgLogoHeight is the height in pixels an SVG logo is drawn at for a
// document: sharp at the header's 18 mm in print.
const svgLogoHeight = 240

// rasterSVG draws an SVG logo as a PNG, which fpdf can print, or returns
// nil when it cannot: the header then shows the organisation's name
// alone. The SVG was cleaned when it was uploaded (estate.SanitizeSVG),
// and the rasteriser neither runs nor fetches anything.
func rasterSVG(raw []byte) (out []byte) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	icon, err := oksvg.ReadIconStream(bytes.NewReader(raw), oksvg.IgnoreErrorMode)
	if err != nil || icon.ViewBox.W <= 0 || icon.ViewBox.H <= 0 {
		return nil
	}
	h := svgLogoHeight
	w := int(math.Round(icon.ViewBox.W / icon.ViewBox.H * float64(h)))
	if w < 1 || w > 8*h {
		return nil
	}
	icon.SetTarget(0, 0, float64(w), float64(h))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	icon.Draw(rasterx.NewDasher(w, h, rasterx.NewScannerGV(w, h, img, img.Bounds())), 1)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil
	}
	return buf.Bytes()
}
