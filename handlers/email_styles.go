package handlers

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"regexp"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
)

// styleAttrRE finds the style attributes of rendered email HTML, which
// html/template always writes double-quoted.
var styleAttrRE = regexp.MustCompile(`\sstyle="([^"]*)"`)

// AllowEmailStyles lets the response's CSP accept exactly the inline
// style attributes of the email HTML doc, by their hashes. A document
// that shows an email (in a sandboxed iframe, whose srcdoc inherits the
// page's policy, or as the iframe's own document) needs them: emails
// carry inline styles to survive mail clients, and the policy otherwise
// refuses them. The hashes cover the styles of doc only, so the page
// must carry the email rendered with the brand colour it shows.
func AllowEmailStyles(c echo.Context, doc string) {
	var srcs []string
	for _, m := range styleAttrRE.FindAllStringSubmatch(doc, -1) {
		sum := sha256.Sum256([]byte(html.UnescapeString(m[1])))
		src := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !slices.Contains(srcs, src) {
			srcs = append(srcs, src)
		}
	}
	if len(srcs) == 0 {
		return
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", h.Get("Content-Security-Policy")+"; style-src-attr 'unsafe-hashes' "+strings.Join(srcs, " "))
}
