package views

import (
	"math"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"porch/estate"
)

func TestMoney(t *testing.T) {
	tests := []struct {
		minor int64
		cur   string
		want  string
	}{
		{0, "GBP", "£0.00"},
		{5, "GBP", "£0.05"},
		{123456, "GBP", "£1,234.56"},
		{-1200, "GBP", "-£12.00"},
		{100000000, "", "£1,000,000.00"},
		{99, "EUR", "€0.99"},
		{250, "CHF", "CHF 2.50"},
		{math.MinInt64, "GBP", "-£92,233,720,368,547,758.08"},
		{math.MaxInt64, "GBP", "£92,233,720,368,547,758.07"},
	}
	for _, tt := range tests {
		if got := Money(tt.minor, tt.cur); got != tt.want {
			t.Errorf("Money(%d, %q) = %q, want %q", tt.minor, tt.cur, got, tt.want)
		}
	}
}

func TestDates(t *testing.T) {
	d := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	if got := Date(d); got != "5 March 2026" {
		t.Errorf("Date = %q", got)
	}
	if got := DateShort(d); got != "05/03/2026" {
		t.Errorf("DateShort = %q", got)
	}
	// 13:05 UTC in July is 14:05 in London (BST); in January it is 13:05.
	if got := DateTime(time.Date(2026, 7, 1, 13, 5, 0, 0, time.UTC)); got != "1 Jul 2026, 14:05" {
		t.Errorf("DateTime summer = %q", got)
	}
	if got := DateTime(time.Date(2026, 1, 1, 13, 5, 0, 0, time.UTC)); got != "1 Jan 2026, 13:05" {
		t.Errorf("DateTime winter = %q", got)
	}
	if Date(time.Time{}) != "" || DateTime(time.Time{}) != "" {
		t.Error("zero time should format as empty")
	}
}

func TestThemeMeetsContrast(t *testing.T) {
	for _, c := range []string{"#0f6e6e", "#ffff00", "#ffffff", "#7fdbff", "#000000", "#1d5e8c", "bogus", ""} {
		th := ThemeFor(c)
		if r := ContrastOnWhite(th.Primary); r < minContrast {
			t.Errorf("ThemeFor(%q).Primary = %s with contrast %.2f, want >= %.1f", c, th.Primary, r, minContrast)
		}
		if th.OnPrimary != "#ffffff" {
			t.Errorf("OnPrimary = %s", th.OnPrimary)
		}
	}
	// A colour that already passes is kept exactly.
	if got := ThemeFor("#0f6e6e").Primary; got != "#0f6e6e" {
		t.Errorf("passing colour changed to %s", got)
	}
}

func TestPageAndFragment(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	set := &estate.Settings{Name: "Acme & Co", PrimaryColour: "#0f6e6e", ContactEmail: "office@acme.example"}
	d := &Data{Title: "Home", Org: set, Theme: ThemeFor(set.PrimaryColour),
		Page: struct{ Counts estate.EstateCounts }{estate.EstateCounts{Sites: 1, Units: 3}}}

	full := httptest.NewRecorder()
	if err := r.Page(full, 200, "home", false, d); err != nil {
		t.Fatal(err)
	}
	body := full.Body.String()
	for _, want := range []string{"<!doctype html>", "Acme &amp; Co", "<style>" + string(d.Chrome.ThemeCSS) + "</style>", "--primary:#0f6e6e", "1 site with 3 homes"} {
		if !strings.Contains(body, want) {
			t.Errorf("full page lacks %q", want)
		}
	}
	if v := full.Header().Get("Vary"); v != "HX-Request" {
		t.Errorf("Vary = %q", v)
	}

	part := httptest.NewRecorder()
	if err := r.Page(part, 200, "home", true, d); err != nil {
		t.Fatal(err)
	}
	if b := part.Body.String(); strings.Contains(b, "<html") || strings.Contains(b, "<header") || !strings.Contains(b, "Acme &amp; Co") {
		t.Errorf("fragment = %.200q", b)
	}

	if err := r.Page(httptest.NewRecorder(), 200, "no-such-page", false, d); err == nil {
		t.Error("unknown page rendered")
	}
	if err := r.Fragment(httptest.NewRecorder(), 200, "home", "no-such-block", d); err == nil {
		t.Error("unknown fragment rendered")
	}
}

func TestTelHref(t *testing.T) {
	if got := TelHref(" +44 (0)20 7946-0321 "); got != "tel:+442079460321" {
		t.Errorf("TelHref = %q", got)
	}
}

func TestParagraphs(t *testing.T) {
	got := Paragraphs("One\r\n\r\n\r\nTwo\nstill two\n\n  ")
	if len(got) != 2 || got[0] != "One" || got[1] != "Two\nstill two" {
		t.Errorf("Paragraphs = %q", got)
	}
}

func TestEmails(t *testing.T) {
	r := MustNew()
	set := &estate.Settings{Name: "Acme <Lettings>", PrimaryColour: "#0f6e6e", ContactEmail: "office@acme.example",
		Address: "1 High Street\nLondon"}
	d := EmailData{Org: set, Theme: ThemeFor(set.PrimaryColour), OrgURL: "https://acme.example.com",
		Page: map[string]any{"Code": "042817", "Name": "Jo"}}
	em, err := r.Email("sign_in_code", d)
	if err != nil {
		t.Fatal(err)
	}
	if em.Subject != "042817 is your Acme <Lettings> sign-in code" {
		t.Errorf("subject = %q", em.Subject)
	}
	for _, want := range []string{"Hello Jo,", "    042817", "office@acme.example", "1 High Street, London", "https://acme.example.com"} {
		if !strings.Contains(em.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, em.Text)
		}
	}
	// The HTML part is escaped and branded.
	for _, want := range []string{"Acme &lt;Lettings&gt;", "#0f6e6e", "042817"} {
		if !strings.Contains(em.HTML, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if _, err := r.Email("nope", d); err == nil {
		t.Error("unknown email rendered")
	}
}
