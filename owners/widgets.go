// Package owners is the owner portal's domain: which of their properties
// landlords and sellers see and which widgets show for each, the sales
// side of a property (offers, viewings, feedback), and the staff linked to
// a property.
package owners

import (
	"slices"

	"porch/estate"
)

// Widget keys: the parts of an owner's property page the organisation may
// show or leave out, for all properties or one.
const (
	WidgetStatement    = "statement"    // produce a statement for any period
	WidgetBalance      = "balance"      // the property's transactions and what is due
	WidgetTenant       = "tenant"       // the tenant's rent account
	WidgetFloat        = "float"        // the float and what was taken from it
	WidgetDeductions   = "deductions"   // future deductions
	WidgetStatements   = "statements"   // statements issued by the agency
	WidgetDocuments    = "documents"    // documents copied to the owner portal
	WidgetCertificates = "certificates" // gas safety, EICR, EPC... with expiry
	WidgetInspections  = "inspections"  // inspection documents
	WidgetReports      = "reports"      // inspection reports
	WidgetTenancy      = "tenancy"      // tenancy agreements
	WidgetOffers       = "offers"       // a sale's offers
	WidgetViewings     = "viewings"     // a sale's viewings, past and future
	WidgetFeedback     = "feedback"     // viewers' feedback
	WidgetMaintenance  = "maintenance"  // requests and quotes to approve
	WidgetTeam         = "team"         // the linked member of staff
	WidgetTaxYear      = "tax_year"     // the annual summary for a tax return
)

// Widget is one part of an owner's property page.
type Widget struct {
	Key    string
	Label  string
	Market string // estate.MarketLetting or MarketSale; "" for both
}

// Widgets lists every widget in the order a property page shows them.
var Widgets = []Widget{
	{WidgetStatement, "Property statement", estate.MarketLetting},
	{WidgetBalance, "Property balance", estate.MarketLetting},
	{WidgetTenant, "Tenant balance", estate.MarketLetting},
	{WidgetFloat, "Landlord float", estate.MarketLetting},
	{WidgetDeductions, "Future deductions", estate.MarketLetting},
	{WidgetStatements, "Statement documents", estate.MarketLetting},
	{WidgetTaxYear, "Tax-year summary", estate.MarketLetting},
	{WidgetOffers, "Offers", estate.MarketSale},
	{WidgetViewings, "Viewings", estate.MarketSale},
	{WidgetFeedback, "Viewing feedback", estate.MarketSale},
	{WidgetCertificates, "Certificates", estate.MarketLetting},
	{WidgetInspections, "Inspection documents", estate.MarketLetting},
	{WidgetReports, "Inspection reports", estate.MarketLetting},
	{WidgetTenancy, "Tenancy documents", estate.MarketLetting},
	{WidgetDocuments, "Documents", ""},
	{WidgetMaintenance, "Maintenance", ""},
	{WidgetTeam, "Your contact at the agency", ""},
}

// WidgetsFor lists the widgets that belong to a market's property pages.
func WidgetsFor(market string) []Widget {
	var out []Widget
	for _, w := range Widgets {
		if w.Market == "" || w.Market == market {
			out = append(out, w)
		}
	}
	return out
}

// KnownWidget reports whether key names a widget.
func KnownWidget(key string) bool {
	return slices.ContainsFunc(Widgets, func(w Widget) bool { return w.Key == key })
}
