package staff

import (
	"context"
	"database/sql"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
)

// personForm is the form that adds a person or changes their details.
type personForm struct {
	Kind, Title, FullName, Email, Phone, OtherPhone, Address string
	PreferredContact                                         string
	Errors                                                   errs.Fields
	Notice                                                   string
}

// personFields are the form's field names, as estate.PersonInput reports
// them.
var personFields = handlers.FormKeys("kind", "title", "full_name", "email", "phone", "other_phone", "correspondence_address", "preferred_contact", "duplicate")

func readPersonForm(c echo.Context) personForm {
	return personForm{Kind: c.FormValue("kind"), Title: c.FormValue("title"), FullName: c.FormValue("full_name"),
		Email: c.FormValue("email"), Phone: c.FormValue("phone"), OtherPhone: c.FormValue("other_phone"),
		Address: c.FormValue("correspondence_address"), PreferredContact: c.FormValue("preferred_contact"), Errors: errs.Fields{}}
}

func (f personForm) input() estate.PersonInput {
	return estate.PersonInput{Kind: f.Kind, Title: f.Title, FullName: f.FullName, Email: f.Email, Phone: f.Phone,
		OtherPhone: f.OtherPhone, CorrespondenceAddress: f.Address, PreferredContact: f.PreferredContact}
}

func formOf(p estate.Person) personForm {
	return personForm{Kind: p.Kind, Title: p.Title, FullName: p.FullName, Email: p.Email, Phone: p.Phone,
		OtherPhone: p.OtherPhone, Address: p.CorrespondenceAddress, PreferredContact: p.PreferredContact, Errors: errs.Fields{}}
}

// adminNewPerson is the form that adds a person.
func (s *handler) adminNewPerson(c echo.Context) error {
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_person_new", Title: "Add a person",
		Data: personForm{Kind: estate.PersonIndividual, Errors: errs.Fields{}}, Wide: true})
}

// adminAddPerson adds a person from the form; their portal access starts
// off, for someone to invite them when they are ready.
func (s *handler) adminAddPerson(c echo.Context) error {
	ctx := c.Request().Context()
	f := readPersonForm(c)
	var p estate.Person
	err := handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		in := f.input()
		in.PortalEnabled = true
		var err error
		if p, err = estate.CreatePerson(ctx, tx, in, s.Now()); err != nil {
			return err
		}
		return s.AuditTx(ctx, c, tx, &handlers.IdentityOf(c).Person.ID, "person.added", p.PublicID, p.DisplayName())
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		f.Errors = handlers.MapFields(fields, personFields)
		return s.Render(c, http.StatusUnprocessableEntity, handlers.View{Page: "admin_person_new", Title: "Add a person",
			Data: f, Wide: true, Block: handlers.FormBlock(c, "person-new")})
	}
	if err != nil {
		return err
	}
	return handlers.Redirect(c, "/admin/people/"+p.PublicID+"?done=added")
}

// adminSavePerson saves the details form of a person. A new email address
// is a new way into their account, so whoever was signed in as them is
// signed out and any invitation to the old address withdrawn.
func (s *handler) adminSavePerson(c echo.Context) error {
	f := readPersonForm(c)
	return s.personEdit(c, &f, func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity, p estate.Person) (string, error) {
		after, cs, err := estate.UpdatePerson(ctx, tx, p.ID, f.input())
		if err != nil || len(cs) == 0 {
			return "unchanged", err
		}
		key := "saved"
		if !strings.EqualFold(after.Email, p.Email) && p.Email != "" {
			n, err := auth.RevokeAllDevices(ctx, tx, s.Now(), p.ID)
			if err != nil {
				return "", err
			}
			if err := estate.WithdrawInvitations(ctx, tx, p.ID, s.Now()); err != nil {
				return "", err
			}
			if n > 0 {
				key = "saved-signed-out"
			}
		}
		return key, s.AuditTx(ctx, c, tx, &actor.Person.ID, "person.updated", p.PublicID, cs.String())
	})
}

// adminArchivePerson archives a person, or with restore=yes brings them
// back.
func (s *handler) adminArchivePerson(c echo.Context) error {
	restore := c.FormValue("restore") == "yes"
	return s.personEdit(c, nil, func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity, p estate.Person) (string, error) {
		if restore {
			if err := estate.RestorePerson(ctx, tx, p.ID); err != nil {
				return "", err
			}
			return "restored", s.AuditTx(ctx, c, tx, &actor.Person.ID, "person.restored", p.PublicID, "")
		}
		if err := estate.ArchivePerson(ctx, tx, p.ID, s.Now()); err != nil {
			return "", err
		}
		if _, err := auth.RevokeAllDevices(ctx, tx, s.Now(), p.ID); err != nil {
			return "", err
		}
		return "archived", s.AuditTx(ctx, c, tx, &actor.Person.ID, "person.archived", p.PublicID, "")
	})
}

// adminMergePerson folds a duplicate record (form field duplicate) into
// this person: the duplicate's homes, payments and history move here, and
// the duplicate is removed.
func (s *handler) adminMergePerson(c echo.Context) error {
	dupID := c.FormValue("duplicate")
	return s.personEdit(c, nil, func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity, p estate.Person) (string, error) {
		dup, err := estate.GetPerson(ctx, tx, dupID)
		if errs.Is(err, errs.NotFound) {
			return "", errs.Fields{"duplicate": "Choose the duplicate record from the list."}.Err()
		}
		if err != nil {
			return "", err
		}
		_, changes, err := estate.MergePeople(ctx, tx, p.ID, dup.ID)
		if err != nil {
			return "", err
		}
		return "merged", s.AuditTx(ctx, c, tx, &actor.Person.ID, "person.merged", p.PublicID, changes.String())
	})
}

// personEdit runs a change to a person's record in one transaction, for
// someone whose rank lets them change it (auth.MayManage), and answers
// with the person's page: a redirect with a notice key, or with a refusal
// the page again with the form's errors (422).
func (s *handler) personEdit(c echo.Context, f *personForm, do func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity, p estate.Person) (string, error)) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	actor := handlers.IdentityOf(c)
	p, key, err := s.writePerson(c, "may not change the details of ", func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity, p estate.Person) (string, error) {
		role, err := estate.StaffRole(ctx, tx, p.ID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return "", err
		}
		if !auth.MayManage(actor.Scope.StaffRole, role) {
			return "", errs.E(errs.Forbidden, "Your role cannot change the details of this member of staff.")
		}
		return do(ctx, tx, actor, p)
	})
	fields, invalid := handlers.FieldsOf(err)
	if err != nil && !invalid {
		return err
	}
	if err == nil {
		return handlers.Redirect(c, "/admin/people/"+p.PublicID+"?done="+key)
	}
	row, err := loadPersonRow(ctx, o.DB.Read(), p, actor.Scope.StaffRole, s.Now())
	if err != nil {
		return err
	}
	page := personPage{personRow: row, Self: p.ID == actor.Person.ID, Form: formOf(p)}
	if page.Duplicates, err = duplicateChoices(ctx, o.DB.Read(), p); err != nil {
		return err
	}
	if page.Holdings, err = loadHoldings(ctx, o.DB.Read(), p.ID, s.Today()); err != nil {
		return err
	}
	if f != nil {
		page.Form, page.Editing = *f, true
	}
	page.Form.Errors = handlers.MapFields(fields, personFields)
	return s.Render(c, http.StatusUnprocessableEntity, handlers.View{Page: "admin_person", Title: p.DisplayName(), Data: page,
		Wide: true, Block: handlers.FormBlock(c, "person-details")})
}

// duplicateChoices are the records that may be merged into p: everyone
// else not archived and not on the staff, by name, with their email to
// tell them apart.
func duplicateChoices(ctx context.Context, q sqldb.Querier, p estate.Person) ([]handlers.Choice, error) {
	people, err := estate.ListPeople(ctx, q)
	if err != nil {
		return nil, err
	}
	staff, err := estate.ListStaff(ctx, q)
	if err != nil {
		return nil, err
	}
	isStaff := map[int64]bool{}
	for _, st := range staff {
		isStaff[st.PersonID] = true
	}
	var out []handlers.Choice
	for _, o := range people {
		if o.ID == p.ID || o.Archived() || isStaff[o.ID] {
			continue
		}
		label := o.DisplayName()
		if o.Email != "" {
			label += " (" + o.Email + ")"
		}
		out = append(out, handlers.Choice{Value: o.PublicID, Label: label})
	}
	return out, nil
}
