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
