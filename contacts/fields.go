package contacts

import "porch/estate"

// field is one detail of a person that they may change on their profile:
// its name (the form's and estate.PersonInput's field name), how people
// call it, the group whose rule it follows, and how to read and write it
// in the person form.
type field struct {
	key, label, group string
	get               func(estate.PersonInput) string
	set               func(*estate.PersonInput, string)
}

// Fields a person may change themselves, in the profile's order. The
// email address is not among them: it changes only by a code sent to the
// new address.
var fields = []field{
	{"title", "Title", GroupName,
		func(p estate.PersonInput) string { return p.Title }, func(in *estate.PersonInput, v string) { in.Title = v }},
	{"full_name", "Full name", GroupName,
		func(p estate.PersonInput) string { return p.FullName }, func(in *estate.PersonInput, v string) { in.FullName = v }},
	{"phone", "Phone", GroupPhones,
		func(p estate.PersonInput) string { return p.Phone }, func(in *estate.PersonInput, v string) { in.Phone = v }},
	{"other_phone", "Other phone", GroupPhones,
		func(p estate.PersonInput) string { return p.OtherPhone }, func(in *estate.PersonInput, v string) { in.OtherPhone = v }},
	{"correspondence_address", "Correspondence address", GroupAddress,
		func(p estate.PersonInput) string { return p.CorrespondenceAddress },
		func(in *estate.PersonInput, v string) { in.CorrespondenceAddress = v }},
	{"preferred_contact", "Preferred contact method", GroupContactMethod,
		func(p estate.PersonInput) string { return p.PreferredContact },
		func(in *estate.PersonInput, v string) { in.PreferredContact = v }},
}

// FieldKeys are the names of the details a person may change themselves.
func FieldKeys() []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.key
	}
	return out
}

// fieldOf finds a field by its key.
func fieldOf(key string) (field, bool) {
	for _, f := range fields {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

// GroupOf is the group whose rule the field follows, "" for a field a
// person cannot change themselves.
func GroupOf(key string) string {
	f, _ := fieldOf(key)
	return f.group
}

// FieldLabel names a field for people: "Correspondence address".
func FieldLabel(key string) string {
	if f, ok := fieldOf(key); ok {
		return f.label
	}
	return key
}

// ValueLabel is a field's value as people read it: a preferred way of
// contact by its name, and a blank value as "(none)".
func ValueLabel(key, v string) string {
	switch {
	case key == "preferred_contact":
		return estate.ContactMethodLabel(v)
	case v == "":
		return "(none)"
	}
	return v
}

// withValue is the person form with one field's value replaced.
func withValue(p estate.Person, key, v string) estate.PersonInput {
	in := p.Input()
	if f, ok := fieldOf(key); ok {
		f.set(&in, v)
	}
	return in
}
