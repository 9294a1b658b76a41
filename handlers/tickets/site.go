package tickets

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/tickets"
)

// sitePage is a site's allow-list: every active category, ticked where
// residents of the site may choose it.
type sitePage struct {
	Site    estate.Site
	Choices []siteChoice
	Notice  string
	Error   string // why a save was refused
}

// siteChoice is one category on a site's allow-list.
type siteChoice struct {
	tickets.Category
	Allowed bool
}

// URL is the allow-list's address.
func (p *sitePage) URL() string { return "/admin/sites/" + p.Site.PublicID + "/ticket-categories" }

// loadSite reads the site of the path with its allow-list.
func (s *handler) loadSite(c echo.Context) (*sitePage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	site, err := estate.GetSite(ctx, q, c.Param("id"))
	if err != nil {
		return nil, err
	}
	all, err := tickets.ListCategories(ctx, q)
	if err != nil {
		return nil, err
	}
	allowed, err := tickets.AllowedForSite(ctx, q, site.ID)
	if err != nil {
		return nil, err
	}
	yes := map[int64]bool{}
	for _, a := range allowed {
		yes[a.ID] = true
	}
	p := &sitePage{Site: site}
	for _, cat := range all {
		if !cat.Retired() {
			p.Choices = append(p.Choices, siteChoice{cat, yes[cat.ID]})
		}
	}
	return p, nil
}

// showSite renders the allow-list, or only its block for htmx.
func (s *handler) showSite(c echo.Context, status int, p *sitePage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_site_ticket_categories",
		Title: "Requests residents may raise: " + p.Site.Name, Data: p, Block: block})
}

// sitePage shows the site's allow-list; managers get the checkboxes.
func (s *handler) sitePage(c echo.Context) error {
	p, err := s.loadSite(c)
	if err != nil {
		return err
	}
	if c.QueryParam("done") == "saved" {
		p.Notice = "Saved. Residents of this site can choose the ticked categories."
	}
	return s.showSite(c, http.StatusOK, p, "")
}

// saveSite makes the ticked categories the site's allow-list, audited as
// the names before and after.
func (s *handler) saveSite(c echo.Context) error {
	p, err := s.loadSite(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	chosen := form["category"]
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		detail, err := tickets.SetSiteCategories(ctx, tx, p.Site.ID, chosen)
		return "site.ticket_categories", p.Site.PublicID, p.Site.Name + ": " + detail, err
	})
	if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
		p.Error = e.Message
		return s.showSite(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "site-categories"))
	}
	if err != nil {
		return err
	}
	return handlers.Done(c, p.URL()+"?done=saved", "site-categories", func() error {
		p, err := s.loadSite(c)
		if err != nil {
			return err
		}
		p.Notice = "Saved. Residents of this site can choose the ticked categories."
		return s.showSite(c, http.StatusOK, p, "site-categories")
	})
}
