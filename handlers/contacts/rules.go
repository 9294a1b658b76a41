package contacts

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/contacts"
	"porch/errs"
	"porch/handlers"
)

// ruleGroup is one group of details on the rules screen with its rule.
type ruleGroup struct {
	contacts.Group
	Rule string
}

// Choices are the rules to choose from, each with its label.
func (g ruleGroup) Choices() []handlers.Choice {
	var out []handlers.Choice
	for _, r := range contacts.RuleChoices {
		out = append(out, handlers.Choice{Value: r, Label: contacts.RuleLabel(r)})
	}
	return out
}

// DefaultLabel names the group's default rule.
func (g ruleGroup) DefaultLabel() string { return contacts.RuleLabel(g.Default) }

type rulesPage struct {
	Groups []ruleGroup
	Errors errs.Fields
	Notice string
}

// rulesOf is the screen for the rules.
func rulesOf(r contacts.Rules) *rulesPage {
	p := &rulesPage{Errors: errs.Fields{}}
	for _, g := range contacts.Groups {
		p.Groups = append(p.Groups, ruleGroup{Group: g, Rule: r.Of(g.Key)})
	}
	return p
}

func (s *handler) showRules(c echo.Context, status int, p *rulesPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_contact_rules", Title: "Contact-detail rules", Data: p,
		Wide: true, Block: block})
}

// rulesPage shows the rule of each group of details.
func (s *handler) rulesPage(c echo.Context) error {
	r, err := contacts.LoadRules(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err != nil {
		return err
	}
	p := rulesOf(r)
	if c.QueryParam("done") == "saved" {
		p.Notice = "Rules saved. They apply to the next change anyone makes."
	}
	return s.showRules(c, http.StatusOK, p, "")
}

// saveRules stores the rules of the form, audited old → new.
func (s *handler) saveRules(c echo.Context) error {
	in := contacts.Rules{}
	for _, g := range contacts.Groups {
		in[g.Key] = c.FormValue(g.Key)
	}
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		changes, err := contacts.SaveRules(ctx, tx, in, s.Now())
		return "settings.contact_rules", "contact_rules", changes.String(), err
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		p := rulesOf(in)
		p.Errors = fields
		return s.showRules(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "contact-rules"))
	}
	if err != nil {
		return err
	}
	return handlers.Done(c, rulesURL+"?done=saved", "contact-rules", func() error {
		p := rulesOf(in)
		p.Notice = "Rules saved. They apply to the next change anyone makes."
		return s.showRules(c, http.StatusOK, p, "contact-rules")
	})
}
