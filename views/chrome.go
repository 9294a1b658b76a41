package views

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"sync"

	"porch/estate"
)

// Chrome is the part of every page drawn from the organisation's settings
// alone: the link home with logo and name, the footer, the "Contact us"
// card and the theme. It is rendered by the templates of layout.html and
// partials.html once per version of the settings and kept, so a page
// request executes only what is its own. The settings are part of the key,
// so a change of branding is a new Chrome on the very next request.
type Chrome struct {
	Head     template.HTML // stylesheet and icon links
	ThemeCSS template.CSS  // the custom properties of the theme
	Brand    template.HTML // the link home: logo and name
	Footer   template.HTML // inside <footer>
	Contact  template.HTML // the "Contact us" card
	// StyleHash is the CSP source that allows the page's one inline style,
	// the theme: 'sha256-…' of ThemeCSS. A hash, not a nonce, so a page
	// is the same bytes on every request and the policy is per theme.
	StyleHash string
}

// chromeKey is what a Chrome is drawn from. Settings holds only strings and
// a time, so the whole value is the key.
type chromeKey struct {
	org     estate.Settings
	hasOrg  bool
	logoURL string
}

// maxChromes bounds the kept chromes: one per organisation served, and a
// few more while settings change. Past it they are all dropped.
const maxChromes = 2048

type chromes struct {
	mu sync.Mutex
	m  map[chromeKey]Chrome
	t  *template.Template // the layout and partials, executed for nothing else
}

// Chrome returns the chrome of the page d is for, rendering it the first
// time its settings are seen. A page rendered with d afterwards uses it.
func (r *Renderer) Chrome(d *Data) (Chrome, error) {
	if d.Chrome.ThemeCSS != "" {
		return d.Chrome, nil
	}
	ch, err := r.chromeFor(d)
	if err == nil {
		d.Chrome = ch
	}
	return ch, err
}

// chromeFor returns the chrome of the page d is for, rendering it the
// first time its settings are seen.
func (r *Renderer) chromeFor(d *Data) (Chrome, error) {
	k := chromeKey{logoURL: d.LogoURL}
	if d.Org != nil {
		k.org, k.hasOrg = *d.Org, true
	}
	c := &r.chromes
	c.mu.Lock()
	ch, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return ch, nil
	}
	ch, err := c.render(d)
	if err != nil {
		return Chrome{}, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxChromes {
		c.m = make(map[chromeKey]Chrome)
	}
	c.m[k] = ch
	c.mu.Unlock()
	return ch, nil
}

// render executes the chrome's templates with the settings of d only.
func (c *chromes) render(d *Data) (Chrome, error) {
	in := &Data{Org: d.Org, LogoURL: d.LogoURL}
	exec := func(name string) (template.HTML, error) {
		var b bytes.Buffer
		if err := c.t.ExecuteTemplate(&b, name, in); err != nil {
			return "", fmt.Errorf("views: chrome %s: %w", name, err)
		}
		return template.HTML(b.String()), nil // #nosec G203 -- the output of html/template
	}
	var ch Chrome
	var err error
	for _, p := range []struct {
		name string
		out  *template.HTML
	}{{"head-links", &ch.Head}, {"brand", &ch.Brand}, {"site-footer", &ch.Footer}, {"contact-card", &ch.Contact}} {
		if *p.out, err = exec(p.name); err != nil {
			return Chrome{}, err
		}
	}
	colour := ""
	if d.Org != nil {
		colour = d.Org.PrimaryColour
	}
	th := ThemeFor(colour)                                                                              // two #rrggbb colours, nothing else
	ch.ThemeCSS = template.CSS(":root{--primary:" + th.Primary + ";--on-primary:" + th.OnPrimary + "}") // #nosec G203
	sum := sha256.Sum256([]byte(ch.ThemeCSS))
	ch.StyleHash = "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	return ch, nil
}
