package gocardless

import (
	"context"
	"errors"
	"iter"
)

// GetPayout fetches a payout.
func (c *Client) GetPayout(ctx context.Context, id string) (*Payout, error) {
	return get[Payout](ctx, c, "payouts", id)
}

// PayoutListParams filters ListPayouts.
type PayoutListParams struct {
	Limit         int
	After, Before string
	CreatedAt     TimeRange
	Status        string
	Currency      string
	PayoutType    string
	Creditor      string
	Reference     string
}

func (p PayoutListParams) values() queryBuilder {
	q := newQuery(p.Limit, p.After, p.Before)
	q.time("created_at", p.CreatedAt)
	q.set("status", p.Status)
	q.set("currency", p.Currency)
	q.set("payout_type", p.PayoutType)
	q.set("creditor", p.Creditor)
	q.set("reference", p.Reference)
	return q
}

// ListPayouts returns one page of payouts.
func (c *Client) ListPayouts(ctx context.Context, p PayoutListParams) (*Page[Payout], error) {
	return list[Payout](ctx, c, "/payouts", "payouts", p.values())
}

// PayoutItemListParams selects a payout's items; Payout is required.
type PayoutItemListParams struct {
	Payout        string
	Limit         int
	After, Before string
}

// ListPayoutItems returns one page of a payout's credits and debits (the
// payments paid out, and the fees deducted as gocardless_fee items).
// GoCardless serves items only for payouts from the last six months.
func (c *Client) ListPayoutItems(ctx context.Context, p PayoutItemListParams) (*Page[PayoutItem], error) {
	if p.Payout == "" {
		return nil, errors.New("gocardless: listing payout items needs a payout ID")
	}
	q := newQuery(p.Limit, p.After, p.Before)
	q.set("payout", p.Payout)
	return list[PayoutItem](ctx, c, "/payout_items", "payout_items", q)
}

// AllPayoutItems iterates over every item of a payout.
func (c *Client) AllPayoutItems(ctx context.Context, p PayoutItemListParams) iter.Seq2[PayoutItem, error] {
	return all(ctx, func(ctx context.Context, after string) (*Page[PayoutItem], error) {
		p.After = after
		return c.ListPayoutItems(ctx, p)
	}, p.After)
}

// GetCreditor fetches a creditor.
func (c *Client) GetCreditor(ctx context.Context, id string) (*Creditor, error) {
	return get[Creditor](ctx, c, "creditors", id)
}

// CreditorListParams pages through ListCreditors.
type CreditorListParams struct {
	Limit         int
	After, Before string
}

// ListCreditors returns the creditors the token can see. It is the cheapest
// authenticated call, so the settings screen's "test connection" uses it.
func (c *Client) ListCreditors(ctx context.Context, p CreditorListParams) (*Page[Creditor], error) {
	return list[Creditor](ctx, c, "/creditors", "creditors", newQuery(p.Limit, p.After, p.Before))
}
