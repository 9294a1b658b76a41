package estate_test

import (
	"strings"
	"testing"

	"porch/estate"
)

func TestWelcomePlaceholdersAreFilledAsPlainText(t *testing.T) {
	w := estate.WelcomeEmail{Subject: "Welcome, {{first_name}}, to {{ org_name }}",
		Text: "Dear {{first_name}},\n\nVisit {{portal_link}}. {{first_name}} again; {{.Org.Name}} stays."}
	got := w.Fill(estate.WelcomeValues{FirstName: "{{org_name}} <b>Jo</b>\n", OrgName: "Acme & Co", PortalLink: "https://acme.example.com"})
	if got.Subject != "Welcome, {{org_name}} <b>Jo</b> , to Acme & Co" {
		t.Errorf("subject %q", got.Subject)
	}
	if got.Text != "Dear {{org_name}} <b>Jo</b>\n,\n\nVisit https://acme.example.com. {{org_name}} <b>Jo</b>\n again; {{.Org.Name}} stays." {
		t.Errorf("text %q", got.Text)
	}
}

func TestWelcomeRefusesAnUnknownPlaceholder(t *testing.T) {
	w := estate.WelcomeEmail{Subject: "Hello {{first_name}}", Text: "Dear {{first_name}} {{surname}}, welcome to {{org_name}}."}
	f := fieldErrors(t, w.Validate())
	if !strings.Contains(f["text"], "{{surname}} is not a placeholder") || !strings.Contains(f["text"], "{{portal_link}}") {
		t.Errorf("text message %q", f["text"])
	}
	if _, ok := f["subject"]; ok {
		t.Errorf("subject refused: %q", f["subject"])
	}
	w = estate.WelcomeEmail{Subject: "Hi {{ Name }}", Text: "Welcome to {{org_name}} at {{portal_link}}, {{first_name}}."}
	if f := fieldErrors(t, w.Validate()); !strings.Contains(f["subject"], "{{ Name }}") || f["text"] != "" {
		t.Errorf("messages %q", f)
	}
}
