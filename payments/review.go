package payments

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// StoredEvent is a provider event as Porch stored it, for the managers'
// review screen.
type StoredEvent struct {
	ID            int64
	Provider      string
	EventID       string
	Type          string
	Resource      string // the provider's id of what it is about
	Created       time.Time
	ReceivedAt    time.Time
	Via           string
	Outcome       string
	Note          string
	PaymentPublic string // Porch's payment it concerns, if any
	Payload       []byte
	ReviewedAt    time.Time
	ReviewedBy    string // who marked it reviewed
}

// NeedsReview reports an event Porch could not match that no manager has
// looked at yet.
func (e StoredEvent) NeedsReview() bool {
	return e.Outcome == OutcomeUnmatched && e.ReviewedAt.IsZero()
}

// ProviderName is the provider as people know it.
func (e StoredEvent) ProviderName() string { return providerName(e.Provider) }

// EventFilter selects stored events.
type EventFilter struct {
	// ToReview selects only unmatched events not yet reviewed; otherwise
	// every event.
	ToReview  bool
	PaymentID int64 // only the events about this payment, oldest first
	Limit     int   // default 50
}

const storedEventCols = `e.id, e.provider, e.event_id, e.type, e.resource, e.created, e.received_at, e.via, e.outcome, e.note,
	coalesce(p.public_id, ''), e.payload, coalesce(e.reviewed_at, ''), coalesce(r.full_name, '')`

const storedEventFrom = ` FROM provider_events e LEFT JOIN payments p ON p.id = e.payment_id LEFT JOIN people r ON r.id = e.reviewed_by`

func scanStoredEvent(s interface{ Scan(...any) error }) (StoredEvent, error) {
	var e StoredEvent
	var payload string
	err := s.Scan(&e.ID, &e.Provider, &e.EventID, &e.Type, &e.Resource, sqldb.Into(&e.Created), sqldb.Into(&e.ReceivedAt),
		&e.Via, &e.Outcome, &e.Note, &e.PaymentPublic, &payload, sqldb.Into(&e.ReviewedAt), &e.ReviewedBy)
	e.Payload = []byte(payload)
	return e, err
}

// StoredEvents lists stored events, the latest received first.
func StoredEvents(ctx context.Context, q sqldb.Querier, f EventFilter) ([]StoredEvent, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	where, order, args := "", ` ORDER BY e.received_at DESC, e.id DESC`, []any{}
	switch {
	case f.ToReview:
		where = ` WHERE e.outcome = 'unmatched' AND e.reviewed_at IS NULL`
	case f.PaymentID != 0:
		where, order, args = ` WHERE e.payment_id = ?`, ` ORDER BY e.created, e.id`, []any{f.PaymentID}
	}
	return sqldb.QueryAll(ctx, q, scanStoredEvent, `SELECT `+storedEventCols+storedEventFrom+where+order+` LIMIT ?`, append(args, f.Limit)...)
}

// StoredEventByID finds a stored event by provider and the provider's
// event id.
func StoredEventByID(ctx context.Context, q sqldb.Querier, provider, eventID string) (StoredEvent, error) {
	e, err := scanStoredEvent(q.QueryRowContext(ctx, `SELECT `+storedEventCols+storedEventFrom+` WHERE e.provider = ? AND e.event_id = ?`,
		provider, eventID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, errs.E(errs.NotFound, "There is no such provider event.")
	}
	return e, err
}

// ToReview counts the unmatched events no manager has reviewed.
func ToReview(ctx context.Context, q sqldb.Querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM provider_events WHERE outcome = 'unmatched' AND reviewed_at IS NULL`).Scan(&n)
	return n, err
}

// MarkReviewed records that person by has looked at an event. Marking it
// again changes nothing.
func MarkReviewed(ctx context.Context, tx *sql.Tx, now time.Time, provider, eventID string, by int64) (StoredEvent, error) {
	if _, err := StoredEventByID(ctx, tx, provider, eventID); err != nil {
		return StoredEvent{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE provider_events SET reviewed_at = ?, reviewed_by = ?
		WHERE provider = ? AND event_id = ? AND reviewed_at IS NULL`, sqldb.At(now), nullID(by), provider, eventID); err != nil {
		return StoredEvent{}, err
	}
	return StoredEventByID(ctx, tx, provider, eventID)
}

// Fact is one labelled value picked out of an event's payload.
type Fact struct {
	Label, Value string
}

// Summary picks out of the payload what a manager needs to recognise the
// event: what it is about, how much, its state and Porch's references.
func (e StoredEvent) Summary() []Fact {
	var out []Fact
	add := func(label, v string) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, Fact{label, cut(v, 200)})
		}
	}
	switch e.Provider {
	case Stripe:
		var ev struct {
			Data struct {
				Object map[string]any `json:"object"`
			} `json:"data"`
		}
		if json.Unmarshal(e.Payload, &ev) != nil || ev.Data.Object == nil {
			return nil
		}
		o := ev.Data.Object
		add("Object", str(o["object"])+" "+str(o["id"]))
		cur := str(o["currency"])
		for _, k := range []string{"amount_total", "amount"} {
			if n, ok := o[k].(float64); ok {
				add("Amount", payoutMoney(int64(n), cur))
				break
			}
		}
		add("Payment status", str(o["payment_status"]))
		add("Status", str(o["status"]))
		add("Failure", str(o["failure_message"]))
		if md, ok := o["metadata"].(map[string]any); ok {
			add("Porch payment", str(md["porch_payment"]))
			add("Invoice", str(md["porch_invoice"]))
			add("Payer", str(md["porch_person"]))
		}
	case GoCardless:
		var ev struct {
			Links            map[string]string `json:"links"`
			Details          map[string]any    `json:"details"`
			ResourceMetadata map[string]string `json:"resource_metadata"`
		}
		if json.Unmarshal(e.Payload, &ev) != nil {
			return nil
		}
		keys := make([]string, 0, len(ev.Links))
		for k := range ev.Links {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			add(strings.ReplaceAll(capitalFirst(k), "_", " "), ev.Links[k])
		}
		add("Cause", str(ev.Details["cause"]))
		add("Description", str(ev.Details["description"]))
		add("Porch payment", ev.ResourceMetadata[MetaPayment])
	}
	return out
}

// PayloadIndented is the payload as indented JSON for reading, cut to a
// length a page can show.
func (e StoredEvent) PayloadIndented() string {
	var b bytes.Buffer
	if json.Indent(&b, e.Payload, "", "  ") != nil {
		b.Reset()
		b.Write(e.Payload)
	}
	const max = 16 << 10
	if b.Len() > max {
		return strings.ToValidUTF8(b.String()[:max], "") + "\n…"
	}
	return b.String()
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	case float64:
		return fmt.Sprint(int64(v))
	}
	return fmt.Sprint(v)
}
