package sites

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// sitePage is one site: its details, its units and the forms that change
// them.
type sitePage struct {
	Site     estate.Site
	Units    []estate.Unit
	Archived []estate.Unit // units taken out of use, which can be restored
	SharePPM int64         // the units' shares added up
	// Apportionments are a block's schedules, the default first.
	Apportionments []estate.Apportionment
	Edit           siteForm
	Unit           unitForm
	Range          rangeForm
	Kinds          []handlers.Choice
	Nations        []handlers.Choice
	NewAp          apForm // add an apportionment schedule
	Steps          ledger.ReminderSteps
	Reminders      remindersForm
	Notice         string
	Error          string // why archiving or restoring was refused
}

// URL is the site's address.
func (p *sitePage) URL() string { return "/admin/sites/" + p.Site.PublicID }

// Share is the units' shares added up, as a percentage.
func (p *sitePage) Share() string { return estate.FormatSharePPM(p.SharePPM) }

// SharesWhole reports shares totalling exactly 100%, as a bulk demand
// needs.
func (p *sitePage) SharesWhole() bool { return p.SharePPM == estate.FullSharePPM }

// UnitKinds are the choices of a unit's kind.
func (p *sitePage) UnitKinds() any { return estate.UnitKinds }

// Fragments of the site page; each is also its element's id.
var siteBlocks = []string{"site-screen", "site-edit", "unit-add", "unit-range", "ap-add", "site-reminders"}

// loadSite reads the site of the path and fills the forms' defaults.
func (s *handler) loadSite(c echo.Context) (*sitePage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	site, err := estate.GetSite(ctx, q, c.Param("id"))
	if err != nil {
		return nil, err
	}
	p := &sitePage{Site: site, Kinds: siteKinds, Nations: nations, Edit: siteForm{SiteInput: site.InputOf()},
		Unit:  unitForm{UnitInput: estate.UnitInput{Kind: estate.UnitKindFlat}},
		Range: rangeForm{UnitRange: estate.UnitRange{Prefix: "Flat", From: "1", Kind: estate.UnitKindFlat}}}
	if p.Units, err = estate.ListUnits(ctx, q, site.ID); err != nil {
		return nil, err
	}
	for _, u := range p.Units {
		p.SharePPM += u.SharePPM
	}
	if p.Archived, err = estate.ArchivedUnits(ctx, q, site.ID); err != nil {
		return nil, err
	}
	if p.Apportionments, err = apportionmentsOf(ctx, q, site); err != nil {
		return nil, err
	}
	p.NewAp = apForm{Errors: errs.Fields{}}
	if p.Steps, err = ledger.SiteReminderSteps(ctx, q, site.ID); err != nil {
		return nil, err
	}
	p.Reminders = remindersForm{Days: p.Steps.String(), Errors: errs.Fields{}}
	return p, nil
}

// show writes the site page, or the named block for htmx.
func (s *handler) show(c echo.Context, status int, p *sitePage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_site", Title: p.Site.Name, Data: p, Wide: true, Block: block})
}

// siteNotice is the confirmation after a change, chosen by a key in the
// redirect so no free text travels in the URL.
func siteNotice(key, n string) string {
	switch key {
	case "created":
		return "Site added. Now add its units."
	case "saved":
		return "Site details saved."
	case "archived":
		return "Site archived. It no longer appears in lists or bulk demands; its accounts and history stay."
	case "restored":
		return "Site restored."
	case "unit":
		return "Unit added."
	case "units":
		return n + " units added. Give each its share before raising a bulk demand."
	case "reminders":
		return "Reminder steps saved."
	case "unit-archived":
		return "Unit archived."
	}
	return ""
}

// sitePage shows a site.
func (s *handler) sitePage(c echo.Context) error {
	p, err := s.loadSite(c)
	if err != nil {
		return err
	}
	p.Notice = siteNotice(c.QueryParam("done"), c.QueryParam("n"))
	return s.show(c, http.StatusOK, p, "")
}

// siteDone answers a change to the site that worked.
func (s *handler) siteDone(c echo.Context, key, n string) error {
	target := "/admin/sites/" + c.Param("id") + "?done=" + key
	if n != "" {
		target += "&n=" + n
	}
	return handlers.Done(c, target, "site-screen", func() error {
		p, err := s.loadSite(c)
		if err != nil {
			return err
		}
		p.Notice = siteNotice(key, n)
		return s.show(c, http.StatusOK, p, "site-screen")
	})
}

// siteChange runs a change of the site's page. A refusal is answered here,
// with a nil page: the form (block) again with its messages, put in place
// by refused, or, with no form (refused nil), the whole screen with the
// message at the top. Otherwise the caller answers the success.
func (s *handler) siteChange(c echo.Context, block string, fields []string, refused func(*sitePage, errs.Fields),
	do func(ctx context.Context, tx *sql.Tx, site estate.Site) (action, object, detail string, err error)) (*sitePage, error) {
	p, err := s.loadSite(c)
	if err != nil {
		return nil, err
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) { return do(ctx, tx, p.Site) })
	f, ok := refusal(err, fields)
	if !ok {
		return p, err
	}
	if refused == nil {
		p.Error = f["form"]
		return nil, s.show(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "site-screen"))
	}
	refused(p, f)
	return nil, s.show(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, block))
}

// updateSite saves the site's details.
func (s *handler) updateSite(c echo.Context) error {
	form := readSite(c)
	p, err := s.siteChange(c, "site-edit", siteFields, func(p *sitePage, f errs.Fields) { form.Errors = f; p.Edit = form },
		func(ctx context.Context, tx *sql.Tx, site estate.Site) (string, string, string, error) {
			_, changes, err := estate.UpdateSite(ctx, tx, site.ID, form.SiteInput)
			return "site.updated", site.PublicID, changes.String(), err
		})
	if p == nil || err != nil {
		return err
	}
	return s.siteDone(c, "saved", "")
}

// archiveSite takes the site out of use; restoreSite puts it back.
func (s *handler) archiveSite(c echo.Context) error {
	p, err := s.siteChange(c, "", nil, nil, func(ctx context.Context, tx *sql.Tx, site estate.Site) (string, string, string, error) {
		_, err := estate.ArchiveSite(ctx, tx, site.ID, s.Now())
		return "site.archived", site.PublicID, site.Name + ": " + archived(false).String(), err
	})
	if p == nil || err != nil {
		return err
	}
	return s.siteDone(c, "archived", "")
}

func (s *handler) restoreSite(c echo.Context) error {
	p, err := s.siteChange(c, "", nil, nil, func(ctx context.Context, tx *sql.Tx, site estate.Site) (string, string, string, error) {
		_, err := estate.RestoreSite(ctx, tx, site.ID)
		return "site.restored", site.PublicID, site.Name + ": " + archived(true).String(), err
	})
	if p == nil || err != nil {
		return err
	}
	return s.siteDone(c, "restored", "")
}

// archived is the audit's change of a site or unit archived (was true)
// or restored.
func archived(was bool) estate.Changes {
	yes := map[bool]string{false: "no", true: "yes"}
	return estate.Changes{{Field: "archived", Old: yes[was], New: yes[!was]}}
}

// addUnit adds one unit to the site.
func (s *handler) addUnit(c echo.Context) error {
	form := readUnit(c)
	p, err := s.siteChange(c, "unit-add", unitFields, func(p *sitePage, f errs.Fields) { form.Errors = f; p.Unit = form },
		func(ctx context.Context, tx *sql.Tx, site estate.Site) (string, string, string, error) {
			u, err := estate.CreateUnit(ctx, tx, site.ID, form.UnitInput, s.Now())
			return "unit.created", u.PublicID, site.Name + ": " + estate.UnitChanges(estate.Unit{}, u).String(), err
		})
	if p == nil || err != nil {
		return err
	}
	return s.siteDone(c, "unit", "")
}

// addUnitRange checks a numbered range of units (any action but add,
// which is also what htmx sends as the fields change) or adds it.
func (s *handler) addUnitRange(c echo.Context) error {
	form := readRange(c)
	if c.FormValue("action") != "add" {
		p, err := s.loadSite(c)
		if err != nil {
			return err
		}
		names, err := estate.PreviewUnits(c.Request().Context(), handlers.OrgOf(c).DB.Read(), p.Site.ID, &form.UnitRange)
		f, refused := refusal(err, rangeFields)
		if err != nil && !refused {
			return err
		}
		form.Names, form.Errors = names, f
		p.Range = form
		return s.show(c, http.StatusOK, p, handlers.FormBlock(c, "unit-range"))
	}
	var added int
	p, err := s.siteChange(c, "unit-range", rangeFields, func(p *sitePage, f errs.Fields) { form.Errors = f; p.Range = form },
		func(ctx context.Context, tx *sql.Tx, site estate.Site) (string, string, string, error) {
			units, err := estate.CreateUnits(ctx, tx, site.ID, form.UnitRange, s.Now())
			if err != nil {
				return "", "", "", err
			}
			added = len(units)
			return "units.created", site.PublicID, site.Name + ": " + strconv.Itoa(added) + " units added, " +
				strconv.Quote(units[0].Name) + " to " + strconv.Quote(units[added-1].Name), nil
		})
	if p == nil || err != nil {
		return err
	}
	return s.siteDone(c, "units", strconv.Itoa(added))
}
