// Package gocardless is a small client for the parts of the GoCardless Pro
// REST API that Porch uses for Direct Debit: billing requests and billing
// request flows (to set up a Bacs mandate), mandates, payments, events,
// payouts with their items, and creditors, plus webhook signature checks.
//
// The official Go module cannot be fetched in Porch's build environment, so
// this package speaks the documented wire format directly: JSON bodies
// wrapped in the resource's plural name ({"payments": {...}}), bearer auth,
// the GoCardless-Version header, Idempotency-Key on every create, the
// documented error envelope and cursor pagination (meta.cursors.after).
//
// Package gctest holds an in-process fake of the same API, so whole Direct
// Debit journeys run offline in tests.
package gocardless
