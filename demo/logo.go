package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// logoPNG draws the demo organisation's logo: a house whose roof is in the
// primary colour, beside two bars that stand in for a wordmark. Drawing it in
// code keeps binary files out of the repository and the logo in step with
// the colour.
func logoPNG(primary color.NRGBA) ([]byte, error) {
	const w, h = 240, 60
	img := image.NewNRGBA(image.Rect(0, 0, w, h)) // transparent background
	light := lighten(primary, 60)
	fill := func(x0, y0, x1, y1 int, c color.NRGBA) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.SetNRGBA(x, y, c)
			}
		}
	}

	// Walls and door, under the roof.
	fill(14, 30, 46, 54, light)
	fill(26, 40, 34, 54, primary)
	// Roof: a chevron 9 pixels thick with its apex at (30, 6).
	for y := 6; y < 32; y++ {
		outer := y - 6
		for x := 30 - outer; x <= 30+outer; x++ {
			if d := abs(x - 30); d > outer-9 {
				img.SetNRGBA(x, y, primary)
			}
		}
	}
	// The wordmark's place: a bold bar and a lighter, shorter one.
	fill(64, 16, 232, 32, primary)
	fill(64, 38, 184, 46, light)

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// lighten mixes c with white; pct is the share of white, 0 to 100.
func lighten(c color.NRGBA, pct int) color.NRGBA {
	mix := func(v uint8) uint8 { return uint8(int(v) + (255-int(v))*pct/100) }
	return color.NRGBA{mix(c.R), mix(c.G), mix(c.B), 255}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
