package sites

import (
	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// siteForm is the site form as typed, with its messages.
type siteForm struct {
	estate.SiteInput
	Errors errs.Fields
}

// siteFields are the site form's fields; a message for anything else is
// shown at the top of the form.
var siteFields = []string{"name", "kind", "address_line1", "address_line2", "town", "postcode",
	"landlord_name", "landlord_address", "year_end", "nation"}

// readSite reads the site form.
func readSite(c echo.Context) siteForm {
	return siteForm{SiteInput: estate.SiteInput{
		Name: c.FormValue("name"), Kind: c.FormValue("kind"),
		AddressLine1: c.FormValue("address_line1"), AddressLine2: c.FormValue("address_line2"),
		Town: c.FormValue("town"), Postcode: c.FormValue("postcode"),
		LandlordName: c.FormValue("landlord_name"), LandlordAddress: c.FormValue("landlord_address"),
		YearEnd: c.FormValue("year_end"), Nation: c.FormValue("nation"),
	}, Errors: errs.Fields{}}
}

// unitForm is the one-unit form as typed, with its messages.
type unitForm struct {
	estate.UnitInput
	Errors errs.Fields
}

var unitFields = []string{"name", "address_line1", "address_line2", "town", "postcode", "floor", "kind", "bedrooms", "share"}

// readUnit reads the one-unit form.
func readUnit(c echo.Context) unitForm {
	return unitForm{UnitInput: estate.UnitInput{
		Name: c.FormValue("name"), AddressLine1: c.FormValue("address_line1"), AddressLine2: c.FormValue("address_line2"),
		Town: c.FormValue("town"), Postcode: c.FormValue("postcode"), Floor: c.FormValue("floor"),
		Kind: c.FormValue("kind"), Bedrooms: c.FormValue("bedrooms"), Share: c.FormValue("share"),
	}, Errors: errs.Fields{}}
}

// rangeForm is the form that adds a numbered range of units, with the
// names it would add once checked.
type rangeForm struct {
	estate.UnitRange
	Errors errs.Fields
	Names  []string
}

var rangeFields = []string{"prefix", "from", "to", "floor", "kind"}

// readRange reads the range form.
func readRange(c echo.Context) rangeForm {
	return rangeForm{UnitRange: estate.UnitRange{Prefix: c.FormValue("prefix"), From: c.FormValue("from"),
		To: c.FormValue("to"), Floor: c.FormValue("floor"), Kind: c.FormValue("kind")}, Errors: errs.Fields{}}
}

// First and Last name the ends of a checked range.
func (r rangeForm) First() string { return r.Names[0] }

// Last is the last name of a checked range.
func (r rangeForm) Last() string { return r.Names[len(r.Names)-1] }

// refusal files a domain refusal's messages under the form's fields; ok is
// false for any other error, which the caller passes on.
func refusal(err error, fields []string) (errs.Fields, bool) {
	f, ok := handlers.FieldsOf(err)
	if !ok {
		return nil, false
	}
	return handlers.MapFields(f, handlers.FormKeys(fields...)), true
}

// nations are the choices of where a block is, for the summaries of rights
// its demands carry.
var nations = []handlers.Choice{{Value: estate.NationEngland, Label: "England"}, {Value: estate.NationWales, Label: "Wales"}}

// siteKinds are the choices of a site's kind.
var siteKinds = []handlers.Choice{
	{Value: estate.KindBlock, Label: "Block management"},
	{Value: estate.KindLettings, Label: "Lettings"},
}
