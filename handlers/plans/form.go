package plans

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/plans"
	"porch/sqldb"
)

// termsForm is the form that settles a plan's terms, when a manager
// offers a plan or approves a request: how many instalments, how often,
// from when, and a note to the resident.
type termsForm struct {
	Instalments string
	Frequency   string
	First       string // YYYY-MM-DD
	Note        string
	Errors      errs.Fields
}

// termsFields are the form's field names; any other message of the
// domain's (such as "account") shows at the top of the form.
var termsFields = handlers.FormKeys("instalments", "frequency", "first_date", "note")

// formOf fills the form with a plan's terms.
func formOf(t plans.Terms) termsForm {
	return termsForm{Instalments: strconv.Itoa(t.Instalments), Frequency: t.Frequency, First: sqldb.FormatDate(t.First),
		Errors: errs.Fields{}}
}

// readTerms reads the form as posted.
func readTerms(c echo.Context) termsForm {
	return termsForm{Instalments: strings.TrimSpace(c.FormValue("instalments")), Frequency: c.FormValue("frequency"),
		First: strings.TrimSpace(c.FormValue("first_date")), Note: c.FormValue("note"), Errors: errs.Fields{}}
}

// proposal parses the form into a proposal for the account, by the
// person, with a message in f for each field that does not parse.
func (tf termsForm) proposal(f errs.Fields, unitID, occupancyID, by int64) plans.Proposal {
	pr := plans.Proposal{UnitID: unitID, OccupancyID: occupancyID, Frequency: tf.Frequency, Note: tf.Note, By: by}
	n, err := strconv.Atoi(tf.Instalments)
	if err != nil {
		f.Add("instalments", "Enter the number of instalments, such as 6.")
	}
	pr.Instalments = n
	pr.First = handlers.DateField(f, "first_date", tf.First)
	return pr
}

// refused files a refusal's messages on the form: its own fields next to
// them, the rest (the account's) at the top. ok is false for an error
// that is not a refusal.
func (tf *termsForm) refused(err error) bool {
	fields, ok := handlers.FieldsOf(err)
	if ok {
		tf.Errors = handlers.MapFields(fields, termsFields)
	}
	return ok
}

// frequencyChoices are the frequencies a form offers.
func frequencyChoices() []handlers.Choice {
	out := make([]handlers.Choice, len(plans.Frequencies))
	for i, f := range plans.Frequencies {
		out[i] = handlers.Choice{Value: f, Label: plans.FrequencyLabel(f)}
	}
	return out
}
