// Package estate holds what an organisation manages: its settings and
// branding, sites, units, people and the links between them, staff and the
// audit log.
package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"porch/colour"
	"porch/errs"
	"porch/sqldb"
)

// Settings are an organisation's name, branding and public contact details.
type Settings struct {
	Name          string
	LegalName     string
	PrimaryColour string // #rrggbb
	LogoType      string // MIME type, empty when there is no logo
	LogoHash      string // short content hash, for cache-busting logo URLs
	ContactEmail  string
	ContactPhone  string
	Address       string // multi-line postal address
	OfficeHours   string
	WelcomeText   string
	Currency      string // ISO 4217
	Timezone      string // IANA
	UpdatedAt     time.Time
}

// HasLogo reports whether a logo was uploaded.
func (s Settings) HasLogo() bool { return s.LogoType != "" }

// AddressLines splits the postal address into its lines.
func (s Settings) AddressLines() []string {
	var out []string
	for _, l := range strings.Split(s.Address, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// DefaultColour is the primary colour of an organisation that chose none.
const DefaultColour = "#1d5e8c"

// InitSettings writes the settings row of a new organisation.
func InitSettings(ctx context.Context, tx *sql.Tx, name string, now time.Time) error {
	sqldb.Changed(tx, SettingsChange)
	_, err := tx.ExecContext(ctx,
		`INSERT INTO settings (id, name, primary_colour, updated_at) VALUES (1, ?, ?, ?)`,
		name, DefaultColour, sqldb.At(now))
	return err
}

// GetSettings reads the organisation's settings.
func GetSettings(ctx context.Context, q sqldb.Querier) (Settings, error) {
	var s Settings
	err := q.QueryRowContext(ctx, `SELECT name, legal_name, primary_colour, logo_type, logo_hash,
		contact_email, contact_phone, address, office_hours, welcome_text, currency, timezone, updated_at
		FROM settings WHERE id = 1`).Scan(&s.Name, &s.LegalName, &s.PrimaryColour, &s.LogoType, &s.LogoHash,
		&s.ContactEmail, &s.ContactPhone, &s.Address, &s.OfficeHours, &s.WelcomeText, &s.Currency, &s.Timezone, sqldb.Into(&s.UpdatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.E(errs.Unavailable, "This organisation is not set up yet.")
	}
	if err != nil {
		return s, fmt.Errorf("read settings: %w", err)
	}
	return s, nil
}

// Branding is the part of the settings a manager edits on the branding
// screen.
type Branding struct {
	Name          string
	LegalName     string
	PrimaryColour string
	ContactEmail  string
	ContactPhone  string
	Address       string
	OfficeHours   string
	WelcomeText   string
}

var colourRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Validate checks b and normalises it in place.
func (b *Branding) Validate() error {
	f := errs.Fields{}
	b.Name = strings.TrimSpace(b.Name)
	b.LegalName = strings.TrimSpace(b.LegalName)
	b.PrimaryColour = strings.ToLower(strings.TrimSpace(b.PrimaryColour))
	b.ContactEmail = strings.TrimSpace(b.ContactEmail)
	b.ContactPhone = strings.TrimSpace(b.ContactPhone)
	b.Address = strings.TrimSpace(strings.ReplaceAll(b.Address, "\r\n", "\n"))
	b.OfficeHours = strings.TrimSpace(b.OfficeHours)
	b.WelcomeText = strings.TrimSpace(strings.ReplaceAll(b.WelcomeText, "\r\n", "\n"))
	switch {
	case b.Name == "":
		f.Add("name", "Enter the organisation's name.")
	case len(b.Name) > 120:
		f.Add("name", "Keep the name to 120 characters or fewer.")
	}
	if len(b.LegalName) > 200 {
		f.Add("legal_name", "Keep the legal name to 200 characters or fewer.")
	}
	if !colourRE.MatchString(b.PrimaryColour) {
		f.Add("primary_colour", "Enter a colour as # followed by six hex digits, for example #1d5e8c.")
	} else if !colour.Passes(b.PrimaryColour) {
		f.Add("primary_colour", ColourAdvice(b.PrimaryColour))
	}
	if b.ContactEmail != "" {
		if a, err := mail.ParseAddress(b.ContactEmail); err != nil || a.Address != b.ContactEmail {
			f.Add("contact_email", "Enter an email address like office@example.co.uk.")
		}
	}
	if len(b.ContactPhone) > 40 {
		f.Add("contact_phone", "Keep the phone number to 40 characters or fewer.")
	}
	if len(b.Address) > 500 {
		f.Add("address", "Keep the address to 500 characters or fewer.")
	}
	if len(b.OfficeHours) > 200 {
		f.Add("office_hours", "Keep the office hours to 200 characters or fewer.")
	}
	if len(b.WelcomeText) > 4000 {
		f.Add("welcome_text", "Keep the welcome text to 4,000 characters or fewer.")
	}
	return f.Err()
}

// ColourAdvice says why hex is refused as the primary colour, and which
// colour nearest to it would do (colour.Readable).
func ColourAdvice(hex string) string {
	near, _ := colour.Readable(hex)
	return fmt.Sprintf("White text on %s has a contrast of only %.1f:1; buttons and links need at least 4.5:1. "+
		"The nearest colour of the same hue that passes is %s.", hex, colour.OnWhite(hex), near)
}

// UpdateBranding validates b and saves it.
func UpdateBranding(ctx context.Context, tx *sql.Tx, b Branding, now time.Time) error {
	if err := b.Validate(); err != nil {
		return err
	}
	sqldb.Changed(tx, SettingsChange)
	_, err := tx.ExecContext(ctx, `UPDATE settings SET name = ?, legal_name = ?, primary_colour = ?,
		contact_email = ?, contact_phone = ?, address = ?, office_hours = ?, welcome_text = ?, updated_at = ?
		WHERE id = 1`, b.Name, b.LegalName, b.PrimaryColour, b.ContactEmail, b.ContactPhone,
		b.Address, b.OfficeHours, b.WelcomeText, sqldb.At(now))
	return err
}
