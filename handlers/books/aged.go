package books

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// agedPage is the aged-debt report: what each debtor account owed on a
// day, by how long overdue, with the managers' notes.
type agedPage struct {
	AsAt    string // as typed
	Site    string // the site's public id; "" for every site
	Sites   []handlers.Choice
	Report  ledger.AgedReport
	Labels  []string
	Errors  errs.Fields
	Notice  string
	refused *noteForm // a note form refused, shown again with its messages
}

// Query is the report's filter as a query string, for its downloads and
// for coming back to it after a note is saved.
func (p *agedPage) Query() string {
	v := url.Values{"as_at": {p.AsAt}}
	if p.Site != "" {
		v.Set("site", p.Site)
	}
	return v.Encode()
}

// Key names a debtor's row and its form's fields.
func (p *agedPage) Key(d ledger.AgedDebtor) string {
	return debtorKey(d.UnitPublicID, d.OccupancyPublicID)
}

// Form is the note form of a debtor: as typed when it was just refused,
// else the note as stored.
func (p *agedPage) Form(d ledger.AgedDebtor) noteForm {
	key := p.Key(d)
	if p.refused != nil && p.refused.Key == key {
		return *p.refused
	}
	f := noteForm{Key: key, Unit: d.UnitPublicID, Account: d.OccupancyPublicID, Note: d.Note}
	f.NextAction = dateOrBlank(d.NextAction)
	return f
}

// loadAged reads the report for the filter as typed: as_at, by default
// today, and site, by default every site. A filter it cannot read is in
// Errors, with no report.
func (s *handler) loadAged(c echo.Context, asAt, site string) (*agedPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	p := &agedPage{AsAt: strings.TrimSpace(asAt), Site: strings.TrimSpace(site), Errors: errs.Fields{}}
	p.Labels = append(p.Labels, ledger.AgedBucketLabels[:]...)
	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		return nil, err
	}
	f := ledger.AgedDebtFilter{AsAt: s.Today()}
	for _, st := range sites {
		p.Sites = append(p.Sites, handlers.Choice{Value: st.PublicID, Label: st.Name})
		if st.PublicID == p.Site {
			f.SiteID = st.ID
		}
	}
	if p.Site != "" && f.SiteID == 0 {
		p.Errors.Add("site", "Choose one of the sites.")
	}
	if p.AsAt == "" {
		p.AsAt = f.AsAt.Format("2006-01-02")
	} else {
		f.AsAt = handlers.DateField(p.Errors, "as_at", p.AsAt)
	}
	if len(p.Errors) > 0 {
		return p, nil
	}
	p.Report, err = ledger.AgedDebt(ctx, q, f)
	return p, err
}

// showAged writes the report page, or its report block for htmx.
func (s *handler) showAged(c echo.Context, status int, p *agedPage) error {
	if len(p.Errors) > 0 && status == http.StatusOK {
		status = http.StatusUnprocessableEntity
	}
	return s.Render(c, status, handlers.View{Page: "admin_ledger_aged", Title: "Aged debt", Data: p, Wide: true})
}

// ledgerAged shows the aged-debt report as at ?as_at= for ?site=.
func (s *handler) ledgerAged(c echo.Context) error {
	p, err := s.loadAged(c, c.QueryParam("as_at"), c.QueryParam("site"))
	if err != nil {
		return err
	}
	if c.QueryParam("done") == "note" {
		p.Notice = "Note saved."
	}
	return s.showAged(c, http.StatusOK, p)
}
