package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Person is anyone the organisation deals with: a leaseholder, tenant,
// landlord or member of staff. One person may hold several roles.
type Person struct {
	ID                    int64
	PublicID              string
	Title                 string // Mr, Ms, Dr, ...; may be empty
	FullName              string
	Email                 string // empty when not known; unique regardless of case
	Phone                 string
	CorrespondenceAddress string // multi-line; empty means write to their unit
	PortalEnabled         bool   // may sign in to the portal (needs an email)
	CreatedAt             time.Time
	Kind                  string    // PersonIndividual or PersonCompany
	OtherPhone            string    // a second number, often a mobile
	ArchivedAt            time.Time // zero while the person is current
	PreferredContact      string    // ContactByEmail, ContactByPhone, ContactByPost, or "" when not said
}

// Kinds of person: someone, or a company (a landlord's limited company, a
// freeholder), whose name is its registered name and which has no title.
const (
	PersonIndividual = "individual"
	PersonCompany    = "company"
)

// How a person would rather be contacted (Person.PreferredContact).
const (
	ContactByEmail = "email"
	ContactByPhone = "phone"
	ContactByPost  = "post"
)

// ContactMethods are the ways a person may prefer to be contacted, in the
// order forms offer them.
var ContactMethods = []string{ContactByEmail, ContactByPhone, ContactByPost}

// ContactMethodLabel names a preferred way of contact for people: "By
// email", or "No preference" for none.
func ContactMethodLabel(m string) string {
	switch m {
	case ContactByEmail:
		return "By email"
	case ContactByPhone:
		return "By phone"
	case ContactByPost:
		return "By post"
	}
	return "No preference"
}

// PreferredContactLabel names how the person prefers to be contacted.
func (p Person) PreferredContactLabel() string { return ContactMethodLabel(p.PreferredContact) }

// Archived reports whether the person has been archived.
func (p Person) Archived() bool { return !p.ArchivedAt.IsZero() }

// IsCompany reports whether the person is a company.
func (p Person) IsCompany() bool { return p.Kind == PersonCompany }

// DisplayName is the name with its title, as on a letter.
// GreetingName is how every email greets the person ("Hello Alice,"):
// their first name, or a company's whole name.
func (p Person) GreetingName() string {
	if f := strings.Fields(p.FullName); len(f) > 0 && !p.IsCompany() {
		return f[0]
	}
	return p.DisplayName()
}

func (p Person) DisplayName() string {
	if p.Title == "" {
		return p.FullName
	}
	return p.Title + " " + p.FullName
}

// PersonInput is the person form. Field names in validation errors: kind,
// title, full_name, email, phone, other_phone, correspondence_address,
// preferred_contact.
type PersonInput struct {
	Kind                  string // PersonIndividual when empty
	Title                 string
	FullName              string
	Email                 string
	Phone                 string
	OtherPhone            string
	CorrespondenceAddress string
	PortalEnabled         bool
	PreferredContact      string // one of ContactMethods, or "" when not said
}

// Input is the person's details as the person form holds them, for a
// change to some of them: UpdatePerson saves every field of its input.
func (p Person) Input() PersonInput {
	return PersonInput{Kind: p.Kind, Title: p.Title, FullName: p.FullName, Email: p.Email, Phone: p.Phone,
		OtherPhone: p.OtherPhone, CorrespondenceAddress: p.CorrespondenceAddress, PortalEnabled: p.PortalEnabled,
		PreferredContact: p.PreferredContact}
}

// Check tidies the input as saving it would (spaces, line endings) and
// refuses it with field messages as saving it would, without saving:
// for a change that waits for someone's approval before it is saved.
// The email address is checked for its form, not for being free.
func (in PersonInput) Check() (PersonInput, error) {
	f := in.validate()
	return in, f.Err()
}

func (in *PersonInput) validate() errs.Fields {
	f := errs.Fields{}
	in.Title = strings.TrimSpace(in.Title)
	in.FullName = strings.Join(strings.Fields(in.FullName), " ")
	in.Email = strings.TrimSpace(in.Email)
	in.Phone = strings.Join(strings.Fields(in.Phone), " ")
	in.OtherPhone = strings.Join(strings.Fields(in.OtherPhone), " ")
	switch in.Kind {
	case "":
		in.Kind = PersonIndividual
	case PersonIndividual:
	case PersonCompany:
		if in.Title != "" {
			f.Add("title", "A company has no title: leave it blank.")
		}
	default:
		f.Add("kind", "Choose whether this is a person or a company.")
	}
	in.CorrespondenceAddress = strings.TrimSpace(strings.ReplaceAll(in.CorrespondenceAddress, "\r\n", "\n"))
	if len(in.Title) > 20 {
		f.Add("title", "Keep the title to 20 characters or fewer, for example Mrs or Dr.")
	}
	switch {
	case in.FullName == "":
		f.Add("full_name", "Enter the person's full name.")
	case len(in.FullName) > 120:
		f.Add("full_name", "Keep the name to 120 characters or fewer.")
	}
	if in.Email != "" && !validEmail(in.Email) {
		f.Add("email", "Enter an email address like name@example.co.uk.")
	}
	if in.Phone != "" && !validPhone(in.Phone) {
		f.Add("phone", "Enter a phone number of 7 to 20 digits, for example 07700 900123.")
	}
	if in.OtherPhone != "" && !validPhone(in.OtherPhone) {
		f.Add("other_phone", "Enter a phone number of 7 to 20 digits, for example 020 7946 0000.")
	}
	if len(in.CorrespondenceAddress) > 500 {
		f.Add("correspondence_address", "Keep the address to 500 characters or fewer.")
	}
	if in.PreferredContact != "" && !slices.Contains(ContactMethods, in.PreferredContact) {
		f.Add("preferred_contact", "Choose email, phone or post.")
	}
	return f
}

// validEmail accepts a bare address with a dotted domain: mail.ParseAddress
// alone also takes display names and single-label domains like "me@localhost".
func validEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// validPhone is deliberately loose: digits with spaces, brackets, hyphens and
// a leading +, as people write them, holding 7 to 20 digits.
func validPhone(s string) bool {
	digits := 0
	for i, c := range s {
		switch {
		case '0' <= c && c <= '9':
			digits++
		case c == ' ', c == '(', c == ')', c == '-':
		case c == '+' && i == 0:
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 20
}

// CreatePerson validates in and adds the person. An email address may belong
// to only one person, since it is how they sign in.
func CreatePerson(ctx context.Context, tx *sql.Tx, in PersonInput, now time.Time) (Person, error) {
	f := in.validate()
	if _, ok := f["email"]; !ok && in.Email != "" {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM people WHERE email = ?`, in.Email).Scan(&one)
		switch {
		case err == nil:
			f.Add("email", "Someone with this email address already exists.")
		case !errors.Is(err, sql.ErrNoRows):
			return Person{}, fmt.Errorf("check email: %w", err)
		}
	}
	if err := f.Err(); err != nil {
		return Person{}, err
	}
	p := Person{
		PublicID: sqldb.NewPublicID(), Title: in.Title, FullName: in.FullName, Email: in.Email, Phone: in.Phone,
		CorrespondenceAddress: in.CorrespondenceAddress, PortalEnabled: in.PortalEnabled,
		CreatedAt: now.UTC().Truncate(time.Second), Kind: in.Kind, OtherPhone: in.OtherPhone,
		PreferredContact: in.PreferredContact,
	}
	var email any // NULL, not '', when unknown: the unique index allows many NULLs
	if p.Email != "" {
		email = p.Email
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO people (public_id, title, full_name, email, phone,
		correspondence_address, portal_enabled, created_at, kind, other_phone, preferred_contact)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.PublicID, p.Title, p.FullName, email, p.Phone, p.CorrespondenceAddress, p.PortalEnabled, sqldb.At(now),
		p.Kind, p.OtherPhone, p.PreferredContact)
	if err != nil {
		return Person{}, fmt.Errorf("insert person: %w", err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return Person{}, fmt.Errorf("insert person: %w", err)
	}
	return p, nil
}

const personColumns = `p.id, p.public_id, p.title, p.full_name, coalesce(p.email, ''), p.phone,
	p.correspondence_address, p.portal_enabled, p.created_at, p.kind, p.other_phone, p.archived_at,
	p.preferred_contact FROM people p`

func scanPerson(r sqldb.Scanner) (Person, error) {
	var p Person
	var archived sqldb.Time // zero while NULL
	err := r.Scan(&p.ID, &p.PublicID, &p.Title, &p.FullName, &p.Email, &p.Phone,
		&p.CorrespondenceAddress, &p.PortalEnabled, sqldb.Into(&p.CreatedAt), &p.Kind, &p.OtherPhone, &archived,
		&p.PreferredContact)
	p.ArchivedAt = archived.Time
	return p, err
}

func getPerson(ctx context.Context, q sqldb.Querier, where string, arg any) (Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(errs.NotFound, "Person not found.")
	}
	if err != nil {
		return p, fmt.Errorf("get person: %w", err)
	}
	return p, nil
}

// GetPerson returns the person with the given public id, or NotFound.
func GetPerson(ctx context.Context, q sqldb.Querier, publicID string) (Person, error) {
	return getPerson(ctx, q, `p.public_id = ?`, publicID)
}

// GetPersonByID returns the person with the given internal id, or NotFound;
// for callers such as sessions that hold the id.
func GetPersonByID(ctx context.Context, q sqldb.Querier, id int64) (Person, error) {
	return getPerson(ctx, q, `p.id = ?`, id)
}

// FindPersonByEmail returns the person with this email address, ignoring
// case and surrounding spaces, or NotFound.
func FindPersonByEmail(ctx context.Context, q sqldb.Querier, email string) (Person, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return Person{}, errs.E(errs.NotFound, "Person not found.")
	}
	return getPerson(ctx, q, `p.email = ?`, email)
}

// ListPeople returns everyone, by name.
func ListPeople(ctx context.Context, q sqldb.Querier) ([]Person, error) {
	out, err := sqldb.QueryAll(ctx, q, scanPerson, `SELECT `+personColumns+` ORDER BY p.full_name COLLATE NOCASE, p.id`)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	return out, nil
}
