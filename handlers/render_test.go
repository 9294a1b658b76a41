package handlers_test

import (
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/internal/webtest"
)

// A feature that declares a block its page does not define stops the
// application from being built, rather than failing on the first request
// that targets it.
func TestUndeclarableBlocksFailStartUp(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil)
	for _, tt := range []struct{ page, block, want string }{
		{"no_such_page", "x", "no page template"},
		{"admin_ledger_banks", "no-such-block", "defines no block"},
	} {
		func() {
			defer func() {
				p := recover()
				if p == nil || !strings.Contains(p.(string), tt.want) {
					t.Errorf("Blocks(%q, %q): panic %v, want one saying %q", tt.page, tt.block, p, tt.want)
				}
			}()
			handlers.New(f.Cfg, func(_ *echo.Echo, k *handlers.Kit) { k.Blocks(tt.page, tt.block) })
		}()
	}
}

// Render answers an htmx request that targets a declared block with that
// block alone, another htmx request with the page's content, and a plain
// request with the whole page.
func TestRenderPicksPageOrBlock(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", ppl.Manager)
	tests := []struct {
		name, target  string
		hdr           []string
		want, notWant string
	}{
		{"page", "", nil, "<html", ""},
		{"declared block", "people-rows", []string{"HX-Request", "true", "HX-Target", "people-rows"}, `id="people-rows"`, "<h1"},
		{"undeclared target", "nav", []string{"HX-Request", "true", "HX-Target", "nav"}, "<h1", "<html"},
		{"boosted", "people-rows", []string{"HX-Request", "true", "HX-Boosted", "true", "HX-Target", "people-rows"}, "<html", ""},
	}
	for _, tt := range tests {
		rec := b.Get("/admin/people", tt.hdr...)
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, tt.want) || (tt.notWant != "" && strings.Contains(body, tt.notWant)) {
			t.Errorf("%s: %d, want %q and not %q in %.300s", tt.name, rec.Code, tt.want, tt.notWant, body)
		}
	}
}
