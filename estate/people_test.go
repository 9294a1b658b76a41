package estate_test

import (
	"context"
	"database/sql"
	"testing"

	"porch/estate"
	"porch/tenants"
)

// newPerson adds a person with just a name and email.
func newPerson(t *testing.T, db *tenants.DB, name, email string) estate.Person {
	t.Helper()
	var p estate.Person
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		p, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: name, Email: email, PortalEnabled: true}, testNow)
		return err
	})
	return p
}

func TestCreatePersonValidation(t *testing.T) {
	tests := []struct {
		name  string
		in    estate.PersonInput
		field string
	}{
		{"no name", estate.PersonInput{FullName: "  "}, "full_name"},
		{"bad email", estate.PersonInput{FullName: "Amara Okafor", Email: "amara"}, "email"},
		{"email with display name", estate.PersonInput{FullName: "Amara Okafor", Email: "Amara <amara@example.com>"}, "email"},
		{"email without dotted domain", estate.PersonInput{FullName: "Amara Okafor", Email: "amara@localhost"}, "email"},
		{"phone with letters", estate.PersonInput{FullName: "Amara Okafor", Phone: "07700 90O123"}, "phone"},
		{"phone too short", estate.PersonInput{FullName: "Amara Okafor", Phone: "12345"}, "phone"},
		{"phone too long", estate.PersonInput{FullName: "Amara Okafor", Phone: "+44 1234 5678 9012 3456 789"}, "phone"},
		{"plus in the middle", estate.PersonInput{FullName: "Amara Okafor", Phone: "0770+0900123"}, "phone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
				_, err := estate.CreatePerson(ctx, tx, tt.in, testNow)
				return err
			})
			if msg := fieldErrors(t, err)[tt.field]; msg == "" {
				t.Errorf("no message for %s in %v", tt.field, err)
			}
			if n := count(t, db, "people"); n != 0 {
				t.Errorf("%d people written", n)
			}
		})
	}
}

func TestCreatePerson(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	var p estate.Person
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		p, err = estate.CreatePerson(ctx, tx, estate.PersonInput{
			Title: "Dr", FullName: " Amara   Okafor ", Email: "Amara.Okafor@Example.com",
			Phone: "+44 (0)7700 900123", CorrespondenceAddress: "3 Elm Row\r\nLeeds\r\nLS6 2AB", PortalEnabled: true,
		}, testNow)
		if err != nil {
			return err
		}
		// People without an email address do not clash with each other.
		for range 2 {
			if _, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Ben Ward"}, testNow); err != nil {
				return err
			}
		}
		return nil
	})
	if p.FullName != "Amara Okafor" || p.DisplayName() != "Dr Amara Okafor" || p.CorrespondenceAddress != "3 Elm Row\nLeeds\nLS6 2AB" {
		t.Errorf("person not normalised: %+v", p)
	}
	got, err := estate.GetPerson(ctx, db.Read(), p.PublicID)
	if err != nil || got != p {
		t.Errorf("GetPerson = %+v, %v; want %+v", got, err, p)
	}
	found, err := estate.FindPersonByEmail(ctx, db.Read(), " amara.okafor@EXAMPLE.com ")
	if err != nil || found.ID != p.ID {
		t.Errorf("FindPersonByEmail = %+v, %v", found, err)
	}
	people, err := estate.ListPeople(ctx, db.Read())
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 3 || people[0].FullName != "Amara Okafor" || people[1].Email != "" {
		t.Errorf("ListPeople = %+v", people)
	}
}

func TestCreatePersonDuplicateEmail(t *testing.T) {
	db := newDB(t)
	newPerson(t, db, "Amara Okafor", "amara@example.com")
	err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Someone Else", Email: "AMARA@example.com"}, testNow)
		return err
	})
	if got := fieldErrors(t, err)["email"]; got != "Someone with this email address already exists." {
		t.Errorf("email message = %q", got)
	}
	if n := count(t, db, "people"); n != 1 {
		t.Errorf("%d people, want 1", n)
	}
}

func TestPersonNotFound(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	newPerson(t, db, "Amara Okafor", "amara@example.com")
	_, err := estate.GetPerson(ctx, db.Read(), "nosuchperson")
	wantNotFound(t, err)
	_, err = estate.FindPersonByEmail(ctx, db.Read(), "nobody@example.com")
	wantNotFound(t, err)
	_, err = estate.FindPersonByEmail(ctx, db.Read(), "")
	wantNotFound(t, err)
	_, err = estate.GetPersonByID(ctx, db.Read(), 999)
	wantNotFound(t, err)
}
