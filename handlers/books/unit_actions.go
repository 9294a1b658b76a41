package books

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/sqldb"
)

// The actions on a unit's account: raise a demand (previewed, then
// posted), record a receipt, give a credit note, reverse an entry. Each
// writes in one transaction with its audit entry. A refusal shows the form
// again with messages next to its fields and writes nothing; htmx gets
// just that form, a plain post the whole page. Success sends htmx the
// whole account again, with a notice, and a plain post a redirect to it.

// unitRefused shows the form block again with its messages.
func (s *handler) unitRefused(c echo.Context, status int, a *unitAccount, block string) error {
	if err := a.loadHistory(c.Request().Context(), handlers.OrgOf(c).DB.Read()); err != nil {
		return err
	}
	return s.showUnitAccount(c, status, a, handlers.FormBlock(c, block))
}

// unitDone answers a change that worked.
func (s *handler) unitDone(c echo.Context, publicID, key, number string) error {
	target := "/admin/ledger/units/" + publicID + "?done=" + key
	if number != "" {
		target += "&n=" + url.QueryEscape(number)
	}
	return handlers.Done(c, target, "unit-account", func() error {
		a, err := s.loadUnitAccount(c.Request().Context(), c, publicID)
		if err != nil {
			return err
		}
		if err := s.unitNotice(c, a, key, number); err != nil {
			return err
		}
		return s.showUnitAccount(c, http.StatusOK, a, "unit-account")
	})
}

// readChargeLines reads the charge rows of a demand form, with the amount
// of each row in its field named amount.
func readChargeLines(c echo.Context, amount string) []demandLineForm {
	lines := blankDemandLines()
	for i := range lines {
		p := "lines." + strconv.Itoa(i) + "."
		lines[i].ChargeType = strings.TrimSpace(c.FormValue(p + "charge_type"))
		lines[i].Description = strings.TrimSpace(c.FormValue(p + "description"))
		lines[i].Amount = strings.TrimSpace(c.FormValue(p + amount))
	}
	return lines
}

// parseChargeLines validates the typed charge rows into demand lines, with
// the amount of each row in its field named amount; rows[i] is the form
// row of line i. Blank rows are skipped; with none left, none is the
// message.
func parseChargeLines(lines []demandLineForm, charges map[string]ledger.ChargeType, f errs.Fields, amount, none string) (out []ledger.DemandLine, rows []int) {
	for _, l := range lines {
		if l.ChargeType == "" && l.Description == "" && l.Amount == "" {
			continue
		}
		p := "lines." + strconv.Itoa(l.Index) + "."
		ct, ok := charges[l.ChargeType]
		switch {
		case l.ChargeType == "":
			f.Add(p+"charge_type", "Choose a charge type.")
		case !ok:
			f.Add(p+"charge_type", "Choose a charge type from the list.")
		}
		out = append(out, ledger.DemandLine{ChargeTypeID: ct.ID, Description: l.Description, Amount: handlers.AmountField(f, p+amount, l.Amount)})
		rows = append(rows, l.Index)
	}
	if len(out) == 0 {
		f.Add("lines", none)
	}
	return out, rows
}

// parseDemandLines validates the charge rows of a unit's demand form.
func parseDemandLines(lines []demandLineForm, charges map[string]ledger.ChargeType, f errs.Fields) ([]ledger.DemandLine, []int) {
	out, rows := parseChargeLines(lines, charges, f, "amount", "Add at least one charge: choose a charge type and enter an amount.")
	for i, l := range out {
		if len(l.Description) > 200 {
			f.Add("lines."+strconv.Itoa(rows[i])+".description", "Keep the description to 200 characters or fewer.")
		}
	}
	return out, rows
}

// demandDates validates the issue and due dates of a demand form.
func demandDates(f errs.Fields, issueS, dueS string) (issue, due time.Time) {
	issue = handlers.DateField(f, "issue_date", issueS)
	due = handlers.DateField(f, "due_date", dueS)
	if !issue.IsZero() && !due.IsZero() && due.Before(issue) {
		f.Add("due_date", "The due date cannot be before the issue date.")
	}
	return issue, due
}

// demandDigest fingerprints a demand, so a post is of exactly what was
// previewed.
func demandDigest(scope string, issue, due time.Time, lines []ledger.DemandLine) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%s", scope, issue.Format(time.DateOnly), due.Format(time.DateOnly))
	for _, l := range lines {
		fmt.Fprintf(h, "|%d|%q|%d", l.ChargeTypeID, l.Description, l.Amount)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ledgerUnitDemand previews (action=preview) or posts (action=post) a
// demand for the unit. A post must carry the fingerprint of its preview:
// otherwise, or if anything changed since, the preview is shown again.
func (s *handler) ledgerUnitDemand(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	a, err := s.loadUnitAccount(ctx, c, c.Param("id"))
	if err != nil {
		return err
	}
	d := &a.Demand
	d.Open = true
	d.Lines = readChargeLines(c, "amount")
	d.IssueDate, d.DueDate = strings.TrimSpace(c.FormValue("issue_date")), strings.TrimSpace(c.FormValue("due_date"))
	d.Errors = errs.Fields{}
	lines, rows := parseDemandLines(d.Lines, a.chargeByPublic, d.Errors)
	issue, due := demandDates(d.Errors, d.IssueDate, d.DueDate)
	if len(d.Errors) > 0 {
		return s.unitRefused(c, http.StatusUnprocessableEntity, a, "ledger-demand")
	}
	in := ledger.DemandInput{UnitID: a.Unit.ID, IssueDate: issue, DueDate: due, Lines: lines, CreatedBy: handlers.IdentityOf(c).Person.ID}
	digest := demandDigest("unit:"+a.Unit.PublicID, issue, due, lines)
	if c.FormValue("action") != "post" || c.FormValue("previewed") != digest {
		// What the law would refuse is said before the preview, not after.
		if err := ledger.CheckDemand(ctx, o.DB.Read(), a.Unit.ID, lines, issue, due); err != nil {
			return s.demandRefused(c, a, rows, err)
		}
		if c.FormValue("action") == "post" {
			d.Errors["form"] = "The demand changed since it was previewed. Check the preview below, then post it."
		}
		if d.Preview, err = s.previewDemand(ctx, o.DB.Read(), a, lines, issue, due); err != nil {
			return err
		}
		d.Preview.Digest = digest
		return s.unitRefused(c, http.StatusOK, a, "ledger-demand")
	}
	var inv ledger.Invoice
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		if inv, err = ledger.RaiseDemand(ctx, tx, s.Now(), in); err != nil {
			return err
		}
		if _, err := s.ServeDemands(c, tx, []ledger.Invoice{inv}); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.demand_raised", inv.PublicID, fmt.Sprintf("Invoice %d for %s, %s: %s",
			inv.Number, a.Unit.Name, a.Unit.SiteName, handlers.FormatPounds(inv.Total)))
	})
	if err != nil {
		return s.demandRefused(c, a, rows, err)
	}
	s.KickMail()
	return s.unitDone(c, a.Unit.PublicID, "demand", strconv.FormatInt(inv.Number, 10))
}

// demandRefused shows the demand form with the ledger's refusal next to
// its fields; an error that is not a refusal is passed on.
func (s *handler) demandRefused(c echo.Context, a *unitAccount, rows []int, err error) error {
	f, ok := handlers.FieldsOf(err)
	if !ok {
		return err
	}
	a.Demand.Errors = handlers.MapFields(remapLines(f, rows), func(k string) bool {
		return k == "lines" || k == "issue_date" || k == "due_date" || strings.HasPrefix(k, "lines.")
	})
	return s.unitRefused(c, http.StatusUnprocessableEntity, a, "ledger-demand")
}

// previewDemand is the invoice a demand would raise.
func (s *handler) previewDemand(ctx context.Context, q sqldb.Querier, a *unitAccount, lines []ledger.DemandLine, issue, due time.Time) (*demandPreview, error) {
	n, err := estate.NextInvoiceNumber(ctx, q)
	if err != nil {
		return nil, err
	}
	p := &demandPreview{Number: n, Issue: issue, Due: due}
	names := map[int64]string{}
	for _, ct := range a.chargeByPublic {
		names[ct.ID] = ct.Name
	}
	for _, l := range lines {
		desc := l.Description
		if desc == "" {
			desc = names[l.ChargeTypeID]
		}
		p.Lines = append(p.Lines, ledger.InvoiceLine{ChargeType: names[l.ChargeTypeID], Description: desc, Amount: l.Amount})
		p.Total += l.Amount
	}
	return p, nil
}

// ledgerUnitReceipt records money received from the unit into one of its
// site's bank accounts.
func (s *handler) ledgerUnitReceipt(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	a, err := s.loadUnitBasics(ctx, c, c.Param("id"))
	if err != nil {
		return err
	}
	r := &a.Receipt
	*r = receiptForm{Account: c.FormValue("account"), Date: strings.TrimSpace(c.FormValue("date")), Amount: strings.TrimSpace(c.FormValue("amount")),
		Method: c.FormValue("method"), Reference: strings.TrimSpace(c.FormValue("reference")), Invoice: c.FormValue("invoice"),
		Occupancy: c.FormValue("occupancy"), Errors: errs.Fields{}, Open: true}
	occ := occupancyField(ctx, o.DB.Read(), r.Errors, a.Unit, r.Occupancy)
	bank := handlers.BankField(r.Errors, "account", r.Account, a.bankByPublic, "Choose the bank account the money arrived in.")
	date := handlers.DateField(r.Errors, "date", r.Date)
	amount := handlers.AmountField(r.Errors, "amount", r.Amount)
	if !slices.Contains(ledger.Methods, r.Method) {
		r.Errors.Add("method", "Choose how the money was paid.")
	}
	if len(r.Reference) > 100 {
		r.Errors.Add("reference", "Keep the reference to 100 characters or fewer.")
	}
	if r.Invoice != "" { // naming an invoice needs the unit's invoices; the oldest-first default does not
		if err := a.loadInvoices(ctx, o.DB.Read()); err != nil {
			return err
		}
	}
	inv, msg := a.openInvoice(r.Invoice)
	if msg != "" {
		r.Errors.Add("invoice", msg)
	}
	if len(r.Errors) > 0 {
		return s.unitRefused(c, http.StatusUnprocessableEntity, a, "ledger-receipt")
	}
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		if _, err := ledger.RecordReceipt(ctx, tx, s.Now(), ledger.ReceiptInput{UnitID: a.Unit.ID, AccountID: bank.ID, Date: date,
			Amount: amount, Method: r.Method, Reference: r.Reference, InvoiceID: inv.ID, OccupancyID: occ,
			CreatedBy: handlers.IdentityOf(c).Person.ID}); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.receipt_recorded", a.Unit.PublicID, fmt.Sprintf("%s by %s into %s for %s, %s",
			handlers.FormatPounds(amount), r.Method, bank.Code, a.Unit.Name, a.Unit.SiteName))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		r.Errors = handlers.MapFields(f, handlers.FormKeys("account", "date", "amount", "method", "reference", "invoice", "occupancy"))
		return s.unitRefused(c, http.StatusUnprocessableEntity, a, "ledger-receipt")
	}
	if err != nil {
		return err
	}
	return s.unitDone(c, a.Unit.PublicID, "receipt", "")
}

// openInvoice finds an unpaid invoice of the unit by public id; blank is
// none (pay the oldest first). A message says why one cannot be used.
func (a *unitAccount) openInvoice(publicID string) (unitInvoiceRow, string) {
	if publicID == "" {
		return unitInvoiceRow{}, ""
	}
	inv, ok := a.invoiceByPub[publicID]
	if !ok || inv.Cancelled() || inv.Outstanding() <= 0 {
		return unitInvoiceRow{}, "Choose one of this unit's unpaid invoices, or leave it to pay the oldest first."
	}
	return inv, ""
}

// ledgerUnitCredit posts a credit note to the unit.
func (s *handler) ledgerUnitCredit(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	a, err := s.loadUnitForms(ctx, c, c.Param("id"))
	if err != nil {
		return err
	}
	cr := &a.Credit
	*cr = creditForm{ChargeType: c.FormValue("charge_type"), Date: strings.TrimSpace(c.FormValue("date")),
		Amount: strings.TrimSpace(c.FormValue("amount")), Reason: strings.TrimSpace(c.FormValue("reason")),
		Invoice: c.FormValue("invoice"), Occupancy: c.FormValue("occupancy"), Errors: errs.Fields{}, Open: true}
	occ := occupancyField(ctx, o.DB.Read(), cr.Errors, a.Unit, cr.Occupancy)
	ct, ok := a.chargeByPublic[cr.ChargeType]
	if !ok {
		cr.Errors.Add("charge_type", "Choose the charge being credited.")
	}
	date := handlers.DateField(cr.Errors, "date", cr.Date)
	amount := handlers.AmountField(cr.Errors, "amount", cr.Amount)
	switch {
	case cr.Reason == "":
		cr.Errors.Add("reason", "Say why the credit is given; it appears on the statement.")
	case len(cr.Reason) > 200:
		cr.Errors.Add("reason", "Keep the reason to 200 characters or fewer.")
	}
	inv, msg := a.openInvoice(cr.Invoice)
	if msg != "" {
		cr.Errors.Add("invoice", msg)
	}
	if len(cr.Errors) > 0 {
		return s.unitRefused(c, http.StatusUnprocessableEntity, a, "ledger-credit")
	}
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		if _, err := ledger.CreditNote(ctx, tx, s.Now(), ledger.CreditInput{UnitID: a.Unit.ID, ChargeTypeID: ct.ID, Date: date,
			Amount: amount, Reason: cr.Reason, InvoiceID: inv.ID, OccupancyID: occ, CreatedBy: handlers.IdentityOf(c).Person.ID}); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.credit_note", a.Unit.PublicID, fmt.Sprintf("%s %s for %s, %s: %s",
			handlers.FormatPounds(amount), ct.Name, a.Unit.Name, a.Unit.SiteName, cr.Reason))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		cr.Errors = handlers.MapFields(f, handlers.FormKeys("charge_type", "date", "amount", "reason", "invoice", "occupancy"))
		return s.unitRefused(c, http.StatusUnprocessableEntity, a, "ledger-credit")
	}
	if err != nil {
		return err
	}
	return s.unitDone(c, a.Unit.PublicID, "credit", "")
}

// ledgerUnitReverse reverses one of the unit's entries with a compensating
// journal. An entry already reversed is refused with 409 and the reason
// next to the entry.
func (s *handler) ledgerUnitReverse(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	a, err := s.loadUnitAccount(ctx, c, c.Param("id"))
	if err != nil {
		return err
	}
	rv := &a.Reverse
	*rv = reverseForm{Entry: c.FormValue("entry"), Date: strings.TrimSpace(c.FormValue("date")),
		Reason: strings.TrimSpace(c.FormValue("reason")), Errors: errs.Fields{}, Open: true}
	id, _ := strconv.ParseInt(rv.Entry, 10, 64)
	row, ok := a.rowByJournal[id]
	if !ok {
		rv.Errors.Add("entry", "Choose an entry of this unit's account to reverse.")
	}
	date := handlers.DateField(rv.Errors, "date", rv.Date)
	if ok && !date.IsZero() && date.Before(row.Date) {
		rv.Errors.Add("date", "The reversal cannot be dated before the entry it reverses, "+row.Date.Format("2 January 2006")+".")
	}
	switch {
	case rv.Reason == "":
		rv.Errors.Add("reason", "Say why this is being reversed; it appears on the statement.")
	case len(rv.Reason) > 200:
		rv.Errors.Add("reason", "Keep the reason to 200 characters or fewer.")
	}
	if len(rv.Errors) > 0 {
		return s.unitRefused(c, http.StatusUnprocessableEntity, a, "ledger-reverse")
	}
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		if _, err := ledger.Reverse(ctx, tx, s.Now(), id, date, rv.Reason, handlers.IdentityOf(c).Person.ID); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.reversed", a.Unit.PublicID, fmt.Sprintf("%s of %s for %s, %s: %s",
			row.Description, row.Date.Format(time.DateOnly), a.Unit.Name, a.Unit.SiteName, rv.Reason))
	})
	if de, ok := errs.As(err); ok && de.Code == errs.Conflict {
		rv.Errors["entry"] = de.Message
		return s.unitRefused(c, http.StatusConflict, a, "ledger-reverse")
	}
	if f, ok := handlers.FieldsOf(err); ok {
		rv.Errors = handlers.MapFields(f, handlers.FormKeys("entry", "date", "reason"))
		return s.unitRefused(c, http.StatusUnprocessableEntity, a, "ledger-reverse")
	}
	if err != nil {
		return err
	}
	return s.unitDone(c, a.Unit.PublicID, "reversed", "")
}
