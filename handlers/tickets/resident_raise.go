package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/tickets"
)

// raiseRequest files the request of the form, with its photos. The home
// must be one of the person's and the category one its site allows
// (tickets.Raise checks that, whatever the form offered). A refusal shows
// the form again with everything typed and every photo taken, and the
// messages next to their fields. "Show categories for this home" (the
// form without JavaScript, after choosing another home) shows the form
// again for that home.
func (s *handler) raiseRequest(c echo.Context) error {
	mp, err := s.ReadMultipart(c, "photos", tickets.MaxPhotos)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	me := handlers.IdentityOf(c)
	f := &requestForm{Homes: homesOf(me.Scope), Location: c.FormValue("location"), Category: c.FormValue("category"),
		Title: c.FormValue("title"), Description: c.FormValue("description"), MayEnter: c.FormValue("may_enter") != "",
		AccessNotes: c.FormValue("access_notes"), Errors: errs.Fields{}}
	if len(f.Homes) == 0 {
		return s.showForm(c, http.StatusForbidden, f)
	}
	s.chooseHome(c, f, c.FormValue("unit"))
	if f.Photos, err = s.takePhotos(c, mp); err != nil {
		return err
	}
	if err := f.loadCategories(ctx, c); err != nil {
		return err
	}
	if c.FormValue("action") == "categories" {
		f.Errors = errs.Fields{}
		return s.showForm(c, http.StatusOK, f)
	}
	catID, err := f.categoryID(ctx, c)
	if err != nil {
		return err
	}
	home, _ := f.home()
	n := tickets.New{SiteID: home.SiteID, UnitID: home.UnitID, Location: f.Location, CategoryID: catID, Title: f.Title,
		Description: f.Description, MayEnter: f.MayEnter, AccessNotes: f.AccessNotes, RaisedBy: me.Person.ID,
		CreatedBy: me.Person.ID, Photos: f.Photos.photos()}
	if err := n.Check(ctx, handlers.OrgOf(c).DB.Read()); err != nil {
		if !refusedFields(err, f.Errors) {
			return err
		}
	}
	if f.Photos.Error != "" {
		f.Errors.Add("photos", f.Photos.Error)
	}
	if len(f.Errors) > 0 {
		return s.showForm(c, http.StatusUnprocessableEntity, f)
	}
	var t tickets.Ticket
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		var err error
		if t, err = tickets.Raise(ctx, tx, s.Now(), n); err != nil {
			return "", "", "", err
		}
		if err := s.mailStaff(ctx, c, tx, t, mailRaised, t.Description, len(n.Photos)); err != nil {
			return "", "", "", err
		}
		return "ticket.raised", t.PublicID, fmt.Sprintf("%s %q, %s", t.Ref(), t.Title, t.Where()), nil
	})
	if refusedFields(err, f.Errors) {
		return s.showForm(c, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	s.KickMail()
	return handlers.Redirect(c, requestURL(t)+"?done=sent")
}

// refusedFields copies the field messages of a refusal into into and
// reports whether err was one.
func refusedFields(err error, into errs.Fields) bool {
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		return false
	}
	if len(e.Fields) == 0 {
		into.Add("form", e.Message)
	}
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		into.Add(k, e.Fields[k])
	}
	return true
}

// requestURL is the address of a request's page.
func requestURL(t tickets.Ticket) string { return requestsURL + "/" + t.PublicID }
