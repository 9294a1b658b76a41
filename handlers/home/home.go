package home

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

type homePage struct {
	Counts estate.EstateCounts
}

type landingOrg struct {
	Slug, Name, URL string
}

type landingPage struct {
	BaseDomain string
	Orgs       []landingOrg // listed in dev mode only
}

// home is an organisation's front page (a signed-in person's own home
// page), or the landing page on the bare base domain.
func (s *handler) home(c echo.Context) error {
	o := handlers.OrgOf(c)
	if o == nil {
		return s.landing(c)
	}
	if handlers.IdentityOf(c) != nil {
		return s.residentHome(c)
	}
	counts, err := estate.Counts(c.Request().Context(), o.DB.Read())
	if err != nil {
		return err
	}
	handlers.KeepPage(c, time.Time{}) // the counts change only with a write
	return s.Render(c, http.StatusOK, handlers.View{Page: "home", Title: "Home", Data: homePage{Counts: counts}})
}

func (s *handler) landing(c echo.Context) error {
	p := landingPage{BaseDomain: s.Tenants.BaseDomain()}
	if s.Dev {
		orgs, err := s.Tenants.List(c.Request().Context())
		if err != nil {
			return err
		}
		port := ""
		if _, pt, ok := strings.Cut(c.Request().Host, ":"); ok {
			port = ":" + pt
		}
		for _, o := range orgs {
			p.Orgs = append(p.Orgs, landingOrg{Slug: o.Slug, Name: o.Name,
				URL: fmt.Sprintf("http://%s.%s%s/", o.Slug, s.Tenants.BaseDomain(), port)})
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "landing", Title: "Resident and owner portals", Data: p})
}

// logo serves the organisation's logo. Its URL carries the content hash, so
// it can be cached for good.
func (s *handler) logo(c echo.Context) error {
	o := handlers.OrgOf(c)
	if !o.Settings.HasLogo() {
		return errs.E(errs.NotFound, "This organisation has no logo.")
	}
	h := c.Response().Header()
	if c.QueryParam("v") == o.Settings.LogoHash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	etag := `"` + o.Settings.LogoHash + `"`
	h.Set("ETag", etag)
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	logo, err := estate.CachedLogo(c.Request().Context(), o.DB, o.DB.Read())
	if err != nil {
		return err
	}
	if logo.Type == estate.SVGType {
		// Stored only as SanitizeSVG rebuilt it; opened on its own, it
		// still may not run or fetch anything.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
		h.Set("X-Content-Type-Options", "nosniff")
	}
	// The kept bytes are written as they are, never copied per request.
	return c.Blob(http.StatusOK, logo.Type, logo.Data)
}

// homeRoutes registers the organisation's home page, its logo, a signed-in
// person's own units and, in development, the sent-mail pages.
func (s *handler) homeRoutes(e *echo.Echo) {
	e.GET("/", s.home)
	e.GET("/branding/logo", s.logo, s.RequireOrg)
	e.GET("/units/:id", s.residentUnit, s.RequireOrg, s.RequireSignedIn)
	if s.Dev {
		dev := s.Org(e, "/_dev", s.LoopbackOnly)
		dev.GET("/mail", s.devMailList)
		dev.GET("/mail/:name", s.devMailMessage)
	}
}
