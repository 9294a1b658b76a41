package documents

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/errs"
	"porch/estate"
	"porch/files"
	"porch/handlers"
)

// shelfPage is a folder's documents, or a home's, with the upload form.
type shelfPage struct {
	Folder  *documents.Folder // nil on a home's page
	Unit    *estate.Unit      // nil on a folder's page
	People  []estate.UnitPerson
	Site    documents.Site
	Folders []documents.Folder // the site's active folders, to move a document to
	Docs    []docRow
	Form    uploadForm
	Problem problem
	Notice  string
	shelfExtras
}

// docRow is a document with every version and its copies in owners'
// portals, for staff.
type docRow struct {
	documents.Document
	Versions []documents.Version
	Copies   []documents.Copy
}

// URL is the page's address.
func (p *shelfPage) URL() string {
	if p.Unit != nil {
		return adminURL + "/units/" + p.Unit.PublicID
	}
	return adminURL + "/folders/" + p.Folder.PublicID
}

// Title is the page's heading.
func (p *shelfPage) Title() string {
	if p.Unit != nil {
		return p.Unit.Name + ", " + p.Unit.SiteName
	}
	return p.Folder.Name
}

// Accept is what the file fields offer to choose.
func (p *shelfPage) Accept() string { return accept }

// roleOption is a role a home's document can be shared with.
type roleOption struct{ Value, Label string }

// RoleOptions are the roles a home's document can be shared with.
func (p *shelfPage) RoleOptions() []roleOption {
	out := make([]roleOption, len(estate.Roles))
	for i, r := range estate.Roles {
		out[i] = roleOption{r, documents.RoleLabel(r)}
	}
	return out
}

// SeenBy says who sees the folder's documents.
func (p *shelfPage) SeenBy() string {
	if p.Folder == nil {
		return ""
	}
	return p.Folder.SeenBy()
}

// accept is the file types the upload fields offer: PDFs, photos and office
// documents (the store checks the content whatever is chosen).
const accept = files.TypePDF + ",image/jpeg,image/png,image/webp,.docx,.xlsx,.pptx,.odt,.ods," +
	files.TypeDOCX + "," + files.TypeXLSX + "," + files.TypePPTX + "," + files.TypeODT + "," + files.TypeODS

// doneShelf is the confirmation after a change on a folder's or home's page.
func doneShelf(key string) string {
	return map[string]string{
		"uploaded":   "Document uploaded. Nobody was emailed: nobody sees it yet, or everyone who does had an alert already.",
		"alerted":    "Document uploaded, and each person who sees it is being emailed about it.",
		"awaiting":   "Year-end pack uploaded. Residents do not see it until you release it.",
		"released":   "Released. Each person who sees it is being emailed about it.",
		"renamed":    "Document renamed.",
		"moved":      "Document moved.",
		"replaced":   "New version uploaded. Residents download it from now on; the old one is kept here.",
		"removed":    "Document removed from the portal. Your copy is kept here.",
		"restored":   "Document back on the portal.",
		"classified": "Saved. Anyone who sees it now and had not before is emailed about it once.",
		"copied":     "Copied to the owner's portal. The owner is emailed about it once, unless they had seen it already.",
		"uncopied":   "Taken out of the owner's portal. The document stays here, with its versions.",
	}[key]
}

func (s *handler) loadFolder(c echo.Context, publicID string) (*shelfPage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	f, err := documents.GetFolder(ctx, q, publicID)
	if err != nil {
		return nil, err
	}
	p := &shelfPage{Folder: &f}
	if p.Site, err = documents.GetSite(ctx, q, f.SitePublicID); err != nil {
		return nil, err
	}
	ds, err := documents.InFolder(ctx, q, f.ID)
	if err != nil {
		return nil, err
	}
	return p, s.fill(c, p, ds)
}

func (s *handler) loadUnit(c echo.Context, publicID string) (*shelfPage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	u, err := estate.GetUnit(ctx, q, publicID)
	if err != nil {
		return nil, err
	}
	p := &shelfPage{Unit: &u}
	if p.Site, err = documents.GetSite(ctx, q, u.SitePublicID); err != nil {
		return nil, err
	}
	if p.People, err = estate.PeopleOfUnit(ctx, q, u.ID, estate.UKDate(s.Now())); err != nil {
		return nil, err
	}
	ds, err := documents.OfUnit(ctx, q, u.ID)
	if err != nil {
		return nil, err
	}
	for _, person := range p.People {
		if !slices.Contains(p.Form.Roles, person.Role) {
			p.Form.Roles = append(p.Form.Roles, person.Role)
		}
	}
	return p, s.fill(c, p, ds)
}

// fill adds the documents with their versions, and the site's folders.
func (s *handler) fill(c echo.Context, p *shelfPage, ds []documents.Document) error {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	for _, d := range ds {
		vs, err := documents.Versions(ctx, q, d.ID)
		if err != nil {
			return err
		}
		cs, err := documents.CopiesOf(ctx, q, d.ID)
		if err != nil {
			return err
		}
		p.Docs = append(p.Docs, docRow{d, vs, cs})
	}
	if err := s.fillExtras(c, p); err != nil {
		return err
	}
	fs, err := documents.Folders(ctx, q, p.Site.ID)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if !f.Archived() {
			p.Folders = append(p.Folders, f)
		}
	}
	return nil
}

func (s *handler) showShelf(c echo.Context, status int, p *shelfPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_doc_shelf", Title: p.Title(), Data: p, Wide: true,
		Block: handlers.FormBlock(c, "doc-shelf")})
}

func (s *handler) folderPage(c echo.Context) error {
	p, err := s.loadFolder(c, c.Param("folder"))
	if err != nil {
		return err
	}
	p.Notice = doneShelf(c.QueryParam("done"))
	return s.showShelf(c, http.StatusOK, p)
}

func (s *handler) unitPage(c echo.Context) error {
	p, err := s.loadUnit(c, c.Param("unit"))
	if err != nil {
		return err
	}
	p.Notice = doneShelf(c.QueryParam("done"))
	return s.showShelf(c, http.StatusOK, p)
}

// uploadForm is the upload form as typed, with its messages.
type uploadForm struct {
	Title, Kind string
	Roles       []string
	classForm
	Kept   []handlers.KeptFile
	Errors errs.Fields
}

// Ticked reports whether the role is ticked on the form.
func (f uploadForm) Ticked(role string) bool { return slices.Contains(f.Roles, role) }

// HasFile reports whether a file is kept for the form.
func (f uploadForm) HasFile() bool { return len(f.Kept) > 0 }

// File is the file already uploaded and kept for the form, if any.
func (f uploadForm) File() *handlers.KeptFile {
	if len(f.Kept) == 0 {
		return nil
	}
	return &f.Kept[len(f.Kept)-1]
}
