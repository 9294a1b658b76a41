package orgadmin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auditlog"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/views"
)

// auditURL is the address of the audit log.
const auditURL = "/admin/settings/audit"

// auditForm is the filter as typed; the address carries it, so a filtered
// log can be bookmarked, shared and exported.
type auditForm struct {
	Person, Action, Object, From, To string
	Errors                           errs.Fields
}

// query is the filter as the address's query, without the page.
func (f auditForm) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"person": f.Person, "action": f.Action, "object": f.Object, "from": f.From, "to": f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

type auditPage struct {
	Form    auditForm
	People  []views.Option
	Actions []views.Option
	auditlog.Result
}

// Filtered reports whether any filter is set.
func (p *auditPage) Filtered() bool { return len(p.Form.query()) > 0 }

// Invalid reports whether the filter was refused.
func (p *auditPage) Invalid() bool { return len(p.Form.Errors) > 0 }

// PageURL is the log's address at page n with the same filter.
func (p *auditPage) PageURL(n int) string {
	q := p.Form.query()
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	return withQuery(auditURL, q)
}

// PrevURL is the newer page's address.
func (p *auditPage) PrevURL() string { return p.PageURL(p.Page - 1) }

// NextURL is the older page's address.
func (p *auditPage) NextURL() string { return p.PageURL(p.Page + 1) }

// CSVURL is the export's address with the same filter.
func (p *auditPage) CSVURL() string { return withQuery(auditURL+".csv", p.Form.query()) }

// First and Last number the entries shown, counting from the newest.
func (p *auditPage) First() int { return (p.Page-1)*auditlog.PageSize + 1 }

// Last is the number of the last entry shown.
func (p *auditPage) Last() int { return p.First() + len(p.Entries) - 1 }

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// auditFilter reads the filter from the address: ?person= (a public id),
// ?action= (a code), ?object= (text), ?from= and ?to= (dates, both days
// included, in UK time) and ?page=.
func auditFilter(c echo.Context) (auditForm, auditlog.Filter) {
	f := auditForm{Person: c.QueryParam("person"), Action: c.QueryParam("action"),
		Object: strings.TrimSpace(c.QueryParam("object")), From: c.QueryParam("from"), To: c.QueryParam("to"), Errors: errs.Fields{}}
	filter := auditlog.Filter{Person: f.Person, Action: f.Action, Object: f.Object}
	if len([]rune(f.Object)) > handlers.MaxSearch {
		f.Errors.Add("object", "Enter at most "+strconv.Itoa(handlers.MaxSearch)+" characters.")
	}
	from, to := handlers.FilterDates(f.Errors, f.From, f.To, "The end date is before the start date.")
	if !from.IsZero() {
		filter.From = ukDay(from)
	}
	if !to.IsZero() {
		filter.To = ukDay(to).AddDate(0, 0, 1)
	}
	filter.Page, _ = strconv.Atoi(c.QueryParam("page"))
	return f, filter
}

// ukDay is the start of the date's day in the UK, where the log's readers
// are.
func ukDay(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, estate.UK)
}

// auditPage shows the log, newest first, filtered by the address; an htmx
// request for the results gets just them.
func (s *handler) auditPage(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	form, filter := auditFilter(c)
	p := &auditPage{Form: form}
	actors, err := auditlog.Actors(ctx, q)
	if err != nil {
		return err
	}
	for _, a := range actors {
		p.People = append(p.People, views.Option{Value: a.PublicID, Label: a.Name})
	}
	for _, a := range auditlog.Actions() {
		p.Actions = append(p.Actions, views.Option{Value: a.Code, Label: a.Label, Group: a.Group})
	}
	status := http.StatusOK
	if p.Invalid() {
		status = http.StatusUnprocessableEntity
	} else if p.Result, err = auditlog.List(ctx, q, filter); err != nil {
		return err
	}
	block := ""
	if handlers.HX(c).Swaps() == "audit-results" {
		block = "audit-results"
		// The address pushed is the filter without its blank fields, as
		// the pager and the export write it.
		if !p.Invalid() {
			c.Response().Header().Set("HX-Push-Url", p.PageURL(p.Page))
		}
	}
	return s.Render(c, status, handlers.View{Page: "admin_audit", Title: "Audit log", Data: p, Wide: true, Block: block})
}
