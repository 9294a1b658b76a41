package account

import (
	"context"
	"database/sql"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/contacts"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
)

// blockDetails is the profile's contact details, and the id of its section.
const blockDetails = "profile-details"

// detailsForm is the person's contact details as their form shows them.
type detailsForm struct {
	Title, FullName, Phone, OtherPhone, Address, PreferredContact string
	Errors                                                        errs.Fields
}

func detailsOf(p estate.Person) detailsForm {
	return detailsForm{Title: p.Title, FullName: p.FullName, Phone: p.Phone, OtherPhone: p.OtherPhone,
		Address: p.CorrespondenceAddress, PreferredContact: p.PreferredContact, Errors: errs.Fields{}}
}

// set puts a posted value in the form by its field name.
func (f *detailsForm) set(key, v string) {
	switch key {
	case "title":
		f.Title = v
	case "full_name":
		f.FullName = v
	case "phone":
		f.Phone = v
	case "other_phone":
		f.OtherPhone = v
	case "correspondence_address":
		f.Address = v
	case "preferred_contact":
		f.PreferredContact = v
	}
}

// contactDetails is what the profile shows of the person's contact
// details: the form, the organisation's rule for each group of them, and
// the changes waiting for the office.
type contactDetails struct {
	Form    detailsForm
	Rules   contacts.Rules
	Waiting []contacts.Change
	Notice  string
}

// Rule is the rule of a group of details (contacts.Group* keys).
func (d contactDetails) Rule(group string) string { return d.Rules.Of(group) }

// Pending is the change to the field waiting for the office, or nil.
func (d contactDetails) Pending(field string) *contacts.Change {
	for i := range d.Waiting {
		if d.Waiting[i].Field == field {
			return &d.Waiting[i]
		}
	}
	return nil
}

// ContactChoices are the preferred ways of contact, for the radios.
func (d contactDetails) ContactChoices() []handlers.Choice {
	var out []handlers.Choice
	for _, m := range estate.ContactMethods {
		out = append(out, handlers.Choice{Value: m, Label: estate.ContactMethodLabel(m)})
	}
	return out
}

// Phones are the person's numbers in a line, for a profile that cannot
// change them.
func (p profilePage) Phones() string {
	var out []string
	for _, n := range []string{p.Person.Phone, p.Person.OtherPhone} {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

// loadDetails reads the rules and the person's waiting changes.
func loadDetails(ctx context.Context, q sqldb.Querier, p estate.Person) (contactDetails, error) {
	d := contactDetails{Form: detailsOf(p)}
	var err error
	if d.Rules, err = contacts.LoadRules(ctx, q); err != nil {
		return d, err
	}
	d.Waiting, err = contacts.WaitingFor(ctx, q, p.ID)
	return d, err
}

// detailsNotice says what saving the details did, by the key in the
// redirect.
func detailsNotice(key string) string {
	switch key {
	case "details_saved":
		return "Your details have been saved."
	case "details_asked":
		return "Thank you. We will check your change and email you when it is confirmed."
	case "details_both":
		return "Your details have been saved. The changes marked pending wait for us to confirm them; we will email you."
	case "details_unchanged":
		return "Nothing had changed."
	case "details_withdrawn":
		return "Your change has been withdrawn."
	}
	return ""
}

// profileSaveDetails saves the person's own contact details under the
// organisation's rules (contacts.Submit): some at once, some waiting for
// the office, and none at all when any is refused.
func (s *handler) profileSaveDetails(c echo.Context) error {
	ctx := c.Request().Context()
	id := handlers.IdentityOf(c)
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	req := contacts.Request{}
	for _, key := range contacts.FieldKeys() {
		if vs, ok := form[key]; ok && len(vs) > 0 {
			req[key] = vs[0]
		}
	}
	var out contacts.Outcome
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		rules, err := contacts.LoadRules(ctx, tx)
		if err != nil {
			return err
		}
		if out, err = contacts.Submit(ctx, tx, id.Person.ID, req, rules, s.Now()); err != nil {
			return err
		}
		if len(out.Applied) > 0 {
			if err := s.AuditTx(ctx, c, tx, &id.Person.ID, "contact.updated", id.Person.PublicID, out.Applied.String()); err != nil {
				return err
			}
		}
		for _, ch := range out.Asked {
			if err := s.AuditTx(ctx, c, tx, &id.Person.ID, "contact.change_requested", id.Person.PublicID, changeDetail(ch)); err != nil {
				return err
			}
		}
		return nil
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		return s.profileRefused(c, http.StatusUnprocessableEntity, blockDetails, func(p *profilePage) {
			for key, v := range req {
				p.Details.Form.set(key, v)
			}
			p.Details.Form.Errors = handlers.MapFields(fields, handlers.FormKeys(contacts.FieldKeys()...))
		})
	}
	if err != nil {
		return err
	}
	key := "details_unchanged"
	switch {
	case len(out.Applied) > 0 && len(out.Asked) > 0:
		key = "details_both"
	case len(out.Applied) > 0:
		key = "details_saved"
	case len(out.Asked) > 0:
		key = "details_asked"
	}
	return s.profileDone(c, key, blockDetails)
}

// changeDetail is a change in the audit log: `phone: "old" → "new"`.
func changeDetail(ch contacts.Change) string {
	return estate.Changes{{Field: ch.Field, Old: ch.Old, New: ch.New}}.String()
}

// profileWithdrawChange withdraws one of the person's own changes waiting
// for the office. Anyone else's answers 404, as one that does not exist.
func (s *handler) profileWithdrawChange(c echo.Context) error {
	id := handlers.IdentityOf(c)
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		ch, err := contacts.Withdraw(ctx, tx, id.Person.ID, c.Param("id"), s.Now())
		if err != nil {
			return "", "", "", err
		}
		return "contact.change_withdrawn", id.Person.PublicID, changeDetail(ch), nil
	})
	if errs.Is(err, errs.NotFound) {
		handlers.Log(c).Warn("withdrawing a contact change that is not theirs or not waiting", "person", id.Person.ID,
			"change", c.Param("id"), "ip", c.RealIP())
	}
	if err != nil {
		return err
	}
	return s.profileDone(c, "details_withdrawn", blockDetails)
}
