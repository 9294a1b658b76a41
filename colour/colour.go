// Package colour holds the contrast arithmetic of an organisation's brand
// colour: WCAG relative luminance and contrast ratios, and the nearest
// colour of the same hue that carries white text legibly. The branding
// screen's check and the pages' theme both use it, so a colour is judged
// the same way everywhere.
package colour

import (
	"fmt"
	"math"
	"strconv"
)

// MinContrast is WCAG 2 AA for normal text: the least contrast a primary
// colour must have with the white text of a button, and with the white of
// the page behind a link.
const MinContrast = 4.5

// steps is how finely Readable darkens a colour: it scales the channels by
// k/steps, k falling from steps to 0.
const steps = 1000

// Parse reads a #rrggbb colour into its channels (0-255).
func Parse(s string) (r, g, b float64, ok bool) {
	if len(s) != 7 || s[0] != '#' {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff), true
}

// Hex writes channels (0-255, clamped and rounded) as #rrggbb.
func Hex(r, g, b float64) string {
	c := func(v float64) int { return int(math.Round(math.Max(0, math.Min(255, v)))) }
	return fmt.Sprintf("#%02x%02x%02x", c(r), c(g), c(b))
}

// Luminance is the WCAG relative luminance of an sRGB colour (0-255
// channels).
func Luminance(r, g, b float64) float64 {
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast is the WCAG contrast ratio of two relative luminances.
func Contrast(l1, l2 float64) float64 {
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

// OnWhite returns the contrast ratio of hex with white, or 0 when hex is
// not a #rrggbb colour.
func OnWhite(hex string) float64 {
	r, g, b, ok := Parse(hex)
	if !ok {
		return 0
	}
	return Contrast(Luminance(r, g, b), 1)
}

// Passes reports whether white text on hex (and hex on white) meets
// MinContrast.
func Passes(hex string) bool { return OnWhite(hex) >= MinContrast }

// scaled is hex's channels multiplied by k/steps, as #rrggbb.
func scaled(r, g, b float64, k int) string {
	f := float64(k) / steps
	return Hex(r*f, g*f, b*f)
}

// Readable returns the lightest colour of hex's hue that meets
// MinContrast with white: hex itself when it passes, else hex darkened
// by the smallest step (its channels scaled down together, which keeps
// hue and saturation) that passes. ok is false when hex is not a
// #rrggbb colour.
func Readable(hex string) (string, bool) {
	r, g, b, ok := Parse(hex)
	if !ok {
		return "", false
	}
	for k := steps; k > 0; k-- {
		if c := scaled(r, g, b, k); Passes(c) {
			return c, true
		}
	}
	return "#000000", true
}
