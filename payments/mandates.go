package payments

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/payments/gocardless"
	"porch/sqldb"
)

// Metadata keys Porch gives GoCardless on a billing request and its
// mandate; GoCardless echoes the mandate's in its events, so an event is
// matched to its row even before the mandate's id is known.
const (
	MetaMandate = "porch_mandate"
	MetaUnit    = "porch_unit"
	MetaPerson  = "porch_person"
)

// Mandate states: Porch's own "pending" while the payer has not finished
// GoCardless's pages, then GoCardless's mandate statuses.
const (
	MandatePending           = "pending"
	MandatePendingApproval   = gocardless.MandatePendingCustomerApproval
	MandatePendingSubmission = gocardless.MandatePendingSubmission
	MandateSubmitted         = gocardless.MandateSubmitted
	MandateActive            = gocardless.MandateActive
	MandateFailed            = gocardless.MandateFailed
	MandateCancelled         = gocardless.MandateCancelled
	MandateExpired           = gocardless.MandateExpired
	MandateConsumed          = gocardless.MandateConsumed
	MandateBlocked           = gocardless.MandateBlocked
)

// mandateStage orders a mandate's states, so that of two events with the
// same timestamp the one further along wins.
var mandateStage = map[string]int{
	MandatePending: 0, MandatePendingApproval: 1, MandatePendingSubmission: 2, MandateSubmitted: 3, MandateActive: 4,
	MandateFailed: 5, MandateCancelled: 5, MandateExpired: 5, MandateConsumed: 5, MandateBlocked: 5,
}

// MandateUsable reports whether payments can be collected against a
// mandate in state status. GoCardless accepts payments on a mandate not yet
// active and collects them once it is.
func MandateUsable(status string) bool {
	switch status {
	case MandatePendingSubmission, MandateSubmitted, MandateActive:
		return true
	}
	return false
}

// MandateEnded reports a state in which the mandate will never collect.
func MandateEnded(status string) bool { return mandateStage[status] == 5 }

// Mandate is a Direct Debit mandate a person set up for a unit.
type Mandate struct {
	ID             int64
	PublicID       string
	PersonID       int64
	UnitID         int64
	BillingRequest string
	FlowID         string
	MandateRef     string // GoCardless's id (MD...), once the payer finished
	Status         string
	StatusAt       time.Time
	AutoPay        bool
	BankHint       string // "BARCLAYS BANK PLC, account ending 11"
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Usable reports whether payments can be collected against the mandate.
func (m Mandate) Usable() bool { return m.MandateRef != "" && MandateUsable(m.Status) }

// NewMandate is what a mandate row is created with, once GoCardless has
// created the billing request (and its flow) it stands for.
type NewMandate struct {
	PublicID       string // given to GoCardless as metadata first; sqldb.NewPublicID
	PersonID       int64
	UnitID         int64
	BillingRequest string
	FlowID         string
}

// CreateMandateRecord stores a mandate in state pending: the billing
// request exists, the payer has yet to authorise it.
func CreateMandateRecord(ctx context.Context, tx *sql.Tx, now time.Time, in NewMandate) (Mandate, error) {
	if in.PersonID == 0 || in.UnitID == 0 || in.BillingRequest == "" {
		return Mandate{}, fmt.Errorf("payments: a mandate needs a person, a unit and a billing request")
	}
	if in.PublicID == "" {
		in.PublicID = sqldb.NewPublicID()
	}
	m := Mandate{PublicID: in.PublicID, PersonID: in.PersonID, UnitID: in.UnitID, BillingRequest: in.BillingRequest,
		FlowID: in.FlowID, Status: MandatePending, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	res, err := tx.ExecContext(ctx, `INSERT INTO mandates (public_id, person_id, unit_id, billing_request, flow_id, status,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.PublicID, m.PersonID, m.UnitID, m.BillingRequest, m.FlowID,
		m.Status, sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Mandate{}, fmt.Errorf("create mandate: %w", err)
	}
	m.ID, _ = res.LastInsertId()
	return m, nil
}

const mandateCols = `id, public_id, person_id, unit_id, billing_request, flow_id, coalesce(mandate_ref, ''), status, status_at,
	auto_pay, bank_hint, created_at, updated_at`

func scanMandate(s interface{ Scan(...any) error }) (Mandate, error) {
	var m Mandate
	err := s.Scan(&m.ID, &m.PublicID, &m.PersonID, &m.UnitID, &m.BillingRequest, &m.FlowID, &m.MandateRef, &m.Status,
		sqldb.Into(&m.StatusAt), &m.AutoPay, &m.BankHint, sqldb.Into(&m.CreatedAt), sqldb.Into(&m.UpdatedAt))
	return m, err
}

func oneMandate(ctx context.Context, q sqldb.Querier, where string, args ...any) (Mandate, error) {
	m, err := scanMandate(q.QueryRowContext(ctx, `SELECT `+mandateCols+` FROM mandates WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, errs.E(errs.NotFound, "There is no such Direct Debit.")
	}
	return m, err
}

func listMandates(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]Mandate, error) {
	return sqldb.QueryAll(ctx, q, scanMandate, `SELECT `+mandateCols+` FROM mandates WHERE `+where, args...)
}

// GetMandate finds a mandate row by its public id.
func GetMandate(ctx context.Context, q sqldb.Querier, publicID string) (Mandate, error) {
	return oneMandate(ctx, q, `public_id = ?`, publicID)
}

// GetMandateByID finds a mandate row by its id.
func GetMandateByID(ctx context.Context, q sqldb.Querier, id int64) (Mandate, error) {
	return oneMandate(ctx, q, `id = ?`, id)
}

// MandatesOf lists a person's mandates for a unit, newest first.
func MandatesOf(ctx context.Context, q sqldb.Querier, unitID, personID int64) ([]Mandate, error) {
	return listMandates(ctx, q, `unit_id = ? AND person_id = ? ORDER BY created_at DESC, id DESC`, unitID, personID)
}

// AutoPayMandates lists, for each unit paying automatically, the mandate
// that pays: the newest usable one with auto-pay on.
func AutoPayMandates(ctx context.Context, q sqldb.Querier) ([]Mandate, error) {
	all, err := listMandates(ctx, q, `auto_pay = 1 AND mandate_ref IS NOT NULL AND status IN (?, ?, ?)
		ORDER BY unit_id, created_at DESC, id DESC`, MandatePendingSubmission, MandateSubmitted, MandateActive)
	if err != nil {
		return nil, err
	}
	var out []Mandate
	for _, m := range all {
		if len(out) == 0 || out[len(out)-1].UnitID != m.UnitID {
			out = append(out, m)
		}
	}
	return out, nil
}

// SetAutoPay turns paying new demands automatically on or off for a
// mandate. Only a usable mandate can be turned on, and turning one on
// turns it off for the person's other mandates at the same home, so each
// demand is collected once.
func SetAutoPay(ctx context.Context, tx *sql.Tx, now time.Time, mandateID int64, on bool) (Mandate, error) {
	m, err := GetMandateByID(ctx, tx, mandateID)
	if err != nil {
		return m, err
	}
	if on && !m.Usable() {
		return m, errs.E(errs.Conflict, "This Direct Debit cannot collect payments, so automatic payments cannot be turned on for it.")
	}
	if on {
		others, err := MandatesOf(ctx, tx, m.UnitID, m.PersonID)
		if err != nil {
			return m, err
		}
		for _, o := range others {
			if o.ID == m.ID || !o.AutoPay {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE mandates SET auto_pay = 0, updated_at = ? WHERE id = ?`, sqldb.At(now), o.ID); err != nil {
				return m, err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE mandates SET auto_pay = ?, updated_at = ? WHERE id = ?`, on, sqldb.At(now), m.ID); err != nil {
		return m, err
	}
	m.AutoPay, m.UpdatedAt = on, now.UTC()
	return m, nil
}

// MandateLearnt records what Porch read from GoCardless's API about a
// mandate row (the mandate a fulfilled billing request created, its status
// and the payer's bank), as when the payer comes back from GoCardless's
// pages. A read carries no event time, so it moves the state only forward
// and leaves the events' timestamp alone: events remain what decides.
func MandateLearnt(ctx context.Context, tx *sql.Tx, now time.Time, id int64, ref, status, bankHint string) (Mandate, error) {
	m, err := GetMandateByID(ctx, tx, id)
	if err != nil {
		return m, err
	}
	if m.MandateRef == "" && ref != "" {
		if taken, err := mandateRefTaken(ctx, tx, ref, m.ID); err != nil || taken {
			return m, err
		}
		m.MandateRef = ref
	}
	if _, known := mandateStage[status]; known && mandateStage[status] > mandateStage[m.Status] {
		m.Status = status
	}
	if bankHint != "" {
		m.BankHint = cut(bankHint, 100)
	}
	_, err = tx.ExecContext(ctx, `UPDATE mandates SET mandate_ref = ?, status = ?, bank_hint = ?, updated_at = ? WHERE id = ?`,
		nullRef(m.MandateRef), m.Status, m.BankHint, sqldb.At(now), m.ID)
	m.UpdatedAt = now.UTC()
	return m, err
}

func mandateRefTaken(ctx context.Context, tx *sql.Tx, ref string, except int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM mandates WHERE mandate_ref = ? AND id <> ?`, ref, except).Scan(&n)
	return n > 0, err
}

// BankHint describes a payer's bank account as GoCardless shows it: the
// bank and the last digits, never enough to use it.
func BankHint(ba *gocardless.CustomerBankAccount) string {
	if ba == nil {
		return ""
	}
	switch {
	case ba.BankName != "" && ba.AccountNumberEnding != "":
		return ba.BankName + ", account ending " + ba.AccountNumberEnding
	case ba.AccountNumberEnding != "":
		return "Account ending " + ba.AccountNumberEnding
	}
	return ba.BankName
}

// MandateEffect is what applying a mandate or billing request event did.
type MandateEffect struct {
	Outcome  string
	Note     string
	Mandate  Mandate // after the event; zero when unmatched or ignored
	EventRow int64
}

// mandateActions maps the actions of mandate events to the state they
// leave the mandate in.
var mandateActions = map[string]string{
	"created":                   MandatePendingSubmission,
	"customer_approval_granted": MandatePendingSubmission,
	"customer_approval_skipped": MandatePendingSubmission,
	"resubmission_requested":    MandatePendingSubmission,
	"submitted":                 MandateSubmitted,
	"active":                    MandateActive,
	"reinstated":                MandateActive,
	"failed":                    MandateFailed,
	"cancelled":                 MandateCancelled,
	"expired":                   MandateExpired,
	"consumed":                  MandateConsumed,
	"blocked":                   MandateBlocked,
}

// ApplyMandateEvent stores a GoCardless event about a mandate or a billing
// request and applies it to the mandate row it concerns, all in tx. Like
// Apply, it stores each event once (provider + event id, in the same
// table) and returns ErrDuplicate for a repeat; the newest event (by
// GoCardless's timestamp, the further state on a tie) decides the state.
// A fulfilled billing request names the mandate it created. Events for a
// mandate Porch does not know are stored as unmatched; those that change
// nothing Porch records are stored as ignored. raw is the event's JSON as
// received (the event re-encoded when empty).
func ApplyMandateEvent(ctx context.Context, tx *sql.Tx, now time.Time, ev gocardless.Event, via string, raw []byte) (MandateEffect, error) {
	if ev.ID == "" {
		return MandateEffect{}, fmt.Errorf("payments: event without id")
	}
	var seen int64
	switch err := tx.QueryRowContext(ctx, `SELECT id FROM provider_events WHERE provider = ? AND event_id = ?`, GoCardless, ev.ID).Scan(&seen); {
	case err == nil:
		return MandateEffect{Outcome: OutcomeNoChange, Note: "already received", EventRow: seen}, ErrDuplicate
	case !errors.Is(err, sql.ErrNoRows):
		return MandateEffect{}, err
	}
	if via == "" {
		via = ViaWebhook
	}
	if len(raw) == 0 {
		raw, _ = json.Marshal(ev)
	}
	eff, resource, err := applyMandate(ctx, tx, now, ev)
	if err != nil {
		return MandateEffect{}, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO provider_events (provider, event_id, type, resource, created, received_at, via,
		outcome, note, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		GoCardless, ev.ID, cut(ev.ResourceType+"."+ev.Action, 100), cut(resource, 100), sqldb.At(ev.CreatedAt), sqldb.At(now), via,
		eff.Outcome, cut(eff.Note, 500), string(raw))
	if err != nil {
		return MandateEffect{}, fmt.Errorf("store event: %w", err)
	}
	eff.EventRow, _ = res.LastInsertId()
	return eff, nil
}

func applyMandate(ctx context.Context, tx *sql.Tx, now time.Time, ev gocardless.Event) (MandateEffect, string, error) {
	var state, ref, replacement string
	resource := ev.Links.Mandate
	switch ev.ResourceType {
	case gocardless.ResourceBillingRequests:
		resource = ev.Links.BillingRequest
		switch ev.Action {
		case gocardless.ActionFulfilled:
			if ref = ev.Links.MandateRequestMandate; ref != "" {
				state = MandatePendingSubmission
			}
		case "cancelled":
			state = MandateCancelled
		}
	case gocardless.ResourceMandates:
		ref, state = ev.Links.Mandate, mandateActions[ev.Action]
		if ev.Action == "replaced" && ev.Links.NewMandate != "" {
			replacement = ev.Links.NewMandate
		}
	default:
		return MandateEffect{}, "", fmt.Errorf("payments: %s event %s is not about a mandate", ev.ResourceType, ev.ID)
	}
	if state == "" && ref == "" && replacement == "" {
		return MandateEffect{Outcome: OutcomeIgnored, Note: "not an event that changes a mandate"}, resource, nil
	}
	m, err := findMandate(ctx, tx, ev)
	if errs.Is(err, errs.NotFound) {
		if state == "" && replacement == "" {
			return MandateEffect{Outcome: OutcomeIgnored, Note: "not an event that changes a mandate"}, resource, nil
		}
		return MandateEffect{Outcome: OutcomeUnmatched, Note: fmt.Sprintf("No Direct Debit in Porch has the GoCardless reference %q.", resource)}, resource, nil
	}
	if err != nil {
		return MandateEffect{}, resource, err
	}
	eff := MandateEffect{Mandate: m}
	changed := false
	if ref != "" && m.MandateRef == "" {
		taken, err := mandateRefTaken(ctx, tx, ref, m.ID)
		if err != nil {
			return eff, resource, err
		}
		if !taken {
			m.MandateRef, changed = ref, true
		}
	}
	if replacement != "" && replacement != m.MandateRef {
		taken, err := mandateRefTaken(ctx, tx, replacement, m.ID)
		if err != nil {
			return eff, resource, err
		}
		if !taken {
			m.MandateRef, changed = replacement, true
			eff.Note = "GoCardless replaced the mandate; payments are now collected against " + replacement + "."
		}
	}
	switch {
	case state == "":
	case mandateNewer(ev.CreatedAt, state, m):
		if m.Status != state {
			changed = true
		}
		m.Status, m.StatusAt = state, ev.CreatedAt.UTC()
	default:
		eff.Note = fmt.Sprintf("Older than the state already known (%s).", m.Status)
	}
	_, err = tx.ExecContext(ctx, `UPDATE mandates SET mandate_ref = ?, status = ?, status_at = ?, updated_at = ? WHERE id = ?`,
		nullRef(m.MandateRef), m.Status, mandateStamp(m.StatusAt), sqldb.At(now), m.ID)
	if err != nil {
		return eff, resource, fmt.Errorf("update mandate: %w", err)
	}
	m.UpdatedAt = now.UTC()
	eff.Mandate = m
	if changed {
		eff.Outcome = OutcomeApplied
	} else {
		eff.Outcome = OutcomeNoChange
	}
	return eff, resource, nil
}

// mandateNewer reports whether an event at `at` moving to state is news
// for m: later than the event that set m's state, or as late and further
// along.
func mandateNewer(at time.Time, state string, m Mandate) bool {
	switch {
	case m.StatusAt.IsZero(), at.After(m.StatusAt):
		return true
	case at.Before(m.StatusAt):
		return false
	}
	return mandateStage[state] > mandateStage[m.Status]
}

// findMandate finds the row an event is about: by Porch's own id echoed in
// the metadata, then by GoCardless's mandate id, then by the billing
// request.
func findMandate(ctx context.Context, tx *sql.Tx, ev gocardless.Event) (Mandate, error) {
	if pub := firstNonEmpty(ev.ResourceMetadata[MetaMandate], ev.Metadata[MetaMandate]); pub != "" {
		m, err := GetMandate(ctx, tx, pub)
		if !errs.Is(err, errs.NotFound) {
			return m, err
		}
	}
	if ev.Links.Mandate != "" {
		m, err := oneMandate(ctx, tx, `mandate_ref = ?`, ev.Links.Mandate)
		if !errs.Is(err, errs.NotFound) {
			return m, err
		}
	}
	if ev.Links.BillingRequest != "" {
		return oneMandate(ctx, tx, `billing_request = ?`, ev.Links.BillingRequest)
	}
	return Mandate{}, errs.E(errs.NotFound, "There is no such Direct Debit.")
}

// mandateStamp stores an unknown status time as an empty status_at, the
// column's default.
func mandateStamp(t time.Time) any {
	if t.IsZero() {
		return ""
	}
	return sqldb.At(t)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
