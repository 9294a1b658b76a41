package sites

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estateimport"
	"porch/handlers"
)

// importPage is the spreadsheet import: upload, then the columns as
// guessed with the preview of every row, then the import.
type importPage struct {
	Filename string
	Content  string // the file, carried from step to step
	Header   []string
	Sample   []string // the first row, to recognise each column by
	Mapping  estateimport.Mapping
	Plan     estateimport.Plan
	Checked  bool   // the preview below is of this file and mapping
	Imported bool   // the import has been done
	Error    string // why the file or mapping cannot be used
}

// Columns are the fields to map, for the template.
func (p *importPage) Columns() []estateimport.Column { return estateimport.Columns }

// Choices are the file's columns, for each field's select.
func (p *importPage) Choices() []handlers.Choice {
	out := make([]handlers.Choice, len(p.Header))
	for i, h := range p.Header {
		label := h
		if i < len(p.Sample) && p.Sample[i] != "" {
			label += " (e.g. " + p.Sample[i] + ")"
		}
		out[i] = handlers.Choice{Value: strconv.Itoa(i), Label: label}
	}
	return out
}

// Selected is the file column chosen for the field, as the select's value.
func (p *importPage) Selected(key string) string {
	if i := p.Mapping.Col(key); i >= 0 {
		return strconv.Itoa(i)
	}
	return ""
}

// uploadMessages are what the import says when the upload fails.
var uploadMessages = handlers.UploadMessages{
	TooLarge:   fmt.Sprintf("The file is larger than %d MB. Split it into smaller files and import each.", estateimport.MaxBytes>>20),
	Missing:    "Choose the spreadsheet to import: an Excel workbook (.xlsx) or a CSV file.",
	Empty:      "The file is empty.",
	Unreadable: "The upload could not be read. Choose the file again and retry.",
}

// importForm is the first step: the upload form and the template.
func (s *handler) importForm(c echo.Context) error {
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_import", Title: "Import from a spreadsheet", Data: &importPage{}, Wide: true})
}

// importTemplate is a CSV with the columns the import reads.
func (s *handler) importTemplate(c echo.Context) error {
	c.Response().Header().Set("Content-Disposition", `attachment; filename="porch-estate-template.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", []byte(estateimport.Template()))
}

// errPreview rolls back the import a preview runs.
var errPreview = errors.New("preview only")

// importRun checks (action=check) or imports (action=import) the file
// with the mapping chosen, or guessed on the first upload. Both run the
// import in one transaction; a check always rolls it back, and so does an
// import with any row refused.
func (s *handler) importRun(c echo.Context) error {
	name, content, msg, err := handlers.ReadUpload(c, uploadMessages)
	if err != nil {
		return err
	}
	p := &importPage{Filename: name, Content: string(content)}
	if msg != "" {
		p.Error = msg
		return s.showImport(c, http.StatusUnprocessableEntity, p)
	}
	t, err := estateimport.Read(content)
	if de, ok := errs.As(err); ok && de.Code == errs.Invalid {
		p.Error = de.Message
		return s.showImport(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	// A workbook travels on as CSV text, which the next step reads alike.
	p.Header, p.Sample, p.Content = t.Header, t.Rows[0], t.CSV()
	p.Mapping = estateimport.Guess(t.Header)
	if c.FormValue("mapped") == "yes" {
		p.Mapping = estateimport.Mapping{}
		for _, col := range estateimport.Columns {
			p.Mapping[col.Key] = -1
			if i, err := strconv.Atoi(c.FormValue("col_" + col.Key)); err == nil && i >= 0 && i < len(t.Header) {
				p.Mapping[col.Key] = i
			}
		}
	}
	commit := c.FormValue("action") == "import"
	ctx := c.Request().Context()
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if p.Plan, err = estateimport.Apply(ctx, tx, t, p.Mapping, s.Now()); err != nil {
			return err
		}
		if !commit {
			return errPreview
		}
		return s.AuditTx(ctx, c, tx, &handlers.IdentityOf(c).Person.ID, "estate.imported", p.Filename, fmt.Sprintf(
			"%d rows: %d units, %d people and %d links added; %d units and %d people changed; %d rows unchanged",
			len(p.Plan.Rows), p.Plan.UnitsCreated, p.Plan.PeopleCreated, p.Plan.LinksCreated, p.Plan.UnitsUpdated,
			p.Plan.PeopleUpdated, p.Plan.RowsUnchanged))
	})
	switch {
	case errors.Is(err, errPreview):
	case errors.Is(err, estateimport.ErrRefused):
	case err != nil:
		if de, ok := errs.As(err); ok && de.Code == errs.Invalid {
			p.Error = de.Message
			return s.showImport(c, http.StatusUnprocessableEntity, p)
		}
		return err
	default:
		p.Imported = true
	}
	p.Checked = true
	status := http.StatusOK
	if p.Plan.RefusedRows > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.showImport(c, status, p)
}

func (s *handler) showImport(c echo.Context, status int, p *importPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_import", Title: "Import from a spreadsheet", Data: p, Wide: true,
		Block: handlers.FormBlock(c, "import-screen")})
}
