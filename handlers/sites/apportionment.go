package sites

import (
	"context"
	"database/sql"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// apPage is one apportionment schedule of a site: a grid of the site's
// units in use, each with its share of this schedule (an input for those
// who manage the estate) and, on a desk, its shares of the others to read
// across.
type apPage struct {
	Site   estate.Site
	Ap     estate.Apportionment
	Others []estate.Apportionment // the site's other schedules in use
	Rows   []apRow
	Check  estate.SharesCheck // the total of the shares shown, and what is wrong
	Errors errs.Fields        // form, total and each unit's share (estate.ShareField)
	Rename apForm
	Notice string
	Error  string // why archiving or restoring was refused
}

// apRow is one unit of the grid.
type apRow struct {
	estate.ShareRow
	Value  string   // the share as typed, or as stored
	Error  string   // why the share typed is not one
	Others []string // its shares of the other schedules, "" when not in one
}

// URL is the schedule's address.
func (p *apPage) URL() string { return apURL(p.Site, p.Ap) }

// SiteURL is the site's address.
func (p *apPage) SiteURL() string { return "/admin/sites/" + p.Site.PublicID }

// ApURL is the address of another of the site's schedules.
func (p *apPage) ApURL(a estate.Apportionment) string { return apURL(p.Site, a) }

// Members counts the units in the schedule as shown.
func (p *apPage) Members() int {
	n := 0
	for _, r := range p.Check.Rows {
		if r.In {
			n++
		}
	}
	return n
}

// Cols is the number of the grid's columns.
func (p *apPage) Cols() int { return 4 + len(p.Others) }

// Invalid names the units whose shares as typed are not percentages, for
// the running total, which is shown apart from the rows.
func (p *apPage) Invalid() string {
	var names []string
	for _, r := range p.Rows {
		if r.Error != "" {
			names = append(names, r.Name)
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return "The share of " + names[0] + " is not a percentage, so the total leaves it out."
	}
	return "The shares of " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] +
		" are not percentages, so the total leaves them out."
}

// Blocks of the schedule's page; each is also its element's id.
var apBlocks = []string{"ap-screen", "ap-grid", "ap-total", "ap-name"}

// loadAp reads the site and schedule of the path, with every unit's share
// as stored.
func (s *handler) loadAp(c echo.Context) (*apPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	site, err := estate.GetSite(ctx, q, c.Param("id"))
	if err != nil {
		return nil, err
	}
	a, err := estate.GetApportionment(ctx, q, site.ID, c.Param("ap"))
	if err != nil {
		return nil, err
	}
	p := &apPage{Site: site, Ap: a, Rename: apForm{Name: a.Name, Errors: errs.Fields{}}, Errors: errs.Fields{}}
	grid, err := estate.SiteShareGrid(ctx, q, site.ID)
	if err != nil {
		return nil, err
	}
	col := -1
	for j, o := range grid.Schedules {
		if o.ID == a.ID {
			col = j
		} else {
			p.Others = append(p.Others, o)
		}
	}
	rows, err := estate.ApportionmentShares(ctx, q, a) // an archived schedule is not in the grid
	if err != nil {
		return nil, err
	}
	p.Rows = make([]apRow, len(rows))
	for i, r := range rows {
		p.Rows[i] = apRow{ShareRow: r, Value: r.Input()}
		if i < len(grid.Shares) {
			for j, sh := range grid.Shares[i] {
				if j != col {
					p.Rows[i].Others = append(p.Rows[i].Others, sh.Share())
				}
			}
		}
	}
	p.Check, err = estate.CheckShares(ctx, q, a, nil)
	return p, err
}

// showAp writes the schedule's page, or the named block for htmx.
func (s *handler) showAp(c echo.Context, status int, p *apPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_apportionment", Title: p.Ap.Name + " shares, " + p.Site.Name,
		Data: p, Wide: true, Block: block})
}

// apportionmentPage shows a schedule's grid.
func (s *handler) apportionmentPage(c echo.Context) error {
	p, err := s.loadAp(c)
	if err != nil {
		return err
	}
	p.Notice = apNotice(c.QueryParam("done"))
	return s.showAp(c, http.StatusOK, p, "")
}

// apDone answers a change to a schedule that worked.
func (s *handler) apDone(c echo.Context, key string) error {
	return handlers.Done(c, apURL(estate.Site{PublicID: c.Param("id")}, estate.Apportionment{PublicID: c.Param("ap")})+"?done="+key,
		"ap-screen", func() error {
			p, err := s.loadAp(c)
			if err != nil {
				return err
			}
			p.Notice = apNotice(key)
			return s.showAp(c, http.StatusOK, p, "ap-screen")
		})
}

// readShares reads the grid's inputs, one "share.<unit>" field a unit.
func readShares(c echo.Context) (estate.SharesInput, error) {
	form, err := c.FormParams()
	if err != nil {
		return nil, errs.E(errs.Invalid, "The form could not be read. Load the page again.")
	}
	in := estate.SharesInput{}
	for k, v := range form {
		if pub, ok := strings.CutPrefix(k, "share."); ok && len(v) > 0 {
			in[pub] = v[0]
		}
	}
	return in, nil
}

// apply shows the shares as typed with what is wrong with them. A total
// off 100% is an error only when a save was refused: while the shares are
// being typed it is the running total's news, which must not take the
// focus from the field being typed in as an error does.
func (p *apPage) apply(in estate.SharesInput, check estate.SharesCheck, saving bool) {
	p.Check = check
	for k, v := range check.Fields {
		if k != "total" || saving {
			p.Errors.Add(k, v)
		}
	}
	for i := range p.Rows {
		if v, ok := in[p.Rows[i].UnitPublicID]; ok {
			p.Rows[i].Value = strings.TrimSpace(v)
		}
		p.Rows[i].Error = p.Errors[estate.ShareField(p.Rows[i].UnitPublicID)]
	}
}

// saveShares checks the grid (any action but save: the "Check total"
// button, and htmx as the shares are typed, which swaps just the total) or
// saves it whole, in one transaction with its audit entry.
func (s *handler) saveShares(c echo.Context) error {
	p, err := s.loadAp(c)
	if err != nil {
		return err
	}
	in, err := readShares(c)
	if err != nil {
		return err
	}
	if c.FormValue("action") != "save" {
		check, err := estate.CheckShares(c.Request().Context(), handlers.OrgOf(c).DB.Read(), p.Ap, in)
		if err != nil {
			return err
		}
		p.apply(in, check, false)
		block := handlers.FormBlock(c, "ap-grid")
		if handlers.HX(c).Swaps() == "ap-total" {
			block = "ap-total"
		}
		return s.showAp(c, http.StatusOK, p, block)
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		changes, err := estate.SaveShares(ctx, tx, p.Ap.ID, in)
		return "apportionment.shares", p.Ap.PublicID, p.Site.Name + ", " + p.Ap.Name + ": " + changes.String(), err
	})
	if f, ok := handlers.FieldsOf(err); ok {
		check, cerr := estate.CheckShares(c.Request().Context(), handlers.OrgOf(c).DB.Read(), p.Ap, in)
		if cerr != nil {
			return cerr
		}
		p.apply(in, check, true)
		for k, v := range f {
			p.Errors.Add(k, v)
		}
		return s.showAp(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "ap-grid"))
	}
	if err != nil {
		return err
	}
	return s.apDone(c, "saved")
}
