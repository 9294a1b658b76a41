package estate_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"porch/errs"
	"porch/estate"
)

// webpLogo is a 1x1 lossless WebP image.
var webpLogo, _ = base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

func pngLogo(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	img.Set(1, 1, color.NRGBA{0x0f, 0x6e, 0x6e, 0xff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// logoMessage is the field message CheckLogo gives for data, or "".
func logoMessage(t *testing.T, data []byte) string {
	t.Helper()
	_, _, err := estate.CheckLogo(data)
	if err == nil {
		return ""
	}
	de, ok := errs.As(err)
	if !ok || de.Fields["logo"] == "" {
		t.Fatalf("CheckLogo: %v, want a message for the logo field", err)
	}
	return de.Fields["logo"]
}

func TestLogoFormatsAreJudgedByContent(t *testing.T) {
	for name, tt := range map[string]struct {
		data  []byte
		ctype string
	}{
		"png":  {pngLogo(t), "image/png"},
		"webp": {webpLogo, "image/webp"},
		"svg":  {[]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0f6e6e"/></svg>`), estate.SVGType},
	} {
		_, ctype, err := estate.CheckLogo(tt.data)
		if err != nil || ctype != tt.ctype {
			t.Errorf("%s: %q, %v; want %s", name, ctype, err, tt.ctype)
		}
	}
	for name, tt := range map[string]struct {
		data []byte
		want string
	}{
		"text named .png":    {[]byte("This is not a picture at all.\n"), "must be a PNG, JPEG, GIF, WebP or SVG"},
		"html":               {[]byte("<html><body>hi</body></html>"), "must be a PNG, JPEG, GIF, WebP or SVG"},
		"empty":              {[]byte("  "), "Choose an image file"},
		"too big":            {append(pngLogo(t), make([]byte, estate.MaxLogoBytes)...), "512 KB or smaller"},
		"broken png":         {pngLogo(t)[:30], "could not be read"},
		"svg, nothing drawn": {[]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "nothing in it can be drawn"},
	} {
		if got := logoMessage(t, tt.data); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", name, got, tt.want)
		}
	}
}

// The hostile SVGs: each is refused, or stored without anything that can
// run, fetch or read.
func TestSVGLogoCannotCarryScript(t *testing.T) {
	const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">`
	hostile := map[string]string{
		"script":        open + `<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>`,
		"cdata script":  open + `<script><![CDATA[alert(1)]]></script><circle r="4"/></svg>`,
		"onload":        `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10" onclick="alert(2)"/></svg>`,
		"javascript":    open + `<a href="javascript:alert(1)"><rect width="10" height="10"/></a><use xlink:href="javascript:alert(1)"/></svg>`,
		"foreignObject": open + `<foreignObject width="10" height="10"><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example/"></iframe></body></foreignObject><rect width="1" height="1"/></svg>`,
		"external use":  open + `<use href="http://evil.example/sprite.svg#a"/><use xlink:href="https://evil.example/x.svg#b"/><rect id="r" width="1" height="1"/><use href="#r"/></svg>`,
		"style":         open + `<style>@import url(https://evil.example/x.css); rect { fill: url(https://evil.example/a) }</style><rect width="10" height="10" style="fill:url(http://evil.example/b);behavior:url(x.htc)" fill="url(//evil.example/c)"/></svg>`,
		"split style":   open + `<style>@imp<!-- -->ort "http://evil.example/x.css"; rect { background: image-set("http://evil.example/i.png" 1x) }</style><rect width="1" height="1"/></svg>`,
		"image":         open + `<image href="https://evil.example/track.png" width="1" height="1"/><rect width="1" height="1"/></svg>`,
	}
	banned := []string{"script", "alert", "javascript", "foreignObject", "evil.example", "onload", "onclick", "@import", "iframe", "<image", "<a", "image-set"}
	for name, svg := range hostile {
		clean, ctype, err := estate.CheckLogo([]byte(svg))
		if err != nil {
			t.Errorf("%s: refused (%v); it can be made safe", name, err)
			continue
		}
		if ctype != estate.SVGType {
			t.Errorf("%s: type %q", name, ctype)
		}
		for _, b := range banned {
			if strings.Contains(string(clean), b) {
				t.Errorf("%s: cleaned SVG still has %q: %s", name, b, clean)
			}
		}
	}
	clean, _, _ := estate.CheckLogo([]byte(hostile["external use"]))
	if !strings.Contains(string(clean), `<use href="#r">`) {
		t.Errorf("a link inside the document was dropped: %s", clean)
	}

	for name, svg := range map[string]string{
		"doctype": `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>`,
		"entity":  `<!DOCTYPE svg [<!ENTITY big "lol">]><svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`,
		"broken":  `<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"></svg>`,
	} {
		if got := logoMessage(t, []byte(svg)); !strings.Contains(got, "cannot be used as a logo") {
			t.Errorf("%s: %q, want a refusal", name, got)
		}
	}
}

func TestSetAndRemoveLogo(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		if err := estate.InitSettings(ctx, tx, "Acme", testNow); err != nil {
			return err
		}
		return estate.SetLogo(ctx, tx, webpLogo, testNow)
	})
	data, ctype, err := estate.GetLogo(ctx, db.Read())
	if err != nil || ctype != "image/webp" || !bytes.Equal(data, webpLogo) {
		t.Fatalf("webp logo: %q %v", ctype, err)
	}
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error { return estate.RemoveLogo(ctx, tx, testNow) })
	if _, _, err := estate.GetLogo(ctx, db.Read()); !errs.Is(err, errs.NotFound) {
		t.Fatalf("after removal: %v", err)
	}
	if s, _ := estate.GetSettings(ctx, db.Read()); s.HasLogo() || s.LogoHash != "" {
		t.Errorf("settings still name a logo: %+v", s)
	}
}

func TestBrandingRefusesAColourWhiteTextCannotBeReadOn(t *testing.T) {
	b := estate.Branding{Name: "Acme", PrimaryColour: "#FFCC00"}
	err := b.Validate()
	de, ok := errs.As(err)
	if !ok || !strings.Contains(de.Fields["primary_colour"], "1.5:1") || !strings.Contains(de.Fields["primary_colour"], "#907300") {
		t.Fatalf("#ffcc00: %v %q", err, de.Fields)
	}
	b.PrimaryColour = "#907300"
	if err := b.Validate(); err != nil {
		t.Errorf("the suggested colour is refused: %v", err)
	}
}
