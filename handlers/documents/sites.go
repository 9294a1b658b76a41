package documents

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// indexPage lists the sites, each with its folders and any year-end pack
// waiting for release.
type indexPage struct {
	Sites        []siteSummary
	Due, Expired int // certificates to renew, and of those expired
}

type siteSummary struct {
	documents.Site
	Folders, Documents, Awaiting int
}

func (s *handler) indexPage(c echo.Context) error {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	sites, err := documents.Sites(ctx, q)
	if err != nil {
		return err
	}
	p := &indexPage{}
	due, err := documents.CertificatesDue(ctx, q, estate.UKDate(s.Now()))
	if err != nil {
		return err
	}
	for _, c := range due {
		p.Due++
		if c.State == documents.CertExpired {
			p.Expired++
		}
	}
	for _, st := range sites {
		fs, err := documents.Folders(ctx, q, st.ID)
		if err != nil {
			return err
		}
		sum := siteSummary{Site: st}
		for _, f := range fs {
			if !f.Archived() {
				sum.Folders++
				sum.Documents += f.Documents
				sum.Awaiting += f.Awaiting
			}
		}
		p.Sites = append(p.Sites, sum)
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_documents", Title: "Documents", Data: p, Wide: true})
}

// sitePage is a site's folders with who sees each, its year-end release
// setting and its homes.
type sitePage struct {
	Site    documents.Site
	Folders []documents.Folder
	Homes   []homeRow
	Notice  string
	Problem problem // a refused change: on a folder (ID) or the new folder's name (ID "")
}

// homeRow is a unit of the site with how many documents it has.
type homeRow struct {
	estate.Unit
	Documents int
}

// problem is a refused change to one thing on a page: its public id, the
// field, the value typed and the message, shown next to that field.
type problem struct {
	ID, Field, Value, Msg string
}

// On reports whether the problem is on the field of the thing id.
func (p problem) On(id, field string) bool { return p.Msg != "" && p.ID == id && p.Field == field }

// from is the problem with the message of a refusal: the one on its own
// field, else any (a refusal names one field).
func (p problem) from(fields errs.Fields) problem {
	if msg := fields[p.Field]; msg != "" {
		p.Msg = msg
		return p
	}
	for _, msg := range fields {
		p.Msg = msg
	}
	return p
}

// ErrorOn is the message for the field of the thing id, if the problem is there.
func (p problem) ErrorOn(id, field string) string {
	if p.On(id, field) {
		return p.Msg
	}
	return ""
}

// ValueOn is what was typed in the field of the thing id when the problem
// is there, else fallback.
func (p problem) ValueOn(id, field, fallback string) string {
	if p.On(id, field) {
		return p.Value
	}
	return fallback
}

// doneSite is the confirmation after a change on a site's page.
func doneSite(key string) string {
	return map[string]string{
		"added":    "Folder added. Nobody sees it until you choose who does in the site's settings.",
		"renamed":  "Folder renamed.",
		"archived": "Folder archived. Its documents are off the portal; they are kept here.",
		"restored": "Folder restored.",
	}[key]
}

func (s *handler) loadSite(c echo.Context, publicID string) (*sitePage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	st, err := documents.GetSite(ctx, q, publicID)
	if err != nil {
		return nil, err
	}
	p := &sitePage{Site: st}
	if p.Folders, err = documents.Folders(ctx, q, st.ID); err != nil {
		return nil, err
	}
	units, err := estate.ListUnits(ctx, q, st.ID)
	if err != nil {
		return nil, err
	}
	counts, err := documents.UnitCounts(ctx, q, st.ID)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		if !u.Archived() {
			p.Homes = append(p.Homes, homeRow{u, counts[u.ID]})
		}
	}
	return p, nil
}

func (s *handler) showSite(c echo.Context, status int, p *sitePage) error {
	return s.Render(c, status, handlers.View{Page: "admin_doc_site", Title: p.Site.Name + ": documents", Data: p, Wide: true,
		Block: handlers.FormBlock(c, "doc-folders")})
}

func (s *handler) sitePage(c echo.Context) error {
	p, err := s.loadSite(c, c.Param("site"))
	if err != nil {
		return err
	}
	p.Notice = doneSite(c.QueryParam("done"))
	return s.showSite(c, http.StatusOK, p)
}

// siteChange runs a change on a site's page, audited, and answers with
// the page: again with the problem beside its field when the change is
// refused (422), else redirected with the confirmation (or the folders'
// block for htmx).
func (s *handler) siteChange(c echo.Context, sitePublicID, done string, prob problem,
	do func(ctx context.Context, tx *sql.Tx) (string, string, string, error)) error {
	err := s.WriteAudited(c, do)
	if fields, ok := handlers.FieldsOf(err); ok {
		p, lerr := s.loadSite(c, sitePublicID)
		if lerr != nil {
			return lerr
		}
		p.Problem = prob.from(fields)
		return s.showSite(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	return handlers.Done(c, adminURL+"/sites/"+sitePublicID+"?done="+done, "doc-folders", func() error {
		p, err := s.loadSite(c, sitePublicID)
		if err != nil {
			return err
		}
		p.Notice = doneSite(done)
		return s.showSite(c, http.StatusOK, p)
	})
}

// addFolder adds a folder to the site.
func (s *handler) addFolder(c echo.Context) error {
	st, err := documents.GetSite(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("site"))
	if err != nil {
		return err
	}
	name := c.FormValue("name")
	return s.siteChange(c, st.PublicID, "added", problem{Field: "name", Value: name}, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		f, err := documents.AddFolder(ctx, tx, s.Now(), st.ID, name)
		return "documents.folder_added", f.PublicID, fmt.Sprintf("%s: folder %q", st.Name, f.Name), err
	})
}

// folderChange runs a change to one folder from its site's page.
func (s *handler) folderChange(c echo.Context, done string, prob problem,
	do func(ctx context.Context, tx *sql.Tx, f documents.Folder) (string, string, error)) error {
	f, err := documents.GetFolder(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("folder"))
	if err != nil {
		return err
	}
	prob.ID = f.PublicID
	return s.siteChange(c, f.SitePublicID, done, prob, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		action, detail, err := do(ctx, tx, f)
		return action, f.PublicID, f.SiteName + ": " + detail, err
	})
}

func (s *handler) renameFolder(c echo.Context) error {
	name := c.FormValue("name")
	return s.folderChange(c, "renamed", problem{Field: "name", Value: name}, func(ctx context.Context, tx *sql.Tx, f documents.Folder) (string, string, error) {
		renamed, err := documents.RenameFolder(ctx, tx, f.PublicID, name)
		return "documents.folder_renamed", fmt.Sprintf("folder %q renamed %q", f.Name, renamed.Name), err
	})
}

func (s *handler) archiveFolder(c echo.Context) error {
	archive := c.FormValue("archive") != "no"
	done, action := "archived", "documents.folder_archived"
	if !archive {
		done, action = "restored", "documents.folder_restored"
	}
	return s.folderChange(c, done, problem{Field: "name"}, func(ctx context.Context, tx *sql.Tx, f documents.Folder) (string, string, error) {
		_, err := documents.ArchiveFolder(ctx, tx, s.Now(), f.PublicID, archive)
		if e, ok := errs.As(err); ok && e.Code == errs.Conflict {
			err = errs.Fields{"name": e.Message}.Err()
		}
		return action, fmt.Sprintf("folder %q %s", f.Name, done), err
	})
}
