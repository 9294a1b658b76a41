package handlers

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/ledger"
	"porch/mail"
	"porch/payments"
	"porch/tenants"
	"porch/views"
)

// Desk is the organisation's payments desk for this request: provider
// events applied with their mails, the providers' secrets, the sync.
func (s *Kit) Desk(c echo.Context) *payments.Desk {
	return s.deskFor(OrgOf(c), s.OrgURL(c))
}

// deskFor is the payments desk of the organisation o, whose portal is at
// portalURL, for work inside or outside a request alike.
func (s *Kit) deskFor(o *Org, portalURL string) *payments.Desk {
	return &payments.Desk{Org: o.Slug, DB: o.DB, Notify: &orgMail{kit: s, org: o, url: portalURL}, Now: s.Now,
		Logger: s.Logger, Key: s.Keys.Secrets, Stripe: s.Stripe, GoCardlessURL: s.GoCardlessURL, Dev: s.Dev}
}

// orgMail renders and queues one organisation's branded mails.
type orgMail struct {
	kit *Kit
	org *Org
	url string
}

// Queue renders a branded email and puts it in the organisation's outbox
// inside tx, so it is sent if and only if tx commits.
func (m *orgMail) Queue(ctx context.Context, tx *sql.Tx, template, to, toName string, page any, atts ...mail.Attachment) error {
	_, err := m.queue(ctx, tx, template, to, toName, page, atts...)
	return err
}

// queue is Queue returning the message's public id in the outbox.
func (m *orgMail) queue(ctx context.Context, tx *sql.Tx, template, to, toName string, page any, atts ...mail.Attachment) (string, error) {
	st := &m.org.Settings
	em, err := m.kit.Views.Email(template, views.EmailData{Org: st, Theme: views.ThemeFor(st.PrimaryColour), OrgURL: m.url, Page: page})
	if err != nil {
		return "", err
	}
	return mail.Enqueue(ctx, m.kit.Tenants.Catalog(), m.org.Slug, tx, m.kit.Now(), mail.Message{To: to, ToName: toName,
		Subject: em.Subject, Text: em.Text, HTML: em.HTML, Attachments: atts})
}

// ReceiptPDF is the receipt journal pub as a PDF attachment, read inside
// tx where it was just posted.
func (m *orgMail) ReceiptPDF(ctx context.Context, tx *sql.Tx, pub string, payer estate.Person) (mail.Attachment, error) {
	r, err := ledger.GetReceipt(ctx, tx, pub)
	if err != nil {
		return mail.Attachment{}, err
	}
	data, name, err := ReceiptPDF(ctx, tx, m.org, m.url, r, payer.DisplayName())
	if err != nil {
		return mail.Attachment{}, err
	}
	return mail.Attachment{Filename: name, ContentType: "application/pdf", Data: data}, nil
}

// PortalURL is the organisation's address.
func (m *orgMail) PortalURL() string { return m.url }

// Kick asks the sender to deliver now.
func (m *orgMail) Kick() { m.kit.KickMail() }

// DemandServer is the daily job's step that serves the demands schedules
// raised, as a manager's demand is served (Kit.ServeDemands), inside the
// transaction that raised them. orgURL is the organisation's address.
func DemandServer(cfg Config, orgURL func(slug string) string) func(ctx context.Context, slug string, db *tenants.DB, tx *sql.Tx, invoices []ledger.Invoice) error {
	mailer := jobMail(cfg, orgURL)
	return func(ctx context.Context, slug string, db *tenants.DB, tx *sql.Tx, invoices []ledger.Invoice) error {
		m, err := mailer(ctx, slug, db)
		if err != nil {
			return err
		}
		_, err = m.serveDemands(ctx, tx, invoices)
		return err
	}
}

// jobMail makes, for the daily job, an organisation's mailer outside any
// request; orgURL is the organisation's address.
func jobMail(cfg Config, orgURL func(slug string) string) func(ctx context.Context, slug string, db *tenants.DB) (*orgMail, error) {
	s := &Kit{Config: cfg}
	if s.Now == nil {
		s.Now = time.Now
	}
	return func(ctx context.Context, slug string, db *tenants.DB) (*orgMail, error) {
		set, err := estate.CachedSettings(ctx, db, db.Read())
		if err != nil {
			return nil, err
		}
		return &orgMail{kit: s, org: &Org{Slug: slug, DB: db, Settings: set}, url: orgURL(slug)}, nil
	}
}

// ProviderSync is the daily job's step that checks one organisation's
// payment providers for events no webhook delivered and applies them, as
// the managers' "Check with the providers now" button does. orgURL is the
// organisation's address, for the links in the mails an event may send.
func ProviderSync(cfg Config, orgURL func(slug string) string) func(ctx context.Context, slug string, db *tenants.DB) (payments.SyncResult, error) {
	if cfg.Keys == nil {
		panic("handlers: Config.Keys is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Kit{Config: cfg}
	return func(ctx context.Context, slug string, db *tenants.DB) (payments.SyncResult, error) {
		set, err := estate.CachedSettings(ctx, db, db.Read())
		if err != nil {
			return payments.SyncResult{}, err
		}
		return s.deskFor(&Org{Slug: slug, DB: db, Settings: set}, orgURL(slug)).Sync(ctx)
	}
}
