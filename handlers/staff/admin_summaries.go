package staff

import (
	"context"
	"database/sql"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
)

// A block's service charge and administration charge demands must carry
// the summaries of rights prescribed for England or for Wales; the
// organisation pastes the wording here, and Porch refuses such demands
// until the one a block needs is supplied.

// summaryField is one of the texts on the settings form.
type summaryField struct {
	Kind, Nation string
	Label, Hint  string
	Text         string
	Error        string
}

// Name is the form field's name.
func (f summaryField) Name() string { return f.Kind + "_" + f.Nation }

type summariesPage struct {
	Fields []summaryField
	Notice string
}

// summaryFields are the summaries of rights and the ground rent notice's
// notes, for England and for Wales, as the form shows them.
func summaryFields() []summaryField {
	what := map[string]string{estate.SummaryServiceCharge: "Service charges", estate.SummaryAdminCharge: "Administration charges",
		estate.SummaryGroundRent: "Ground rent notice: notes for leaseholders"}
	source := map[string]func(place string) string{
		estate.SummaryServiceCharge: func(place string) string {
			return "the summary prescribed by the Service Charges (Summary of Rights and Obligations, and Transitional Provision) (" + place + ") Regulations"
		},
		estate.SummaryAdminCharge: func(place string) string {
			return "the summary prescribed by the Administration Charges (Summary of Rights and Obligations) (" + place + ") Regulations"
		},
		estate.SummaryGroundRent: func(place string) string {
			year := map[string]string{"England": "2004", "Wales": "2005"}[place]
			return "the notes for leaseholders of the form prescribed by the Landlord and Tenant (Notice of Rent) (" + place + ") Regulations " + year
		},
	}
	var out []summaryField
	for _, kind := range estate.SummaryKinds {
		for _, nation := range estate.Nations {
			place := map[string]string{estate.NationEngland: "England", estate.NationWales: "Wales"}[nation]
			out = append(out, summaryField{Kind: kind, Nation: nation, Label: what[kind] + ", " + place,
				Hint: "Paste " + source[kind](place) + ", word for word. Leave it blank if no block in " + place + " demands " +
					strings.ToLower(strings.TrimSuffix(what[kind], " notice: notes for leaseholders")) + "."})
		}
	}
	return out
}

// adminSummaries shows the summaries of rights as saved.
func (s *handler) adminSummaries(c echo.Context) error {
	p := summariesPage{Fields: summaryFields()}
	if err := loadSummaries(c.Request().Context(), handlers.OrgOf(c).DB.Read(), p.Fields); err != nil {
		return err
	}
	if c.QueryParam("done") == "saved" {
		p.Notice = "Summaries saved. Demands raised from now on carry them."
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_summaries", Title: "Demand summaries", Data: p, Wide: true})
}

// loadSummaries fills in the saved text of each field.
func loadSummaries(ctx context.Context, q sqldb.Querier, fields []summaryField) error {
	for i := range fields {
		text, err := estate.DemandSummary(ctx, q, fields[i].Kind, fields[i].Nation)
		if err != nil {
			return err
		}
		fields[i].Text = text
	}
	return nil
}

// adminSaveSummaries saves all the texts in one transaction, with an
// audit entry naming those that changed; a refusal keeps what was typed.
func (s *handler) adminSaveSummaries(c echo.Context) error {
	p := summariesPage{Fields: summaryFields()}
	for i := range p.Fields {
		p.Fields[i].Text = c.FormValue(p.Fields[i].Name())
	}
	ctx := c.Request().Context()
	err := handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		var changed []string
		for _, f := range p.Fields {
			did, err := estate.SetDemandSummary(ctx, tx, s.Now(), f.Kind, f.Nation, f.Text)
			if err != nil {
				return err
			}
			if did {
				changed = append(changed, f.Label)
			}
		}
		if len(changed) == 0 {
			return nil
		}
		return s.AuditTx(ctx, c, tx, &handlers.IdentityOf(c).Person.ID, "settings.demand_summaries", "settings",
			"Changed: "+strings.Join(changed, "; "))
	})
	if fs, ok := handlers.FieldsOf(err); ok {
		for i := range p.Fields {
			p.Fields[i].Error = fs[p.Fields[i].Name()]
		}
		return s.Render(c, http.StatusUnprocessableEntity, handlers.View{Page: "admin_summaries", Title: "Demand summaries", Data: p, Wide: true})
	}
	if err != nil {
		return err
	}
	return handlers.Redirect(c, "/admin/settings/demand-summaries?done=saved")
}
