package documents

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/handlers"
)

// residentPage is what a person may read: each site's visible folders,
// then their homes' own documents.
type residentPage struct {
	Sites []siteShelf
	Homes []homeShelf
}

type siteShelf struct {
	Name    string
	Folders []folderShelf
}

type folderShelf struct {
	Name string
	Docs []documents.Document
}

type homeShelf struct {
	Name, Site string
	Docs       []documents.Document
}

// Empty reports whether the person sees no documents at all.
func (p *residentPage) Empty() bool { return len(p.Sites) == 0 && len(p.Homes) == 0 }

// holdings are the signed-in person's current links, an owner's marked
// for the properties their owner portal shows.
func holdings(c echo.Context) ([]documents.Holding, error) {
	scope := handlers.IdentityOf(c).Scope
	hs := documents.HoldingsOf(scope.Current)
	if !scope.OwnsProperties() {
		return hs, nil
	}
	ps, err := scope.Properties(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.UnitID
	}
	return documents.WithOwnerPortal(hs, ids), nil
}

// residentPage lists the documents the person may read, grouped by site
// and folder, then by home; newest first within each.
func (s *handler) residentPage(c echo.Context) error {
	hs, err := holdings(c)
	if err != nil {
		return err
	}
	ds, err := documents.ForPerson(c.Request().Context(), handlers.OrgOf(c).DB.Read(), hs)
	if err != nil {
		return err
	}
	p := &residentPage{}
	for _, d := range ds {
		if d.ForUnit() {
			if n := len(p.Homes); n == 0 || p.Homes[n-1].Name != d.UnitName || p.Homes[n-1].Site != d.SiteName {
				p.Homes = append(p.Homes, homeShelf{Name: d.UnitName, Site: d.SiteName})
			}
			h := &p.Homes[len(p.Homes)-1]
			h.Docs = append(h.Docs, d)
			continue
		}
		if n := len(p.Sites); n == 0 || p.Sites[n-1].Name != d.SiteName {
			p.Sites = append(p.Sites, siteShelf{Name: d.SiteName})
		}
		st := &p.Sites[len(p.Sites)-1]
		if n := len(st.Folders); n == 0 || st.Folders[n-1].Name != d.FolderName {
			st.Folders = append(st.Folders, folderShelf{Name: d.FolderName})
		}
		f := &st.Folders[len(st.Folders)-1]
		f.Docs = append(f.Docs, d)
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "documents", Title: "Documents", Data: p})
}

// residentDownload sends the current version of a document the person may
// read: an owner's owner-portal documents too. Any other address answers
// as a missing document does, and is logged: it is someone else's
// document, or a guess.
func (s *handler) residentDownload(c echo.Context) error {
	id := handlers.IdentityOf(c)
	hs, err := holdings(c)
	if err != nil {
		return err
	}
	d, err := documents.GetFor(c.Request().Context(), handlers.OrgOf(c).DB.Read(), hs, c.Param("id"))
	if err != nil {
		handlers.Log(c).Warn("document not readable by this person", "person", id.Person.PublicID, "document", fmt.Sprintf("%.40q", c.Param("id")))
		return err
	}
	return s.send(c, d.Current.Hash, d.Title)
}
