package demo_test

import (
	"context"
	"testing"

	"porch/contacts"
)

// The demo's two changes of contact details wait for the office under the
// default rules, and neither changed a record.
func TestSeedContactChangesWait(t *testing.T) {
	t.Parallel()
	db := seeded(t)
	list, err := contacts.Waiting(context.Background(), db.Read())
	if err != nil || len(list) != 2 {
		t.Fatalf("waiting %+v, %v", list, err)
	}
	if list[0].Field != "correspondence_address" || list[0].Current != "" || list[0].PersonName != "Amara Okafor" ||
		list[1].Field != "full_name" || list[1].Current != "Jamal Robinson" {
		t.Errorf("waiting %+v", list)
	}
	rules, err := contacts.LoadRules(context.Background(), db.Read())
	if err != nil || rules.Of(contacts.GroupName) != contacts.Confirm || rules.Of(contacts.GroupPhones) != contacts.Immediate {
		t.Errorf("rules %v %v", rules, err)
	}
}
