package handlers

import (
	"bytes"
	"context"
	"strings"
	"time"

	"porch/estate"
	"porch/ledger"
	"porch/pdf"
	"porch/sqldb"
)

// Documents every feature may send or attach: who a unit's documents are
// addressed to, and a receipt as a PDF.

// PayeeOf is who a document of the unit dated on is addressed to, and
// the unit's label, read through q (a transaction, when the document goes
// with a change not yet committed). It names the unit's leaseholders on
// that date (the tenants of a let home), or else fallback; the address is
// the unit's.
func PayeeOf(ctx context.Context, q sqldb.Querier, unitPublicID string, on time.Time, fallback string) (pdf.Party, string, error) {
	unit, err := estate.GetUnit(ctx, q, unitPublicID)
	if err != nil {
		return pdf.Party{}, "", err
	}
	people, err := estate.PeopleOfUnit(ctx, q, unit.ID, on)
	if err != nil {
		return pdf.Party{}, "", err
	}
	liable := []string{estate.RoleLeaseholder}
	if unit.SiteKind == estate.KindLettings {
		liable = append(liable, estate.RoleTenant)
	}
	var names []string
	for _, role := range liable {
		for _, p := range people {
			if p.Role == role {
				names = append(names, strings.TrimSpace(p.Title+" "+p.FullName))
			}
		}
		if len(names) > 0 {
			break
		}
	}
	if len(names) == 0 {
		names = []string{fallback}
	}
	party := pdf.Party{Name: JoinAnd(names)}
	if unit.AddressLine1 != "" {
		party.AddressLines = NonBlankLines(unit.AddressLine1, unit.AddressLine2, unit.Town, unit.Postcode)
	} else {
		site, err := estate.GetSite(ctx, q, unit.SitePublicID)
		if err != nil {
			return pdf.Party{}, "", err
		}
		party.AddressLines = NonBlankLines(unit.Name, site.AddressLine1, site.AddressLine2, site.Town, site.Postcode)
	}
	return party, unit.Name + ", " + unit.SiteName, nil
}

// ReceiptPDF is the branded receipt of r and its file name, read through
// q (a transaction, when the receipt was just posted). PayeeOf addresses
// it, to fallback when no one was liable on the day.
func ReceiptPDF(ctx context.Context, q sqldb.Querier, o *Org, portalURL string, r ledger.Receipt, fallback string) ([]byte, string, error) {
	unit, err := estate.GetUnitByID(ctx, q, r.UnitID)
	if err != nil {
		return nil, "", err
	}
	brand, err := Brand(ctx, o, portalURL)
	if err != nil {
		return nil, "", err
	}
	payee, unitLabel, err := PayeeOf(ctx, q, unit.PublicID, r.Date, fallback)
	if err != nil {
		return nil, "", err
	}
	doc := pdf.ReceiptDoc{Brand: brand, Currency: o.Currency(), Reference: r.Ref(), Unit: unitLabel, Payee: payee,
		Date: r.Date, Amount: r.Amount, Method: r.Method, PayerReference: r.PayerReference(), Unallocated: r.Unallocated()}
	for _, a := range r.Allocations {
		doc.Allocations = append(doc.Allocations, pdf.Allocation{InvoiceNumber: a.InvoiceNumber, Amount: a.Amount})
	}
	var buf bytes.Buffer
	if err := pdf.Receipt(&buf, doc); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), "receipt-" + r.Date.Format(time.DateOnly) + "-" + r.PublicID + ".pdf", nil
}
