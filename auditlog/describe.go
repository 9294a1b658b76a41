package auditlog

import (
	"strings"
	"time"
)

// Record is one stored entry of the audit log.
type Record struct {
	ID         int64
	At         time.Time
	PersonID   *int64
	PersonName string // empty when nobody was signed in
	IP         string
	Action     string
	Object     string
	Detail     string
}

// Change is an old → new value an entry's detail carries.
type Change struct {
	Field    string // what changed, when the detail names it ("name")
	Old, New string
}

// Entry is a record as people read it.
type Entry struct {
	Record
	Sentence string   // "Priya Shah invited Amara Okafor"
	Changes  []Change // old → new values from the detail
	Note     string   // the rest of the detail, as written
}

// Who is who acted, as the log names them.
func (r Record) Who() string {
	switch {
	case r.PersonName != "":
		return r.PersonName
	case r.IP != "":
		return "Someone not signed in"
	}
	return "Porch"
}

// Known reports whether the action code has words.
func Known(action string) bool {
	_, ok := phrases[action]
	return ok
}

// Label names the kind of action, for the filter and the export; an
// unknown code (one written before its words, or by a newer version)
// shows as it is.
func Label(action string) string {
	if p, ok := phrases[action]; ok {
		return p.Label
	}
	return action
}

// codeWords are the objects that are not ids but words of the code
// base: the purposes of one-time codes.
var codeWords = map[string]string{
	"sign_in":      "signing in",
	"email_change": "changing an email address",
	"reauth":       "confirming who they are",
}

// detailWords finish the sentences of actions whose detail is one of a
// few words of the code base, in the {detail} of their pattern.
var detailWords = map[string]map[string]string{
	"auth.sign_in": {
		"code":                     "with a sign-in code",
		"password":                 "with a password",
		"invitation":               "from an invitation",
		"code to confirm a change": "with a code confirming a change",
	},
}

// Describe turns a record into a sentence, with what the object's public
// id names (from Names) in place of the id.
func Describe(r Record, names map[string]string) Entry {
	object := strings.TrimPrefix(r.Object, "org:")
	if n, ok := names[r.Object]; ok {
		object = n
	} else if w, ok := codeWords[r.Object]; ok {
		object = w
	}
	detail := r.Detail
	words, ok := detailWords[r.Action][detail]
	if ok {
		detail = ""
	}
	p, ok := phrases[r.Action]
	pattern := p.Pattern
	if !ok {
		pattern = "{who}: " + r.Action + " {object}"
	}
	if object == "" {
		object = "something"
	}
	s := strings.NewReplacer("{who}", r.Who(), "{object}", object, "{detail}", words).Replace(pattern)
	e := Entry{Record: r, Sentence: strings.Join(strings.Fields(s), " ")}
	e.Changes, e.Note = changes(detail)
	return e
}

// changes picks the "old → new" parts out of a detail ("name: "A" → "B";
// 2 devices signed out"), leaving the others as the note.
func changes(detail string) ([]Change, string) {
	if !strings.Contains(detail, " → ") {
		return nil, detail
	}
	var out []Change
	var rest []string
	for _, part := range strings.Split(detail, "; ") {
		before, after, ok := strings.Cut(part, " → ")
		if !ok {
			rest = append(rest, part)
			continue
		}
		c := Change{Old: unquote(before), New: unquote(after)}
		if i := strings.LastIndex(before, ": "); i >= 0 {
			c.Field, c.Old = strings.ReplaceAll(before[:i], "_", " "), unquote(before[i+2:])
		}
		out = append(out, c)
	}
	return out, strings.Join(rest, "; ")
}

// unquote drops the quotes %q put around a value.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	if s == "" {
		return "nothing"
	}
	return s
}
