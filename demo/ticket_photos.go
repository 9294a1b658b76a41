package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"

	"github.com/go-pdf/fpdf"

	"porch/tickets"
)

// The pictures residents send with the demo's requests, drawn rather than
// shipped: a wall with a damp patch, a cracked tile, a stained ceiling.
const (
	photoDamp  = "damp"
	photoTile  = "tile"
	photoStain = "stain"
)

const photoW, photoH = 800, 600

// drawPhoto draws the named picture, varied by rng, as a JPEG.
func drawPhoto(kind string, rng *rand.Rand) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, photoW, photoH))
	switch kind {
	case photoDamp:
		fill(img, rng, color.RGBA{228, 222, 205, 255}, 6)
		blotch(img, rng, 380+rng.Float64()*60, 230, 170, color.RGBA{96, 92, 70, 255}, 0.75)
		blotch(img, rng, 420, 260, 90, color.RGBA{45, 52, 40, 255}, 0.6)
	case photoStain:
		fill(img, rng, color.RGBA{240, 238, 232, 255}, 4)
		for r := 220.0; r > 20; r -= 40 {
			blotch(img, rng, 400, 300, r, color.RGBA{176, 140, 84, 255}, 0.25)
		}
	case photoTile:
		tiles(img, rng)
	default:
		return nil, fmt.Errorf("demo: no photo %q", kind)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 82}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// fill paints the picture c with a little grain, as a phone's photo of a
// painted wall has.
func fill(img *image.RGBA, rng *rand.Rand, c color.RGBA, grain int) {
	for y := range photoH {
		shade := int(float64(y) / photoH * 18) // light falls off down the wall
		for x := range photoW {
			n := rng.IntN(2*grain+1) - grain - shade
			img.SetRGBA(x, y, color.RGBA{add(c.R, n), add(c.G, n), add(c.B, n), 255})
		}
	}
}

// blotch mixes c into an irregular round patch about r across, strongest
// at its centre.
func blotch(img *image.RGBA, rng *rand.Rand, cx, cy, r float64, c color.RGBA, strength float64) {
	wobble := [8]float64{}
	for i := range wobble {
		wobble[i] = 0.75 + rng.Float64()*0.5
	}
	for y := max(0, int(cy-2*r)); y < min(photoH, int(cy+2*r)); y++ {
		for x := max(0, int(cx-2*r)); x < min(photoW, int(cx+2*r)); x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			a := math.Atan2(dy, dx)
			i := int((a+math.Pi)/(2*math.Pi)*8) % 8
			edge := r * (wobble[i] + (wobble[(i+1)%8]-wobble[i])*math.Mod((a+math.Pi)/(2*math.Pi)*8, 1))
			d := math.Hypot(dx, dy) / edge
			if d >= 1 {
				continue
			}
			w := strength * (1 - d*d) * (0.85 + rng.Float64()*0.3)
			p := img.RGBAAt(x, y)
			img.SetRGBA(x, y, color.RGBA{mix(p.R, c.R, w), mix(p.G, c.G, w), mix(p.B, c.B, w), 255})
		}
	}
}

// tiles draws white wall tiles with grout lines and one cracked across.
func tiles(img *image.RGBA, rng *rand.Rand) {
	const size, grout = 150, 6
	fill(img, rng, color.RGBA{236, 240, 242, 255}, 3)
	for y := range photoH {
		for x := range photoW {
			if (x+20)%size < grout || (y+10)%size < grout {
				img.SetRGBA(x, y, color.RGBA{168, 166, 158, 255})
			}
		}
	}
	// The crack wanders across the middle tile.
	x, y := 300.0, 200.0
	for x < 440 {
		for t := -1; t <= 1; t++ {
			img.SetRGBA(int(x), int(y)+t, color.RGBA{60, 60, 64, 255})
		}
		x += 1
		y += (rng.Float64() - 0.35) * 2.2
	}
}

func add(v uint8, n int) uint8 { return uint8(max(0, min(255, int(v)+n))) }

func mix(a, b uint8, w float64) uint8 { return uint8(float64(a)*(1-w) + float64(b)*w) }

// quotePDF is a contractor's one-page quote.
func quotePDF(supplier, ref string, lines []quoteLine) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	tr := f.UnicodeTranslatorFromDescriptor("")
	f.AddPage()
	f.SetFont("Helvetica", "B", 18)
	f.Cell(0, 10, tr(supplier))
	f.Ln(12)
	f.SetFont("Helvetica", "", 11)
	f.Cell(0, 6, tr("Quotation "+ref))
	f.Ln(10)
	for _, l := range lines {
		f.CellFormat(140, 7, tr(l.what), "B", 0, "L", false, 0, "")
		f.CellFormat(30, 7, tr(tickets.Pounds(l.pence)), "B", 1, "R", false, 0, "")
	}
	f.SetFont("Helvetica", "B", 11)
	f.CellFormat(140, 8, "Total including VAT", "", 0, "L", false, 0, "")
	f.CellFormat(30, 8, tr(tickets.Pounds(total(lines))), "", 1, "R", false, 0, "")
	f.Ln(6)
	f.SetFont("Helvetica", "", 9)
	f.MultiCell(0, 5, "This quotation is valid for 30 days. Work is guaranteed for 12 months.", "", "L", false)
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// quoteLine is one line of a contractor's quote.
type quoteLine struct {
	what  string
	pence int64
}

// total is what the quote comes to.
func total(lines []quoteLine) int64 {
	var t int64
	for _, l := range lines {
		t += l.pence
	}
	return t
}
