package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/payments/gocardless"
	"porch/sqldb"
)

// Store is an organisation's database: reads, and writes in one
// transaction each (tenants.DB).
type Store interface {
	Read() sqldb.Querier
	Write(ctx context.Context, fn func(tx *sql.Tx) error) error
}

// GoCardlessConfig is what the server knows about reaching GoCardless for
// any organisation: the key that opens the stored credentials, and a base
// URL overriding the organisation's environment (tests, the fake).
type GoCardlessConfig struct {
	Key     []byte
	BaseURL string
}

// ErrNoDirectDebit means the organisation does not offer Direct Debit (it
// is switched off, or GoCardless is not set up).
var ErrNoDirectDebit = errs.E(errs.NotFound, "Direct Debit is not available here.")

// OpenGoCardless returns the organisation's GoCardless client, from its
// settings and credentials, or ErrNoDirectDebit.
func OpenGoCardless(ctx context.Context, q sqldb.Querier, org string, cfg GoCardlessConfig) (*gocardless.Client, error) {
	set, err := LoadSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	if !set.OffersDirectDebit() || len(cfg.Key) == 0 {
		return nil, ErrNoDirectDebit
	}
	creds, err := set.Open(cfg.Key, org)
	if err != nil {
		return nil, err
	}
	return gocardless.New(gocardless.Config{AccessToken: creds.GoCardlessToken, Environment: set.GoCardlessEnvironment, BaseURL: cfg.BaseURL})
}

// DirectDebitRequest is one collection to ask GoCardless for.
type DirectDebitRequest struct {
	UnitID    int64
	InvoiceID int64
	PersonID  int64
	Mandate   Mandate
	Amount    int64
	Currency  string
	// ChargeDate (YYYY-MM-DD) is when to collect; "" as soon as the
	// mandate allows.
	ChargeDate  string
	Description string
	Automatic   bool
}

// CollectDirectDebit asks GoCardless to collect a payment against a
// mandate. The payment row is created first, with its own idempotency key,
// and committed; then GoCardless is asked, with that key and the row's
// public id as metadata; then its id, state and charge date are recorded.
// A request whose outcome is unknown (GoCardless unreachable) leaves the
// row as created, and the next request for the same invoice, mandate and
// amount resumes it with the same key, so GoCardless never collects twice.
// A request GoCardless refuses marks the row failed and returns an error
// whose message says why, for the payer.
func CollectDirectDebit(ctx context.Context, db Store, now time.Time, api gocardless.API, req DirectDebitRequest) (Payment, error) {
	if !req.Mandate.Usable() {
		return Payment{}, errs.E(errs.Conflict, "This Direct Debit cannot collect payments yet. Wait until it is set up, or set up a new one.")
	}
	if req.Currency == "" {
		req.Currency = gocardless.GBP
	}
	var p Payment
	err := db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = unstarted(ctx, tx, req)
		if errs.Is(err, errs.NotFound) {
			p, err = Create(ctx, tx, now, NewPayment{Provider: GoCardless, UnitID: req.UnitID, InvoiceID: req.InvoiceID,
				PersonID: req.PersonID, MandateID: req.Mandate.ID, Amount: req.Amount, Currency: req.Currency, Automatic: req.Automatic})
		}
		return err
	})
	if err != nil {
		return Payment{}, err
	}
	gp, err := api.CreatePayment(ctx, gocardless.PaymentParams{
		Amount: p.Amount, Currency: p.Currency, ChargeDate: req.ChargeDate, Description: cut(req.Description, 100),
		Metadata: gocardless.Metadata{MetaPayment: p.PublicID},
		Links:    gocardless.PaymentLinks{Mandate: req.Mandate.MandateRef},
	}, p.IdempotencyKey)
	if err != nil {
		var apiErr *gocardless.Error
		if !errors.As(err, &apiErr) || apiErr.Retryable() {
			return p, errs.Wrap(errs.Unavailable, "GoCardless could not be reached, so nothing was arranged yet. Please try again in a few minutes.", err)
		}
		why := directDebitRefusal(apiErr)
		if err := db.Write(ctx, func(tx *sql.Tx) error { return Abandon(ctx, tx, now, p.ID, why) }); err != nil {
			return p, err
		}
		return p, errs.Wrap(errs.Conflict, capitalFirst(why)+".", err)
	}
	status := gp.Status
	if _, known := stage[status]; !known || status == StatusCreated {
		status = StatusPendingSubmission
	}
	err = db.Write(ctx, func(tx *sql.Tx) error { return Started(ctx, tx, now, p.ID, gp.ID, status, gp.ChargeDate) })
	if err != nil {
		return p, err
	}
	return onePayment(ctx, db.Read(), `id = ?`, p.ID)
}

// unstarted finds a payment created for the same collection whose request
// to GoCardless never got an answer.
func unstarted(ctx context.Context, tx *sql.Tx, req DirectDebitRequest) (Payment, error) {
	return onePayment(ctx, tx, `provider = ? AND status = ? AND provider_ref IS NULL AND unit_id = ?
		AND coalesce(invoice_id, 0) = ? AND mandate_id = ? AND amount = ? ORDER BY id DESC LIMIT 1`,
		GoCardless, StatusCreated, req.UnitID, req.InvoiceID, req.Mandate.ID, req.Amount)
}

// directDebitRefusal says, for the payer, why GoCardless refused a
// payment.
func directDebitRefusal(e *gocardless.Error) string {
	switch {
	case e.HasReason("mandate_is_inactive"):
		return "the Direct Debit is no longer active, so nothing can be collected from it; please set up a new one"
	case errors.Is(e, gocardless.ErrUnauthorized):
		return "Direct Debit payments are not working at the moment; please tell us, or pay another way"
	}
	if fe := e.FieldErrors(); fe["charge_date"] != "" {
		return "GoCardless could not collect on that date (" + fe["charge_date"] + ")"
	}
	msg := e.Message
	if msg == "" {
		msg = fmt.Sprintf("error %d", e.StatusCode)
	}
	return "GoCardless refused the payment: " + msg
}

func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		return string(c-'a'+'A') + s[1:]
	}
	return s
}

// LiveDirectDebit finds an invoice's GoCardless payment still on its way
// or standing as received, which makes another collection for the invoice
// a double; errs.NotFound when there is none.
func LiveDirectDebit(ctx context.Context, q sqldb.Querier, invoiceID int64) (Payment, error) {
	return onePayment(ctx, q, `invoice_id = ? AND provider = ? AND provider_ref IS NOT NULL AND status IN (?, ?, ?, ?, ?, ?)
		ORDER BY id DESC LIMIT 1`, invoiceID, GoCardless, StatusPendingApproval, StatusPendingSubmission, StatusSubmitted,
		StatusConfirmed, StatusPaidOut, StatusCreated)
}

// MandateSetup is a person setting up a Direct Debit for a unit.
type MandateSetup struct {
	PersonID, UnitID         int64
	PersonPublic, UnitPublic string
	// RedirectURI is where GoCardless sends the payer back when done,
	// given the new mandate row's public id; ExitURI where it sends them
	// if they leave.
	RedirectURI func(mandatePublic string) string
	ExitURI     string
	Customer    *gocardless.PrefilledCustomer
}

// SetUpMandate starts setting up a Direct Debit: it creates a GoCardless
// billing request for a Bacs mandate in GBP (with Porch's ids as metadata,
// so every event about it finds its row), a hosted flow for it, and the
// mandate row (state pending). It returns the row and the URL of
// GoCardless's pages to send the payer to.
func SetUpMandate(ctx context.Context, db Store, now time.Time, api gocardless.API, in MandateSetup) (Mandate, string, error) {
	pub := sqldb.NewPublicID()
	meta := gocardless.Metadata{MetaMandate: pub, MetaUnit: in.UnitPublic, MetaPerson: in.PersonPublic}
	br, err := api.CreateBillingRequest(ctx, gocardless.BillingRequestParams{
		MandateRequest: &gocardless.MandateRequestParams{Scheme: gocardless.SchemeBacs, Currency: gocardless.GBP, Metadata: meta},
		Metadata:       meta,
	}, "porch-br-"+pub)
	if err != nil {
		return Mandate{}, "", setUpError(err)
	}
	flow, err := api.CreateBillingRequestFlow(ctx, gocardless.BillingRequestFlowParams{
		RedirectURI: in.RedirectURI(pub), ExitURI: in.ExitURI, PrefilledCustomer: in.Customer,
		Links: gocardless.BillingRequestFlowLinks{BillingRequest: br.ID},
	}, "porch-brf-"+pub)
	if err != nil {
		return Mandate{}, "", setUpError(err)
	}
	var m Mandate
	err = db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = CreateMandateRecord(ctx, tx, now, NewMandate{PublicID: pub, PersonID: in.PersonID, UnitID: in.UnitID,
			BillingRequest: br.ID, FlowID: flow.ID})
		return err
	})
	return m, flow.AuthorisationURL, err
}

func setUpError(err error) error {
	var apiErr *gocardless.Error
	if errors.As(err, &apiErr) && !apiErr.Retryable() {
		if errors.Is(err, gocardless.ErrUnauthorized) {
			return errs.Wrap(errs.Unavailable, "Direct Debit is not working at the moment. Please tell us, or pay another way.", err)
		}
		return errs.Wrap(errs.Conflict, "GoCardless refused to start setting up the Direct Debit: "+apiErr.Message, err)
	}
	return errs.Wrap(errs.Unavailable, "GoCardless could not be reached. Please try again in a few minutes.", err)
}

// RefreshMandate asks GoCardless how a mandate row's set-up went, as when
// the payer comes back from its pages: the billing request names the
// mandate once fulfilled, and the payer's bank. Nothing is marked set up
// that GoCardless does not say is.
func RefreshMandate(ctx context.Context, db Store, now time.Time, api gocardless.API, m Mandate) (Mandate, error) {
	br, err := api.GetBillingRequest(ctx, m.BillingRequest)
	if err != nil {
		return m, setUpError(err)
	}
	ref, status := br.Links.MandateRequestMandate, ""
	if ref != "" {
		gm, err := api.GetMandate(ctx, ref)
		if err != nil {
			return m, setUpError(err)
		}
		status = gm.Status
	} else if br.Status == gocardless.BillingRequestCancelled {
		status = MandateCancelled
	}
	err = db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = MandateLearnt(ctx, tx, now, m.ID, ref, status, BankHint(br.Resources.CustomerBankAccount))
		return err
	})
	return m, err
}
