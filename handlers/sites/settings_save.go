package sites

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/notices"
	"porch/tickets"
)

// ErrorIn is the message of a refused save for the section as a whole,
// shown at its top, if the section is the one refused.
func (p *settingsPage) ErrorIn(section string) string {
	if p.Done == section {
		return p.Errors["form"]
	}
	return ""
}

// settingsChange runs one section's save, audited in the transaction of
// the change. A refusal shows the section again (the page, for a plain
// post) with its messages beside their fields, as typed (keep puts back
// what was typed), with 422; a save that worked redirects to the page
// (the section again, for htmx) with its confirmation.
func (s *handler) settingsChange(c echo.Context, section string, keep func(*settingsPage),
	do func(ctx context.Context, tx *sql.Tx, p *settingsPage) (action, detail string, err error)) error {
	p, err := s.loadSettings(c)
	if err != nil {
		return err
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		action, detail, err := do(ctx, tx, p)
		return action, p.Site.PublicID, p.Site.Name + ": " + detail, err
	})
	if f, ok := handlers.FieldsOf(err); ok {
		p.Errors, p.Done = f, section
		if keep != nil {
			keep(p)
		}
		return s.showSettings(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, section))
	}
	if err != nil {
		return err
	}
	return handlers.Done(c, p.URL()+"?done="+section+"#"+section, section, func() error {
		p, err := s.loadSettings(c)
		if err != nil {
			return err
		}
		p.Done, p.Notice = section, settingsNotices[section]
		return s.showSettings(c, http.StatusOK, p, section)
	})
}

// saveFolders opens and closes the site's folders to its residents and
// owners: each folder listed in the form (folder) is seen by those ticked
// for it (residents, owners); a folder not of this site refuses the save.
func (s *handler) saveFolders(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	ticked := func(key string) map[string]bool {
		m := map[string]bool{}
		for _, id := range form[key] {
			m[id] = true
		}
		return m
	}
	residents, owners := ticked("residents"), ticked("owners")
	return s.settingsChange(c, secFolders, nil, func(ctx context.Context, tx *sql.Tx, p *settingsPage) (string, string, error) {
		ours := map[string]documents.Folder{}
		for _, f := range p.Folders {
			ours[f.PublicID] = f
		}
		var changes []string
		for _, id := range form["folder"] {
			f, ok := ours[id]
			if !ok {
				return "", "", errs.Fields{"form": "One of the folders is no longer on this site's list. Check the folders below and save again."}.Err()
			}
			if f.ResidentsSee == residents[id] && f.OwnersSee == owners[id] {
				continue
			}
			if _, err := documents.SetFolderVisibility(ctx, tx, id, residents[id], owners[id]); err != nil {
				return "", "", err
			}
			changes = append(changes, fmt.Sprintf("folder %q seen by %s → %s", f.Name, f.SeenBy(), documents.SeenBy(residents[id], owners[id])))
		}
		if len(changes) == 0 {
			return "documents.folder_visibility", "no change", nil
		}
		return "documents.folder_visibility", strings.Join(changes, "; "), nil
	})
}

// saveRelease chooses how the site's year-end pack is released.
func (s *handler) saveRelease(c echo.Context) error {
	mode := c.FormValue("year_end_release")
	return s.settingsChange(c, secRelease, func(p *settingsPage) { p.Release = mode },
		func(ctx context.Context, tx *sql.Tx, p *settingsPage) (string, string, error) {
			return "documents.year_end_release", "year-end pack released " + documents.ReleaseWords(mode),
				documents.SetYearEndRelease(ctx, tx, p.Site.ID, mode)
		})
}

// saveCategories makes the ticked categories the ones residents of the
// site may pick.
func (s *handler) saveCategories(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	return s.settingsChange(c, secCategories, nil, func(ctx context.Context, tx *sql.Tx, p *settingsPage) (string, string, error) {
		detail, err := tickets.SetSiteCategories(ctx, tx, p.Site.ID, form["category"])
		return "site.ticket_categories", detail, err
	})
}

// saveNotices switches notices on or off for the site's residents.
func (s *handler) saveNotices(c echo.Context) error {
	answer := c.FormValue("notices")
	return s.settingsChange(c, secNotices, nil, func(ctx context.Context, tx *sql.Tx, p *settingsPage) (string, string, error) {
		if answer != "yes" && answer != "no" {
			return "", "", errs.Fields{"notices": "Choose whether residents of this site see notices."}.Err()
		}
		word := map[string]string{"yes": "on", "no": "off"}[answer]
		return "site.notices", "notices " + word + " for residents", notices.SetSiteVisible(ctx, tx, p.Site.ID, answer == "yes")
	})
}

// saveStatutory saves the landlord and address for notices its demands
// give, and the nation whose prescribed wording they carry, through the
// same change as the site's details form.
func (s *handler) saveStatutory(c echo.Context) error {
	typed := statutoryForm{LandlordName: c.FormValue("landlord_name"), LandlordAddress: c.FormValue("landlord_address"),
		Nation: c.FormValue("nation")}
	return s.settingsChange(c, secStatutory, func(p *settingsPage) { p.Statutory = typed },
		func(ctx context.Context, tx *sql.Tx, p *settingsPage) (string, string, error) {
			in := p.Site.InputOf()
			in.LandlordName, in.LandlordAddress, in.Nation = typed.LandlordName, typed.LandlordAddress, typed.Nation
			_, changes, err := estate.UpdateSite(ctx, tx, p.Site.ID, in)
			if f, ok := handlers.FieldsOf(err); ok {
				// Only this section's fields are on the screen: anything
				// else the site's details form refuses shows at the top.
				err = handlers.MapFields(f, handlers.FormKeys("landlord_name", "landlord_address", "nation")).Err()
			}
			return "site.updated", changes.String(), err
		})
}
