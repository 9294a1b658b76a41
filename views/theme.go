package views

import "porch/colour"

// Theme is the pair of colours a page is branded with: Primary for links and
// primary buttons on white, and OnPrimary for text on Primary.
type Theme struct {
	Primary   string
	OnPrimary string
}

// minContrast is WCAG 2 AA for normal text.
const minContrast = colour.MinContrast

// ThemeFor derives a theme from an organisation's chosen colour. A colour
// too light to read on white, or to carry white text, is darkened to the
// nearest shade of its hue that passes WCAG AA (colour.Readable); an
// unreadable brand colour is never shown as chosen. The branding screen
// refuses such a colour, so this guards only colours saved before it did.
func ThemeFor(hex string) Theme {
	c, ok := colour.Readable(hex)
	if !ok {
		c, _ = colour.Readable("#1d5e8c")
	}
	return Theme{Primary: c, OnPrimary: "#ffffff"}
}

// ContrastOnWhite returns the WCAG contrast ratio of hex against white.
func ContrastOnWhite(hex string) float64 { return colour.OnWhite(hex) }
