// Package app assembles Porch's web application: the HTTP kit with every
// feature's routes, in one list. The server and the tests build the
// application through it, so both serve exactly the same routes.
package app

import (
	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/handlers/account"
	"porch/handlers/banking"
	"porch/handlers/books"
	"porch/handlers/budgets"
	"porch/handlers/calendar"
	"porch/handlers/contacts"
	"porch/handlers/documents"
	"porch/handlers/home"
	"porch/handlers/lettings"
	"porch/handlers/money"
	"porch/handlers/notices"
	"porch/handlers/orgadmin"
	"porch/handlers/owners"
	"porch/handlers/plans"
	"porch/handlers/properties"
	"porch/handlers/providers"
	"porch/handlers/sales"
	"porch/handlers/settings"
	"porch/handlers/sites"
	"porch/handlers/spending"
	"porch/handlers/staff"
	"porch/handlers/tickets"
)

// Features are the capabilities Porch serves, registered in this order.
var Features = []handlers.Feature{
	home.Routes,      // the organisation's home, a person's homes, the logo, dev mail
	account.Routes,   // sign-in, invitations accepted, profile and devices
	staff.Routes,     // the staff dashboard, people, invitations, welcome email
	orgadmin.Routes,  // the portal's addresses and the audit log
	sites.Routes,     // sites and units: set up, edited, archived
	books.Routes,     // the ledger: accounts, demands, receipts, schedules, reports
	plans.Routes,     // payment plans: the managers' list, offers, decisions and each site's limits
	budgets.Routes,   // blocks' budgets: on-account demands, budget and actual, year-end balancing
	lettings.Routes,  // landlords' client money, suppliers
	sales.Routes,     // properties for sale: offers, viewings and feedback
	banking.Routes,   // bank statements imported and reconciled
	spending.Routes,  // a block's supplier invoices: recorded, approved, paid
	money.Routes,     // residents' and owners' accounts, and paying them
	providers.Routes, // payment providers: settings, webhooks, events
	tickets.Routes,   // residents' requests: categories and each site's allow-list
	notices.Routes,   // notices to residents: posted, scheduled, withdrawn, read
	calendar.Routes,  // the building calendar: events planned, residents' feeds
	documents.Routes, // shared documents: site folders, homes' papers, the year-end pack
	settings.Routes,  // the organisation's branding: name, logo, colour, contact details, previewed live
	contacts.Routes,  // residents' contact details: the rules, the office's queue of changes
	owners.Routes,    // the owner portal: landlords' and sellers' properties, statements, tax year
	// properties in owners' portals: lettings or sales, linked staff, what owners see, staff photos
	properties.Routes,
}

// New builds the application with every feature.
func New(cfg handlers.Config) *echo.Echo {
	return handlers.New(cfg, Features...)
}
