package sites

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/documents"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/notices"
	"porch/tickets"
)

// settingsPage is one site's settings in one place: what its residents
// and owners see (document folders, notices, the year-end pack), what
// they may ask for (request categories) and what its demands must say
// (the landlord for notices, the nation whose wording applies). Each
// section saves on its own, behind the permission of the screen it used
// to live on alone.
type settingsPage struct {
	Site       estate.Site
	Release    string // documents.ReleaseAuto or ReleaseApprove
	Folders    []documents.Folder
	Categories []categoryChoice
	Notices    bool // the site's residents see notices
	Statutory  statutoryForm
	Summaries  []summaryState // the prescribed texts for the site's nation
	Notice     string         // the confirmation of a save, in its section
	Done       string         // the section it belongs to
	Errors     errs.Fields    // refused input, by field; "folders", "categories" for a section's own message
}

// categoryChoice is a request category with whether residents of the
// site may pick it.
type categoryChoice struct {
	tickets.Category
	Allowed bool
}

// statutoryForm is the landlord and nation as typed.
type statutoryForm struct {
	LandlordName, LandlordAddress, Nation string
}

// summaryState is one prescribed text a demand of the site may need,
// and whether the organisation has supplied it for the site's nation.
type summaryState struct {
	Label    string
	Supplied bool
}

// Sections of the settings page; each is also its element's id and the
// key of its confirmation.
const (
	secFolders    = "settings-folders"
	secRelease    = "settings-release"
	secCategories = "settings-categories"
	secNotices    = "settings-notices"
	secStatutory  = "settings-statutory"
)

var settingsBlocks = []string{secFolders, secRelease, secCategories, secNotices, secStatutory}

// settingsRoutes registers the page and a save for each section, each
// needing the permission its own screen needs.
func (s *handler) settingsRoutes(e *echo.Echo) {
	s.Blocks("admin_site_settings", settingsBlocks...)
	g := s.Admin(e, "/sites/:id/settings", auth.SeePeople)
	g.GET("", s.settingsPage)
	docs := g.Needing(auth.ShareDocuments)
	docs.POST("/folders", s.saveFolders)
	docs.POST("/release", s.saveRelease)
	estateOnly := g.Needing(auth.ManageEstate)
	estateOnly.POST("/categories", s.saveCategories)
	estateOnly.POST("/notices", s.saveNotices)
	estateOnly.POST("/statutory", s.saveStatutory)

	// The request categories had a page of their own before the settings
	// gathered them: its address leads to their section, and its form's
	// address still saves them.
	old := s.Admin(e, "/sites/:id/ticket-categories", auth.SeePeople)
	old.GET("", func(c echo.Context) error {
		return handlers.Redirect(c, "/admin/sites/"+c.Param("id")+"/settings#"+secCategories)
	})
	old.Needing(auth.ManageEstate).POST("", s.saveCategories)
}

// URL is the settings page's address.
func (p *settingsPage) URL() string { return "/admin/sites/" + p.Site.PublicID + "/settings" }

// Nations are the choices of where a block is.
func (p *settingsPage) Nations() []handlers.Choice { return nations }

// NationName is the site's nation for people.
func (p *settingsPage) NationName() string {
	if p.Site.Nation == estate.NationWales {
		return "Wales"
	}
	return "England"
}

// NoticeIn is the confirmation for the section, if it is the one saved.
func (p *settingsPage) NoticeIn(section string) string {
	if p.Done == section {
		return p.Notice
	}
	return ""
}

var summaryLabels = map[string]string{
	estate.SummaryServiceCharge: "Summary of rights for service charges",
	estate.SummaryAdminCharge:   "Summary of rights for administration charges",
	estate.SummaryGroundRent:    "Notes for leaseholders on ground rent notices",
}

// loadSettings reads the site of the path with every setting as saved.
func (s *handler) loadSettings(c echo.Context) (*settingsPage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	site, err := estate.GetSite(ctx, q, c.Param("id"))
	if err != nil {
		return nil, err
	}
	if site.Archived() {
		return nil, errs.E(errs.NotFound, "This site is archived: restore it to change its settings.")
	}
	p := &settingsPage{Site: site, Errors: errs.Fields{},
		Statutory: statutoryForm{LandlordName: site.LandlordName, LandlordAddress: site.LandlordAddress, Nation: site.Nation}}
	doc, err := documents.GetSite(ctx, q, site.PublicID)
	if err != nil {
		return nil, err
	}
	p.Release = doc.YearEndRelease
	folders, err := documents.Folders(ctx, q, site.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range folders {
		if !f.Archived() {
			p.Folders = append(p.Folders, f)
		}
	}
	if p.Categories, err = categoryChoices(c, site.ID); err != nil {
		return nil, err
	}
	if p.Notices, err = notices.SiteVisible(ctx, q, site.ID); err != nil {
		return nil, err
	}
	for _, kind := range estate.SummaryKinds {
		text, err := estate.DemandSummary(ctx, q, kind, site.Nation)
		if err != nil {
			return nil, err
		}
		p.Summaries = append(p.Summaries, summaryState{summaryLabels[kind], text != ""})
	}
	return p, nil
}

// categoryChoices is every active request category, ticked where the
// site's residents may pick it.
func categoryChoices(c echo.Context, siteID int64) ([]categoryChoice, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	all, err := tickets.ListCategories(ctx, q)
	if err != nil {
		return nil, err
	}
	allowed, err := tickets.AllowedForSite(ctx, q, siteID)
	if err != nil {
		return nil, err
	}
	yes := map[int64]bool{}
	for _, a := range allowed {
		yes[a.ID] = true
	}
	var out []categoryChoice
	for _, cat := range all {
		if !cat.Retired() {
			out = append(out, categoryChoice{cat, yes[cat.ID]})
		}
	}
	return out, nil
}

// showSettings writes the page, or one section for htmx.
func (s *handler) showSettings(c echo.Context, status int, p *settingsPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_site_settings", Title: p.Site.Name + ": settings", Data: p, Wide: true, Block: block})
}

// settingsNotices are the confirmations, by section.
var settingsNotices = map[string]string{
	secFolders:    "Saved who sees each folder.",
	secRelease:    "Saved when this site's year-end pack is released.",
	secCategories: "Saved. Residents of this site can choose the ticked categories.",
	secNotices:    "Saved whether this site's residents see notices.",
	secStatutory:  "Saved the details this site's demands give.",
}

func (s *handler) settingsPage(c echo.Context) error {
	p, err := s.loadSettings(c)
	if err != nil {
		return err
	}
	if msg, ok := settingsNotices[c.QueryParam("done")]; ok {
		p.Done, p.Notice = c.QueryParam("done"), msg
	}
	return s.showSettings(c, http.StatusOK, p, "")
}
