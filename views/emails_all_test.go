package views

import (
	"strings"
	"testing"
	"time"

	"porch/estate"
)

// samplePage has every field an email template reads, with a value of the
// kind it expects: each template takes what it needs from it.
func samplePage() map[string]any {
	when := time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC)
	return map[string]any{
		"Name": "Sam", "Amount": int64(12550), "Total": int64(12550), "Title": "Leak under the sink", "Unit": "Flat 3",
		"URL": "https://acme.example.com/x", "Ref": "T-12", "Method": "card", "Invoice": "INV-0042", "Code": "042817",
		"Change": map[string]any{"Kind": "refunded", "Amount": "£12.50"}, "When": when, "ForManager": false, "Number": "INV-0042", "Kind": "demand",
		"Ticket": map[string]any{"UnitName": "Flat 3", "Ref": "T-12", "Title": "Leak"},
		"Quote":  map[string]any{"Supplier": "Pipes Ltd", "DecidedByName": "Alex", "Comment": "Go ahead"},
		"Due":    when, "Cancelled": false, "Reason": "Insufficient funds", "ProviderRef": "pi_123", "Payer": "Sam Jones",
		"PayURL": "https://acme.example.com/pay", "Path": "/notices/1", "NewEmail": "sam@new.example",
		"Lines": []map[string]any{{"Description": "Service charge", "Amount": int64(12550)}}, "Decision": "approved",
		"Body": "The lift is being serviced.", "Appointment": when, "Where": "Harbour House", "Welcome": "Welcome to our portal.",
		"Site": "Harbour House", "SignedOut": 2, "ReopenUntil": when, "Reference": "REF1", "ReceiptURL": "https://acme.example.com/r",
		"OverdueSince": when, "Link": "https://acme.example.com/invite/abc", "File": "Minutes.pdf", "Expires": when,
		"Description": "Lift service", "Contractor": "Lifts Ltd", "Attachment": "receipt.pdf", "Attached": true,
		"Affects": "Harbour House", "What": "Lift service", "Text": "Hello", "Subject": "Hello", "Reopened": false, "From": "Alex",
	}
}

// Every email carries the organisation's logo, from its own portal
// address, and its colour in the HTML part, and a plain-text part.
func TestEveryEmailIsBrandedWithAPlainTextPart(t *testing.T) {
	r := MustNew()
	set := &estate.Settings{Name: "Acme Lettings", PrimaryColour: "#8b1d5e", ContactEmail: "office@acme.example",
		Address: "1 High Street\nLondon", LogoType: "image/png", LogoHash: "abc123def456"}
	d := EmailData{Org: set, Theme: ThemeFor(set.PrimaryColour), OrgURL: "https://acme.example.com", Page: samplePage()}
	if len(r.emails.text) < 19 {
		t.Fatalf("only %d email templates", len(r.emails.text))
	}
	// Where two templates read one field differently.
	overrides := map[string]map[string]any{"event": {"Change": "changed"}}
	for name := range r.emails.text {
		page := samplePage()
		for k, v := range overrides[name] {
			page[k] = v
		}
		d.Page = page
		em, err := r.Email(name, d)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if strings.TrimSpace(em.Text) == "" || strings.TrimSpace(em.Subject) == "" {
			t.Errorf("%s: empty text part or subject", name)
		}
		if !strings.Contains(em.HTML, `<img src="https://acme.example.com/branding/logo?v=abc123def456"`) {
			t.Errorf("%s: the HTML part has no logo from the portal's address", name)
		}
		if !strings.Contains(em.HTML, "#8b1d5e") {
			t.Errorf("%s: the HTML part lacks the brand colour", name)
		}
	}
	// Without a logo, no broken image.
	set.LogoType, set.LogoHash = "", ""
	em, _ := r.Email("sign_in_code", d)
	if strings.Contains(em.HTML, "<img") {
		t.Error("an email without a logo has an image")
	}
}
