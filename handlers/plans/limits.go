package plans

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/plans"
)

// limitsURL is the address of the sites' limits.
const limitsURL = listURL + "/limits"

// limitsRow is one site's limits for the plans its residents ask for, as
// its form shows them.
type limitsRow struct {
	SitePublicID   string
	SiteName       string
	Requests       bool
	MaxInstalments string
	Frequencies    []string
	MinArrears     string // pounds, as typed
	LapseAfter     string
	Errors         errs.Fields
	Notice         string
}

// ID is the id of the site's form.
func (r limitsRow) ID() string { return "limits-" + r.SitePublicID }

// FrequencyBoxes are the frequencies as checkboxes, ticked when allowed.
func (r limitsRow) FrequencyBoxes() []frequencyBox {
	out := make([]frequencyBox, len(plans.Frequencies))
	for i, f := range plans.Frequencies {
		out[i] = frequencyBox{Value: f, Label: plans.FrequencyLabel(f), Checked: slices.Contains(r.Frequencies, f)}
	}
	return out
}

// frequencyBox is one frequency's checkbox.
type frequencyBox struct {
	Value, Label string
	Checked      bool
}

// rowOf is a site's limits on its form.
func rowOf(site estate.SiteSummary, l plans.Limits) limitsRow {
	return limitsRow{SitePublicID: site.PublicID, SiteName: site.Name, Requests: l.Requests, MaxInstalments: strconv.Itoa(l.MaxInstalments),
		Frequencies: l.Frequencies, MinArrears: handlers.FormatPounds(l.MinArrears), LapseAfter: strconv.Itoa(l.LapseAfter), Errors: errs.Fields{}}
}

// limitsPage is every site's limits.
type limitsPage struct {
	Rows []limitsRow
}

// loadLimits reads each site's limits.
func loadLimits(c echo.Context) (*limitsPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	sites, _, err := estate.FindSites(ctx, q, estate.SiteFilter{})
	if err != nil {
		return nil, err
	}
	p := &limitsPage{}
	for _, site := range sites {
		l, err := plans.SiteLimits(ctx, q, site.ID)
		if err != nil {
			return nil, err
		}
		p.Rows = append(p.Rows, rowOf(site, l))
	}
	return p, nil
}

// limitsPage shows each site's limits; a site's form says it was saved
// after a plain post.
func (s *handler) limitsPage(c echo.Context) error {
	p, err := loadLimits(c)
	if err != nil {
		return err
	}
	for i := range p.Rows {
		if p.Rows[i].SitePublicID == c.QueryParam("saved") {
			p.Rows[i].Notice = "Saved."
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_plan_limits", Title: "Payment plan limits", Data: p, Wide: true})
}

// saveLimits stores the site's limits from its form. htmx swaps the
// site's form with the answer; a plain post goes back to the page.
func (s *handler) saveLimits(c echo.Context) error {
	p, err := loadLimits(c)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(p.Rows, func(r limitsRow) bool { return r.SitePublicID == c.Param("site") })
	if i < 0 {
		return errs.E(errs.NotFound, "Site not found.")
	}
	row := &p.Rows[i]
	if err := c.Request().ParseForm(); err != nil {
		return errs.E(errs.Invalid, "The form could not be read.")
	}
	row.Requests = c.FormValue("requests") == "1"
	row.MaxInstalments = strings.TrimSpace(c.FormValue("max_instalments"))
	row.Frequencies = c.Request().PostForm["frequencies"]
	row.MinArrears = strings.TrimSpace(c.FormValue("min_arrears"))
	row.LapseAfter = strings.TrimSpace(c.FormValue("lapse_after"))
	f := errs.Fields{}
	l := plans.Limits{Requests: row.Requests, Frequencies: row.Frequencies}
	l.MaxInstalments = whole(f, "max_instalments", row.MaxInstalments)
	l.LapseAfter = whole(f, "lapse_after", row.LapseAfter)
	if row.MinArrears == "" {
		row.MinArrears = "0"
	}
	if n, err := handlers.ParseMoney(row.MinArrears); err != nil {
		f.Add("min_arrears", "Enter an amount in pounds, such as 100.00, or 0 for any arrears.")
	} else {
		l.MinArrears = n
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		site, err := estate.GetSite(ctx, tx, row.SitePublicID)
		if err != nil {
			return "", "", "", err
		}
		set, err := plans.SetSiteLimits(ctx, tx, s.Now(), site.ID, l)
		handlers.AddChecks(f, err)
		if err := f.Err(); err != nil {
			return "", "", "", err
		}
		return "plan.limits_set", site.PublicID, limitsDetail(set), nil
	})
	status := http.StatusOK
	if fields, ok := handlers.FieldsOf(err); ok {
		row.Errors, status = fields, http.StatusUnprocessableEntity
	} else if err != nil {
		return err
	} else if !handlers.HX(c).Partial() {
		return handlers.Redirect(c, limitsURL+"?saved="+row.SitePublicID+"#"+row.ID())
	} else {
		row.Notice = "Saved."
	}
	if handlers.HX(c).Partial() {
		return s.Render(c, status, handlers.View{Page: "admin_plan_limits", Title: "Payment plan limits", Data: row, Wide: true, Block: "site-limits"})
	}
	return s.Render(c, status, handlers.View{Page: "admin_plan_limits", Title: "Payment plan limits", Data: p, Wide: true})
}

// whole reads a whole number field into f.
func whole(f errs.Fields, field, value string) int {
	n, err := strconv.Atoi(value)
	if err != nil {
		f.Add(field, "Enter a whole number.")
	}
	return n
}

// limitsDetail is what the audit log keeps of a site's limits.
func limitsDetail(l plans.Limits) string {
	asks := "residents may ask"
	if !l.Requests {
		asks = "residents may not ask"
	}
	return asks + "; up to " + strconv.Itoa(l.MaxInstalments) + " " + strings.Join(l.Frequencies, " or ") + " instalments; arrears of " +
		handlers.FormatPounds(l.MinArrears) + " or more; lapse after " + strconv.Itoa(l.LapseAfter) + " missed"
}
