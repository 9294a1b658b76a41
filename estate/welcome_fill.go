package estate

import (
	"fmt"
	"regexp"
	"strings"

	"porch/errs"
)

// Placeholder is a word in braces, such as {{first_name}}, that the
// welcome email's subject and text may carry, replaced in each email sent.
type Placeholder struct {
	Name  string // first_name
	Means string // what replaces it, as the editor explains it
}

// Tag is the placeholder as written: {{first_name}}.
func (p Placeholder) Tag() string { return "{{" + p.Name + "}}" }

// WelcomePlaceholders are the placeholders the welcome email may use.
var WelcomePlaceholders = []Placeholder{
	{"first_name", "the first name of the person invited"},
	{"org_name", "your organisation's name"},
	{"portal_link", "the address of your portal"},
}

// placeholderRE finds anything written as a placeholder.
var placeholderRE = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// WelcomeValues are what the placeholders of one email stand for.
type WelcomeValues struct {
	FirstName, OrgName, PortalLink string
}

func (v WelcomeValues) lookup(name string) (string, bool) {
	switch name {
	case "first_name":
		return v.FirstName, true
	case "org_name":
		return v.OrgName, true
	case "portal_link":
		return v.PortalLink, true
	}
	return "", false
}

// checkPlaceholders adds to f, for field, a message naming the first
// placeholder in s that is not one of WelcomePlaceholders.
func checkPlaceholders(f errs.Fields, field, s string) {
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		if _, ok := (WelcomeValues{}).lookup(m[1]); !ok {
			var known []string
			for _, p := range WelcomePlaceholders {
				known = append(known, p.Tag())
			}
			f.Add(field, fmt.Sprintf("%s is not a placeholder this email knows. Use %s, or take the braces away.",
				m[0], strings.Join(known, ", ")))
			return
		}
	}
}

// Fill replaces the placeholders of w with v, as plain text: the values
// are never read as a template, and the email's HTML part escapes them
// like any other text. A placeholder the email does not know is left as
// written (Validate refuses one before it is saved).
func (w WelcomeEmail) Fill(v WelcomeValues) WelcomeEmail {
	fill := func(s string) string {
		return placeholderRE.ReplaceAllStringFunc(s, func(tag string) string {
			if val, ok := v.lookup(placeholderRE.FindStringSubmatch(tag)[1]); ok {
				return val
			}
			return tag
		})
	}
	// One line stays one line, whatever a name holds.
	w.Subject = strings.Join(strings.Fields(fill(w.Subject)), " ")
	w.Text = fill(w.Text)
	return w
}
