package sites

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
)

// sitesPage lists the sites with the form that adds one.
type sitesPage struct {
	Sites        []estate.SiteSummary
	Archived     int  // how many sites are archived
	ShowArchived bool // the list includes them
	Form         siteForm
	Kinds        []handlers.Choice
	Nations      []handlers.Choice
}

// loadSites reads the list; ?archived=1 shows archived sites too.
func (s *handler) loadSites(c echo.Context) (*sitesPage, error) {
	p := &sitesPage{ShowArchived: c.QueryParam("archived") == "1", Kinds: siteKinds, Nations: nations,
		Form: siteForm{SiteInput: estate.SiteInput{Kind: estate.KindBlock}}}
	var err error
	p.Sites, p.Archived, err = estate.FindSites(c.Request().Context(), handlers.OrgOf(c).DB.Read(),
		estate.SiteFilter{Archived: p.ShowArchived})
	return p, err
}

// sitesList shows every site in use (and archived ones when asked).
func (s *handler) sitesList(c echo.Context) error {
	p, err := s.loadSites(c)
	if err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_sites", Title: "Sites", Data: p, Wide: true})
}

// createSite adds a site and goes to its page, where its units are added.
func (s *handler) createSite(c echo.Context) error {
	form := readSite(c)
	var site estate.Site
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		var err error
		if site, err = estate.CreateSite(ctx, tx, form.SiteInput, s.Now()); err != nil {
			return "", "", "", err
		}
		return "site.created", site.PublicID, estate.SiteChanges(estate.Site{}, site).String(), nil
	})
	if f, ok := refusal(err, siteFields); ok {
		p, err := s.loadSites(c)
		if err != nil {
			return err
		}
		form.Errors = f
		p.Form = form
		return s.Render(c, http.StatusUnprocessableEntity, handlers.View{Page: "admin_sites", Title: "Sites", Data: p, Wide: true,
			Block: handlers.FormBlock(c, "site-add")})
	}
	if err != nil {
		return err
	}
	return handlers.Redirect(c, "/admin/sites/"+site.PublicID+"?done=created")
}
