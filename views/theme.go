package views

import (
	"fmt"
	"math"
	"strconv"
)

// Theme is the pair of colours a page is branded with: Primary for links and
// primary buttons on white, and OnPrimary for text on Primary.
type Theme struct {
	Primary   string
	OnPrimary string
}

// minContrast is WCAG 2 AA for normal text.
const minContrast = 4.5

// ThemeFor derives a theme from an organisation's chosen colour. A colour
// too light to read on white, or to carry white text, is darkened step by
// step until it passes WCAG AA, keeping its hue; an unreadable brand colour
// is never shown as chosen.
func ThemeFor(hex string) Theme {
	r, g, b, ok := parseHex(hex)
	if !ok {
		r, g, b, _ = parseHex("#1d5e8c")
	}
	for i := 0; i < 100 && contrast(luminance(r, g, b), 1) < minContrast; i++ {
		r, g, b = math.Round(r*0.95), math.Round(g*0.95), math.Round(b*0.95)
	}
	return Theme{Primary: toHex(r, g, b), OnPrimary: "#ffffff"}
}

// ContrastOnWhite returns the WCAG contrast ratio of hex against white.
func ContrastOnWhite(hex string) float64 {
	r, g, b, ok := parseHex(hex)
	if !ok {
		return 0
	}
	return contrast(luminance(r, g, b), 1)
}

func parseHex(s string) (r, g, b float64, ok bool) {
	if len(s) != 7 || s[0] != '#' {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff), true
}

func toHex(r, g, b float64) string {
	c := func(v float64) int { return int(math.Round(math.Max(0, math.Min(255, v)))) }
	return fmt.Sprintf("#%02x%02x%02x", c(r), c(g), c(b))
}

// luminance is WCAG relative luminance of an sRGB colour (0-255 channels).
func luminance(r, g, b float64) float64 {
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(l1, l2 float64) float64 {
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}
