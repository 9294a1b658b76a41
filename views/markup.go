package views

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
)

// Markup formats HTML for a field's hint or error: the format, written in
// a template, is trusted markup, and each argument is escaped as text
// (template.HTML arguments are kept as they are). Arguments go in text or
// quoted attributes, never as a URL from outside Porch.
//
//	"hint" (markup "Saved: <code>%s</code>. Leave blank to keep it." .KeyHint)
func Markup(format string, args ...any) template.HTML {
	esc := make([]any, len(args))
	for i, a := range args {
		if h, ok := a.(template.HTML); ok {
			esc[i] = string(h)
		} else {
			esc[i] = template.HTMLEscapeString(text(a))
		}
	}
	return template.HTML(fmt.Sprintf(format, esc...))
}

// Attrs builds a field control's extra attributes from name/value pairs:
// aria-, hx- and data- attributes only, each value escaped.
//
//	"attrs" (attrs "aria-controls" "people-rows" "hx-get" "/admin/people")
func Attrs(pairs ...any) (template.HTMLAttr, error) {
	if len(pairs)%2 != 0 {
		return "", errors.New("attrs: names and values must come in pairs")
	}
	var b strings.Builder
	for i := 0; i < len(pairs); i += 2 {
		name, ok := pairs[i].(string)
		if !ok || !attrName(name) {
			return "", fmt.Errorf("attrs: %v is not an aria-, hx- or data- attribute", pairs[i])
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, `%s="%s"`, name, template.HTMLEscapeString(text(pairs[i+1])))
	}
	return template.HTMLAttr(b.String()), nil
}

// attrName reports whether attrs may write an attribute of this name.
func attrName(name string) bool {
	if !strings.HasPrefix(name, "aria-") && !strings.HasPrefix(name, "hx-") && !strings.HasPrefix(name, "data-") {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
