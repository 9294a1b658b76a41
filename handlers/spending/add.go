package spending

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/files"
	"porch/handlers"
	"porch/ledger"
)

// addForm is the record-an-invoice form as typed.
type addForm struct {
	Supplier, Number, InvoiceDate, DueDate, Head, Schedule, Description, Net, VAT string
	File                                                                          *handlers.KeptFile
	Errors                                                                        errs.Fields
}

// HasFile reports whether a PDF is kept from an earlier post.
func (f addForm) HasFile() bool { return f.File != nil }

// addPage is the record-an-invoice screen for one site.
type addPage struct {
	Site      estate.Site
	Heads     []handlers.Choice
	Schedules []handlers.Choice // the site's schedules other than the default
	Default   string            // the default schedule's name
	Form      addForm
	ListURL   string
	URL       string
}

func (s *handler) loadAdd(c echo.Context) (*addPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	site, err := estate.GetSite(ctx, q, c.Param("site"))
	if err != nil {
		return nil, err
	}
	p := &addPage{Site: site, ListURL: spendingURL + "?site=" + site.PublicID, URL: spendingURL + "/sites/" + site.PublicID + "/new",
		Default: estate.DefaultApportionmentName}
	for _, h := range ledger.BudgetHeads {
		if !h.Reserve {
			p.Heads = append(p.Heads, handlers.Choice{Value: h.Key, Label: h.Label})
		}
	}
	aps, err := estate.ListApportionments(ctx, q, site.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range aps {
		switch {
		case a.Archived():
		case a.Default:
			p.Default = a.Name
		default:
			p.Schedules = append(p.Schedules, handlers.Choice{Value: a.PublicID, Label: a.Name})
		}
	}
	return p, nil
}

func (s *handler) newForm(c echo.Context) error {
	p, err := s.loadAdd(c)
	if err != nil {
		return err
	}
	p.Form.InvoiceDate = s.Today().Format("2006-01-02")
	return s.showAdd(c, http.StatusOK, p)
}

func (s *handler) showAdd(c echo.Context, status int, p *addPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_spending_new", Title: "Record a supplier invoice", Data: p, Wide: true,
		Block: handlers.FormBlock(c, "spending-new")})
}

// readPDF stores the posted file, checked by its content, with any file
// kept from a refused post (the newest wins); problem is the message for
// the file field. Only a PDF is taken.
func (s *handler) readPDF(c echo.Context) (kept *handlers.KeptFile, problem string, err error) {
	kept, problem, err = s.ReadOneFile(c, false, fmt.Sprintf("This file is too large: the largest accepted is %s.", files.SizeLabel(s.Files.MaxBytes())))
	if err != nil || kept == nil || kept.Type == files.TypePDF {
		return kept, problem, err
	}
	return nil, fmt.Sprintf("%q is not a PDF. Upload the supplier's invoice as a PDF.", kept.Name), nil
}

// record stores the invoice's PDF, then records the invoice as received.
func (s *handler) record(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := s.loadAdd(c)
	if err != nil {
		return err
	}
	kept, problem, err := s.readPDF(c)
	if err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(c.FormValue(k)) }
	p.Form = addForm{Supplier: v("supplier"), Number: v("number"), InvoiceDate: v("invoice_date"), DueDate: v("due_date"),
		Head: v("head"), Schedule: v("schedule"), Description: v("description"), Net: v("net"), VAT: v("vat"), File: kept, Errors: errs.Fields{}}
	f := p.Form.Errors
	in := ledger.SupplierInvoiceInput{SiteID: p.Site.ID, Supplier: p.Form.Supplier, Number: p.Form.Number, Head: p.Form.Head,
		Description: p.Form.Description, CreatedBy: handlers.IdentityOf(c).Person.ID}
	in.InvoiceDate = handlers.DateField(f, "invoice_date", p.Form.InvoiceDate)
	if p.Form.DueDate != "" {
		in.DueDate = handlers.DateField(f, "due_date", p.Form.DueDate)
	}
	in.Net = handlers.AmountField(f, "net", p.Form.Net)
	if p.Form.VAT != "" {
		n, err := handlers.ParseMoney(p.Form.VAT)
		if e, ok := errs.As(err); ok {
			f.Add("vat", e.Message)
		}
		in.VAT = n
	}
	if p.Form.Schedule != "" {
		a, err := estate.GetApportionment(ctx, handlers.OrgOf(c).DB.Read(), p.Site.ID, p.Form.Schedule)
		if errs.Is(err, errs.NotFound) {
			f.Add("schedule", "Choose one of the site's schedules.")
		} else if err != nil {
			return err
		}
		in.ApportionmentID = a.ID
	}
	if problem != "" {
		f.Add("file", problem)
	}
	if kept != nil {
		in.FileHash, in.FileName = kept.Hash, kept.Name
	}
	var inv ledger.SupplierInvoice
	if len(f) == 0 {
		err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			var err error
			inv, err = ledger.RecordSupplierInvoice(ctx, tx, s.Now(), in)
			return "supplier_invoice.recorded", inv.PublicID, fmt.Sprintf("%s invoice %s for %s, %s, under %s", inv.Supplier, inv.Number,
				handlers.FormatPounds(inv.Total()), inv.SiteName, inv.HeadLabel()), err
		})
	} else {
		// Check the rest too, so every message shows at once.
		cerr := ledger.CheckSupplierInvoice(ctx, handlers.OrgOf(c).DB.Read(), in)
		if _, ok := handlers.FieldsOf(cerr); !ok && cerr != nil {
			return cerr
		}
		handlers.AddChecks(f, cerr)
		err = f.Err()
	}
	if fields, ok := handlers.FieldsOf(err); ok {
		for k, msg := range fields {
			p.Form.Errors.Add(k, msg)
		}
		return s.showAdd(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	return handlers.Redirect(c, p.ListURL+"&done=recorded")
}
