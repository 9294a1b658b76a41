package handlers

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/ledger"
	"porch/pdf"
	"porch/sqldb"
)

// InvoicePDF is the branded invoice (demand) inv and its file name, read
// through q (a transaction, when the demand was just raised), with its
// status on the date today. It is addressed to the lease or tenancy the
// invoice is charged to, joint holders by name; an invoice of a unit
// that had none goes to whoever PayeeOf names, or fallback. A demand on
// a block names the landlord and their address for notices, as LTA 1987
// ss47–48 require of every demand a leaseholder is sent.
func InvoicePDF(ctx context.Context, q sqldb.Querier, o *Org, portalURL string, inv ledger.Invoice, today time.Time, fallback string) ([]byte, string, error) {
	doc, err := InvoiceDocOf(ctx, q, o, portalURL, inv, today, fallback)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	if err := pdf.Invoice(&buf, doc); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), fmt.Sprintf("invoice-%d.pdf", inv.Number), nil
}

// InvoiceDocOf is what InvoicePDF prints, for a caller that prints
// several invoices as one document.
func InvoiceDocOf(ctx context.Context, q sqldb.Querier, o *Org, portalURL string, inv ledger.Invoice, today time.Time, fallback string) (pdf.InvoiceDoc, error) {
	var doc pdf.InvoiceDoc
	unit, err := estate.GetUnitByID(ctx, q, inv.UnitID)
	if err != nil {
		return doc, err
	}
	brand, err := Brand(ctx, o, portalURL)
	if err != nil {
		return doc, err
	}
	payee, unitLabel, err := PayeeOf(ctx, q, unit.PublicID, inv.IssueDate, fallback)
	if err != nil {
		return doc, err
	}
	if inv.OccupancyID != 0 {
		occ, err := estate.GetOccupancyByID(ctx, q, inv.OccupancyID)
		if err != nil {
			return doc, err
		}
		payee.Name = occ.Names()
	}
	lines, err := ledger.InvoiceLines(ctx, q, inv.ID)
	if err != nil {
		return doc, err
	}
	doc = pdf.InvoiceDoc{Brand: brand, Currency: o.Currency(), Number: inv.Number, IssueDate: inv.IssueDate,
		DueDate: inv.DueDate, Status: inv.Status(today), Unit: unitLabel, Payee: payee, Total: inv.Total, Paid: inv.Paid,
		Outstanding: inv.Outstanding()}
	kinds := map[string]bool{}
	for _, l := range lines {
		doc.Lines = append(doc.Lines, pdf.InvoiceLine{ChargeType: l.ChargeType, Description: l.Description, Amount: l.Amount})
		kinds[l.Kind] = true
	}
	// The summaries go with the demand whenever it is printed or sent; one
	// supplied since is printed as it now reads, one withdrawn since (the
	// demand was raised with it) leaves the demand readable without it.
	summaries, err := ledger.DemandSummaries(ctx, q, inv.UnitID, kinds)
	if _, refused := errs.As(err); err != nil && !refused {
		return doc, err
	}
	if unit.SiteKind == estate.KindBlock {
		site, err := estate.GetSite(ctx, q, unit.SitePublicID)
		if err != nil {
			return doc, err
		}
		if site.LandlordName != "" {
			doc.Landlord = &pdf.Party{Name: site.LandlordName, AddressLines: NonBlankLines(strings.Split(site.LandlordAddress, "\n")...)}
		}
	}
	for _, s := range summaries {
		if s.Kind == ledger.ChargeGroundRent {
			doc.RentNotice = rentNotice(doc, lines, s.Text)
			continue
		}
		doc.Summaries = append(doc.Summaries, pdf.Summary{Title: s.Title, Text: s.Text})
	}
	return doc, nil
}

// rentNotice is the ground rent notice (CLRA 2002 s166) of the demand
// doc for the ground rent among lines, given by the landlord and paid to
// the organisation as their managing agent.
func rentNotice(doc pdf.InvoiceDoc, lines []ledger.InvoiceLine, notes string) *pdf.RentNotice {
	n := &pdf.RentNotice{Given: doc.IssueDate, To: doc.Payee.Name, Premises: doc.Payee.AddressLines, Due: doc.DueDate,
		PayTo: pdf.Party{Name: doc.Brand.Name, AddressLines: doc.Brand.AddressLines}, Notes: notes}
	if doc.Landlord != nil {
		n.Landlord = *doc.Landlord
	}
	for _, l := range lines {
		if l.Kind == ledger.ChargeGroundRent {
			n.Lines = append(n.Lines, pdf.InvoiceLine{ChargeType: l.ChargeType, Description: l.Description, Amount: l.Amount})
			n.Amount += l.Amount
		}
	}
	return n
}
