package main

import (
	"context"
	"database/sql"
	"time"

	"porch/demo"
	"porch/ledger"
	"porch/tenants"
)

// ensureDemo creates and seeds the demo organisation unless it exists;
// serve, when given, then serves its current quarter's demands as the
// screens would.
func ensureDemo(ctx context.Context, tm *tenants.Manager, now time.Time, serve demo.Server) (bool, error) {
	ok, err := tm.Exists(ctx, demo.DemoSlug)
	if err != nil || ok {
		return false, err
	}
	err = tm.Create(ctx, demo.DemoSlug, "Northgate Property Management", func(ctx context.Context, db *tenants.DB) error {
		return demo.Seed(ctx, db, now)
	})
	if err != nil || serve == nil {
		return err == nil, err
	}
	db, release, err := tm.Acquire(ctx, demo.DemoSlug)
	if err != nil {
		return true, err
	}
	defer release()
	if err := demo.Addresses(ctx, tm, db, now); err != nil {
		return true, err
	}
	return true, demo.ServeQuarter(ctx, db, now, serve)
}

// ensureDemo creates the demo organisation on this server, its current
// quarter's demands served through the server's own mail, and its repair
// requests' photos, shared documents, Harbour View's supplier invoices
// and landlords' statements in the server's file store.
func (m *Main) ensureDemo(ctx context.Context) (bool, error) {
	now := time.Now()
	created, err := ensureDemo(ctx, m.Tenants, now, func(ctx context.Context, db *tenants.DB, tx *sql.Tx, invs []ledger.Invoice) error {
		return m.serveDemands(ctx, demo.DemoSlug, db, tx, invs)
	})
	if err != nil || !created {
		return created, err
	}
	// Its requests' photos and its documents go in the server's own file
	// store.
	db, release, err := m.Tenants.Acquire(ctx, demo.DemoSlug)
	if err != nil {
		return true, err
	}
	defer release()
	if err := demo.Tickets(ctx, db, m.Files, now); err != nil {
		return true, err
	}
	if err := demo.StaffPhotos(ctx, db, m.Files, now); err != nil {
		return true, err
	}
	if err := demo.Spending(ctx, db, m.Files, now); err != nil {
		return true, err
	}
	if err := demo.Documents(ctx, db, m.Files, now); err != nil {
		return true, err
	}
	return true, demo.OwnerStatements(ctx, db, m.Files, now)
}
