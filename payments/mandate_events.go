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
