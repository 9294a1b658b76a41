package views

import (
	"bytes"
	"fmt"
	htmltpl "html/template"
	"io/fs"
	"path"
	"strings"
	texttpl "text/template"

	"porch/estate"
)

// Email is a rendered message: a subject, a plain-text part (always) and an
// HTML part, branded like the organisation's pages.
type Email struct {
	Subject string
	Text    string
	HTML    string
}

// EmailData is what every email template receives.
type EmailData struct {
	Org    *estate.Settings
	Theme  Theme
	OrgURL string // the organisation's portal address, e.g. https://acme.example.com
	Page   any
}

// LogoURL is the absolute address of the organisation's logo at its
// portal, for the HTML part, or "" without a logo. It is built from
// OrgURL, the organisation's own address, never from a request's Host.
func (d EmailData) LogoURL() string {
	if d.Org == nil || !d.Org.HasLogo() || d.OrgURL == "" {
		return ""
	}
	return d.OrgURL + "/branding/logo?v=" + d.Org.LogoHash
}

// emails holds, per message name, its text and HTML templates.
type emails struct {
	text map[string]*texttpl.Template
	html map[string]*htmltpl.Template
}

func textFuncs() texttpl.FuncMap {
	return texttpl.FuncMap{"money": Money, "date": Date, "datetime": DateTime, "paragraphs": Paragraphs}
}

// parseEmails loads templates/email: for each NAME.txt (which defines
// "subject" and "body") an optional NAME.html (which defines "body") drawn
// inside layout.html.
func parseEmails() (*emails, error) {
	em := &emails{text: map[string]*texttpl.Template{}, html: map[string]*htmltpl.Template{}}
	names, err := fs.Glob(files, "templates/email/*.txt")
	if err != nil {
		return nil, err
	}
	layout, err := htmltpl.New("email").Funcs(funcs()).ParseFS(files, "templates/email/layout.html")
	if err != nil {
		return nil, fmt.Errorf("views: email layout: %w", err)
	}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".txt")
		t, err := texttpl.New(name).Funcs(textFuncs()).ParseFS(files, n, "templates/email/footer.tmpl")
		if err != nil {
			return nil, fmt.Errorf("views: %s: %w", n, err)
		}
		if t.Lookup("subject") == nil || t.Lookup("body") == nil {
			return nil, fmt.Errorf("views: %s must define \"subject\" and \"body\"", n)
		}
		em.text[name] = t
		htmlName := "templates/email/" + name + ".html"
		if _, err := fs.Stat(files, htmlName); err == nil {
			h, err := htmltpl.Must(layout.Clone()).ParseFS(files, htmlName)
			if err != nil {
				return nil, fmt.Errorf("views: %s: %w", htmlName, err)
			}
			em.html[name] = h
		}
	}
	return em, nil
}

// Email renders the named message.
func (r *Renderer) Email(name string, d EmailData) (Email, error) {
	t, ok := r.emails.text[name]
	if !ok {
		return Email{}, fmt.Errorf("views: no email %q", name)
	}
	var subj, text bytes.Buffer
	if err := t.ExecuteTemplate(&subj, "subject", d); err != nil {
		return Email{}, fmt.Errorf("views: email %s subject: %w", name, err)
	}
	if err := t.ExecuteTemplate(&text, "body", d); err != nil {
		return Email{}, fmt.Errorf("views: email %s: %w", name, err)
	}
	out := Email{Subject: strings.Join(strings.Fields(subj.String()), " "), Text: strings.TrimSpace(text.String()) + "\n"}
	if h, ok := r.emails.html[name]; ok {
		var html bytes.Buffer
		if err := h.ExecuteTemplate(&html, "layout", d); err != nil {
			return Email{}, fmt.Errorf("views: email %s html: %w", name, err)
		}
		out.HTML = html.String()
	}
	return out, nil
}
