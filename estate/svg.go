package estate

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"

	"porch/errs"
)

// An SVG logo is a document that could carry script, fetch other files or
// pull in external entities, and it is shown on every page. SanitizeSVG
// therefore rebuilds it from an allowlist: drawing elements and their
// attributes pass, anything else is dropped (with its content), and what
// cannot be parsed strictly is refused.

// Namespaces of the SVG documents accepted.
const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// svgElements are the drawing elements an SVG logo may use.
var svgElements = setOf("svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle",
	"ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient",
	"stop", "clipPath", "mask", "pattern", "style")

// svgAttrs are the attributes, without namespace, they may carry.
var svgAttrs = setOf("id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
	"width", "height", "d", "points", "viewBox", "preserveAspectRatio", "transform", "version",
	"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
	"stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color",
	"display", "visibility", "style", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
	"dominant-baseline", "alignment-baseline", "letter-spacing", "word-spacing", "dx", "dy", "rotate", "textLength",
	"lengthAdjust", "startOffset", "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform",
	"spreadMethod", "patternUnits", "patternContentUnits", "patternTransform", "clip-path", "clip-rule",
	"clipPathUnits", "mask", "maskUnits", "maskContentUnits", "vector-effect", "paint-order", "shape-rendering",
	"text-rendering", "role", "aria-label", "aria-hidden", "focusable", "href")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// localRef is a link inside the document: "#id".
var localRef = regexp.MustCompile(`^#[A-Za-z_][\w.:-]*$`)

// cssURL finds url( in CSS or an attribute, with what follows it.
var cssURL = regexp.MustCompile(`(?i)url\(\s*['"]?\s*(.?)`)

// safeValue reports whether an attribute value or CSS text can neither
// fetch nor run anything: url() only to "#id", no at-rules (@import,
// @font-face), image-set, expressions, script URLs, escapes that could
// hide them, or markup.
func safeValue(v string) bool {
	l := strings.ToLower(v)
	for _, bad := range []string{"@", "image-set", "expression", "javascript:", "vbscript:", "data:", "\\", "<", "behavior", "-moz-binding"} {
		if strings.Contains(l, bad) {
			return false
		}
	}
	for _, m := range cssURL.FindAllStringSubmatch(v, -1) {
		if m[1] != "#" {
			return false
		}
	}
	return true
}

// errUnsafeSVG refuses an SVG that cannot be cleaned.
func errUnsafeSVG(why string) error {
	return errs.Fields{"logo": "This SVG cannot be used as a logo: " + why + " Export it again as plain SVG, or upload a PNG."}.Err()
}

// errNotSVG means the bytes are not an SVG document at all.
var errNotSVG = errors.New("not an svg document")

// SanitizeSVG returns data rebuilt from the allowlist: drawing elements
// and attributes only, links only within the document, no script, event
// handlers, foreign content or external styles. It refuses, with a field
// message for "logo", a document with a DOCTYPE or entities, one that is
// not well-formed, or one left with nothing to draw; errNotSVG when the
// bytes are not SVG at all.
func SanitizeSVG(data []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = nil // only the five predefined entities
	dec.CharsetReader = nil
	var out bytes.Buffer
	skip := 0 // depth inside a dropped element
	var open []string
	var css bytes.Buffer // the text of the open style element
	rootNS := svgNS
	drawn := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(open) == 0 && !drawn {
				return nil, errNotSVG
			}
			return nil, errUnsafeSVG("it is not well-formed XML.")
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, errUnsafeSVG("it declares a DOCTYPE or entities, which could read other files.")
		case xml.ProcInst, xml.Comment:
			// Dropped: nothing in them draws.
		case xml.StartElement:
			if len(open) == 0 && out.Len() == 0 {
				if t.Name.Local != "svg" || t.Name.Space != svgNS && t.Name.Space != "" {
					return nil, errNotSVG
				}
				rootNS = t.Name.Space // browsers need the namespace, which the output declares
			}
			if len(open) == 0 && out.Len() > 0 {
				return nil, errUnsafeSVG("it has more than one root element.")
			}
			if skip > 0 || t.Name.Space != rootNS || !svgElements[t.Name.Local] {
				skip++
				continue
			}
			open = append(open, t.Name.Local)
			writeStart(&out, t, len(open) == 1)
			drawn = drawn || (t.Name.Local != "svg" && t.Name.Local != "title" && t.Name.Local != "desc")
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if open[len(open)-1] == "style" {
				// Judged whole: pieces split by comments or CDATA could
				// each look harmless.
				if safeValue(css.String()) {
					_ = xml.EscapeText(&out, css.Bytes())
				}
				css.Reset()
			}
			out.WriteString("</" + open[len(open)-1] + ">")
			open = open[:len(open)-1]
		case xml.CharData:
			switch {
			case skip > 0 || len(open) == 0:
			case open[len(open)-1] == "style":
				css.Write(t)
			default:
				_ = xml.EscapeText(&out, t)
			}
		}
	}
	if out.Len() == 0 {
		return nil, errNotSVG
	}
	if !drawn {
		return nil, errUnsafeSVG("nothing in it can be drawn.")
	}
	return out.Bytes(), nil
}

// writeStart writes an allowed element with its allowed attributes; the
// root declares the namespaces the output uses.
func writeStart(out *bytes.Buffer, t xml.StartElement, root bool) {
	out.WriteString("<" + t.Name.Local)
	if root {
		out.WriteString(` xmlns="` + svgNS + `" xmlns:xlink="` + xlinkNS + `"`)
	}
	for _, a := range t.Attr {
		name := a.Name.Local
		switch {
		case a.Name.Space == xlinkNS && name == "href":
			name = "xlink:href"
		case a.Name.Space != "" || !svgAttrs[name]:
			continue // on* handlers, xmlns, foreign attributes
		}
		v := strings.TrimSpace(a.Value)
		if name == "href" || name == "xlink:href" {
			if !localRef.MatchString(v) {
				continue
			}
		} else if !safeValue(v) {
			continue
		}
		out.WriteString(" " + name + `="`)
		_ = xml.EscapeText(out, []byte(v))
		out.WriteString(`"`)
	}
	out.WriteString(">")
}
