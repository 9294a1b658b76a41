// Package books serves the ledger screens: unit accounts with demands,
// receipts, credit notes and reversals, bulk demands by share, recurring
// schedules, charge types, client bank accounts, journals and the trial
// balance.
package books

import (
	"github.com/labstack/echo/v4"

	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_ledger_aged", "aged-report")
	k.Blocks("admin_ledger_banks", "ledger-banks")
	k.Blocks("admin_ledger_bulk", "bulk-demand", "bulk-shares")
	k.Blocks("admin_ledger_charges", "ledger-charges")
	k.Blocks("admin_ledger_journals", "journals")
	k.Blocks("admin_ledger_trial", "trial-balance")
	k.Blocks("admin_ledger_schedule", "schedule-detail")
	k.Blocks("admin_ledger_served", "served-run")
	k.Blocks("admin_ledger_schedules", "schedules", "schedule-form")
	k.Blocks("admin_ledger_units", "unit-rows")
	k.Blocks("admin_ledger_unit", unitBlocks...)
	s.routes(e)
}
