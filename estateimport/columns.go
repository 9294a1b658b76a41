package estateimport

import (
	"strings"
)

// Column is a field the import understands, with the headings a
// spreadsheet commonly gives it. None is required on its own: see
// Mapping.Missing for which combinations a file needs.
type Column struct {
	Key      string
	Label    string
	Required bool
	Aliases  []string
}

// Columns lists what a row may hold, in the order the mapping step and
// the template show them.
var Columns = []Column{
	{"site", "Site", false, []string{"site", "block", "building", "development", "property", "scheme"}},
	{"unit", "Unit", false, []string{"unit", "flat", "flat no", "flat number", "unit name", "apartment", "plot", "door"}},
	{"floor", "Floor", false, []string{"floor", "level", "storey"}},
	{"kind", "Kind of unit", false, []string{"kind", "type", "unit type", "property type"}},
	{"share", "Share %", false, []string{"share", "share %", "percentage", "apportionment", "service charge %", "sc %"}},
	{"title", "Title", false, []string{"title", "salutation"}},
	{"name", "Person's name", false, []string{"name", "full name", "leaseholder", "tenant", "owner", "resident", "occupier", "contact"}},
	{"email", "Email", false, []string{"email", "e-mail", "email address"}},
	{"phone", "Phone", false, []string{"phone", "telephone", "tel", "mobile", "phone number"}},
	{"role", "Role", false, []string{"role", "relationship", "as", "occupancy"}},
	{"start", "From", false, []string{"start", "from", "start date", "since", "lease start", "tenancy start", "moved in", "purchase date"}},
	{"end", "Until", false, []string{"end", "to", "until", "end date", "tenancy end", "moved out"}},
	{"lease_granted", "Lease granted", false, []string{"lease granted", "lease date", "date of lease", "term start", "term from"}},
	{"lease_years", "Lease term, years", false, []string{"lease term", "term years", "lease length", "lease years"}},
	{"ground_rent", "Ground rent", false, []string{"ground rent", "gr", "ground rent pa"}},
	{"rent", "Rent", false, []string{"rent", "monthly rent", "rent pcm", "rent amount"}},
	{"rent_frequency", "Rent due", false, []string{"rent frequency", "frequency", "rent period", "payable"}},
	{"deposit", "Deposit", false, []string{"deposit", "deposit held", "deposit amount"}},
}

// Mapping says which column of the file holds each field: the field's
// key to the column's index, -1 (or absent) when the file has none.
type Mapping map[string]int

// Col returns the index of the field's column, or -1.
func (m Mapping) Col(key string) int {
	if i, ok := m[key]; ok {
		return i
	}
	return -1
}

// value returns the field of row, "" when unmapped.
func (m Mapping) value(row []string, key string) string {
	if i := m.Col(key); i >= 0 && i < len(row) {
		return row[i]
	}
	return ""
}

// Guess maps each field to the first heading that names it (its label or
// a common alias), ignoring case and punctuation; a heading is used once.
func Guess(header []string) Mapping {
	m := Mapping{}
	used := map[int]bool{}
	for _, c := range Columns {
		m[c.Key] = -1
		for _, alias := range append([]string{c.Label}, c.Aliases...) {
			for i, h := range header {
				if !used[i] && normalise(h) == normalise(alias) {
					m[c.Key] = i
					used[i] = true
					break
				}
			}
			if m[c.Key] >= 0 {
				break
			}
		}
	}
	return m
}

// normalise lower-cases a heading and reduces punctuation to spaces.
func normalise(s string) string {
	s = strings.ToLower(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '%':
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// Missing says which columns the file must still be given: a file of
// units needs both Site and Unit; a file of people only (three files, one
// each for units, people and who lives where) needs a name or an email.
func (m Mapping) Missing() []string {
	site, unit := m.Col("site") >= 0, m.Col("unit") >= 0
	switch {
	case site && !unit:
		return []string{"Unit"}
	case unit && !site:
		return []string{"Site"}
	case !site && !unit && m.Col("name") < 0 && m.Col("email") < 0:
		return []string{"Site", "Unit"}
	}
	return nil
}

// PeopleOnly reports a file of people without their homes.
func (m Mapping) PeopleOnly() bool { return m.Col("site") < 0 && m.Col("unit") < 0 }

// Template is a CSV file with the columns the import reads and two
// example rows, for an agency starting its spreadsheet from nothing.
func Template() string {
	var b strings.Builder
	for i, c := range Columns {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(c.Label)
	}
	b.WriteString("\r\nHarbour View,Flat 1,Ground,flat,3.5714,Ms,Amara Okafor,amara.okafor@example.com,07700 900123,leaseholder,2019-06-01,," +
		"2004-06-24,125,250.00,,,\r\n")
	b.WriteString("Harbour View,Flat 2,Ground,flat,3.5714,Mr,Tom Reid,tom.reid@example.com,,tenant,2024-09-01,2025-08-31," +
		",,,1650.00,monthly,1903.00\r\n")
	return b.String()
}
