package notices

import (
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/notices"
)

// residentPage is the notices of a person's buildings, or one of them.
type residentPage struct {
	Notices []notices.Notice
	Notice  notices.Notice
	Unread  int
}

// siteIDs are the sites of the person's current homes.
func siteIDs(c echo.Context) []int64 {
	sites, _ := handlers.HomesOf(handlers.IdentityOf(c).Scope)
	return sites
}

// residentList shows the notices of the person's buildings: pinned first,
// then newest, the ones they have not opened marked new.
func (s *handler) residentList(c echo.Context) error {
	ns, err := notices.ForSites(c.Request().Context(), handlers.OrgOf(c).DB.Read(), handlers.IdentityOf(c).Person.ID, siteIDs(c), s.Now(), 0)
	if err != nil {
		return err
	}
	p := &residentPage{Notices: ns}
	for _, n := range ns {
		if !n.Read {
			p.Unread++
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "notices", Title: "Notices", Data: p})
}

// residentNotice shows one notice the person may read, and records that
// they read it. Any other notice's address answers as a missing one does,
// and is logged. The read mark is the one change a GET makes: it only
// takes a "new" badge off the person's own list.
func (s *handler) residentNotice(c echo.Context) error {
	n, err := s.residentGet(c)
	if err != nil {
		return err
	}
	if !n.Read {
		if err := handlers.OrgOf(c).DB.Write(c.Request().Context(), func(tx *sql.Tx) error {
			return notices.MarkRead(c.Request().Context(), tx, n.ID, handlers.IdentityOf(c).Person.ID, s.Now())
		}); err != nil {
			return err
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "notice", Title: n.Title, Data: &residentPage{Notice: n}})
}

// residentAttachment sends a notice's file to a person who may read it.
func (s *handler) residentAttachment(c echo.Context) error {
	n, err := s.residentGet(c)
	if err != nil {
		return err
	}
	return s.sendAttachment(c, n)
}

// residentGet finds the notice of the path among those the person may
// read; a miss is logged, since it is another site's notice or a guess.
func (s *handler) residentGet(c echo.Context) (notices.Notice, error) {
	id := handlers.IdentityOf(c)
	n, err := notices.GetFor(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"), id.Person.ID, siteIDs(c), s.Now())
	if err != nil {
		handlers.Log(c).Warn("notice not readable by this person", "person", id.Person.PublicID, "notice", c.Param("id"))
	}
	return n, err
}
