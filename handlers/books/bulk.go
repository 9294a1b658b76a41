package books

import (
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// bulkPage is a site's bulk demand: the charges as site totals, the
// apportionment schedule they are split by with its units' shares, and once
// asked for, the preview of every unit's invoice.
type bulkPage struct {
	Site      estate.Site
	Ap        estate.Apportionment // the schedule chosen; zero for a site with none
	Aps       []handlers.Choice    // the site's schedules in use
	Units     []estate.ShareRow    // the units in the schedule
	ShareSum  int64
	Charges   []handlers.Choice // charges a site can share (not client money)
	Lines     []demandLineForm
	IssueDate string
	DueDate   string
	Errors    errs.Fields
	Preview   *ledger.BulkPreview
	Digest    string
	FirstNo   int64 // the invoice numbers the preview will take
	Notice    string
	Served    string // the page showing how the demands just raised were served

	chargeByPublic map[string]ledger.ChargeType
}

// SharesTotal is the units' shares added up, as a percentage.
func (p *bulkPage) SharesTotal() string { return estate.FormatSharePPM(p.ShareSum) }

// SharesOK reports shares that total exactly 100%.
func (p *bulkPage) SharesOK() bool { return p.ShareSum == ledger.FullShare }

// LastNo is the number of the preview's last invoice.
func (p *bulkPage) LastNo() int64 { return p.FirstNo + int64(p.Preview.Invoices) - 1 }

// LineLabel names line i of the preview where a cell stands alone (on a
// phone): its charge type, with the description when it has one, so two
// lines of the same charge are told apart.
func (p *bulkPage) LineLabel(i int) string {
	pv := p.Preview
	if pv == nil || i < 0 || i >= len(pv.Lines) || i >= len(pv.ChargeNames) {
		return ""
	}
	if d := pv.Lines[i].Description; d != "" {
		return pv.ChargeNames[i] + " (" + d + ")"
	}
	return pv.ChargeNames[i]
}

// URL is the bulk demand's address.
func (p *bulkPage) URL() string { return "/admin/ledger/sites/" + p.Site.PublicID + "/demand" }

// loadBulk reads the site, the schedule chosen (the form's or the query's
// "apportionment", else the site's default) with its units, and the
// charges; an unknown site is NotFound.
func (s *handler) loadBulk(c echo.Context) (*bulkPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	site, err := estate.GetSite(ctx, q, c.Param("id"))
	if err != nil {
		return nil, err
	}
	p := &bulkPage{Site: site, chargeByPublic: map[string]ledger.ChargeType{}, Errors: errs.Fields{}}
	if err := p.loadShares(ctx, q, c.FormValue("apportionment")); err != nil {
		return nil, err
	}
	charges, err := ledger.ChargeTypes(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, ct := range charges {
		p.chargeByPublic[ct.PublicID] = ct
		if !ct.IsClientMoney() {
			p.Charges = append(p.Charges, handlers.Choice{Value: ct.PublicID, Label: ct.Name})
		}
	}
	today := s.Today()
	p.IssueDate, p.DueDate = today.Format("2006-01-02"), today.AddDate(0, 0, 28).Format("2006-01-02")
	p.Lines = blankDemandLines()
	return p, nil
}

func (s *handler) showBulk(c echo.Context, status int, p *bulkPage) error {
	title := "Bulk demand: " + p.Site.Name
	return s.Render(c, status, handlers.View{Page: "admin_ledger_bulk", Title: title, Data: p, Wide: true})
}

// ledgerBulk shows the bulk demand form for a site.
func (s *handler) ledgerBulk(c echo.Context) error {
	p, err := s.loadBulk(c)
	if err != nil {
		return err
	}
	if c.QueryParam("done") == "posted" {
		if first, last, ok := runRange(c); ok {
			if p.Notice, err = s.bulkNotice(c, first, last); err != nil {
				return err
			}
			p.Served = ServedURL(first, last)
		}
	}
	return s.showBulk(c, http.StatusOK, p)
}

func (s *handler) bulkNotice(c echo.Context, first, last int64) (string, error) {
	served, err := handlers.LoadServed(c.Request().Context(), handlers.OrgOf(c).DB.Read(), first, last)
	if err != nil {
		return "", err
	}
	if first == last {
		return fmt.Sprintf("Invoice %d raised. %s", first, served.Summary()), nil
	}
	return fmt.Sprintf("Invoices %d to %d raised. %s", first, last, served.Summary()), nil
}

// ledgerBulkDemand previews (action=preview) or posts (action=post) a
// demand on every unit of the site. As for one unit, a post must carry the
// fingerprint of the preview it confirms.
func (s *handler) ledgerBulkDemand(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	p, err := s.loadBulk(c)
	if err != nil {
		return err
	}
	p.Lines = readChargeLines(c, "total") // the amount is the site total
	p.IssueDate, p.DueDate = strings.TrimSpace(c.FormValue("issue_date")), strings.TrimSpace(c.FormValue("due_date"))
	in, rows := p.parse()
	issueMsg, dueMsg := p.Errors["issue_date"], p.Errors["due_date"]
	preview, perr := ledger.PreviewBulkDemand(ctx, o.DB.Read(), p.Site.ID, in)
	if f, ok := handlers.FieldsOf(perr); ok {
		for k, v := range remapLines(f, rows) {
			p.Errors.Add(k, v)
		}
	} else if perr != nil {
		return perr
	}
	// The ledger checks dates unparsed ones cannot reach; keep the form's
	// own message for a date it could not read.
	if issueMsg != "" {
		p.Errors["issue_date"] = issueMsg
	}
	if dueMsg != "" {
		p.Errors["due_date"] = dueMsg
	}
	if len(p.Errors) > 0 {
		return s.showBulk(c, http.StatusUnprocessableEntity, p)
	}
	digest := demandDigest("site:"+p.Site.PublicID+":"+sharesKey(p.Ap, p.Units), in.IssueDate, in.DueDate, bulkAsDemand(in.Lines))
	if c.FormValue("action") != "post" || c.FormValue("previewed") != digest {
		if c.FormValue("action") == "post" {
			p.Errors["form"] = "The demand or the units' shares changed since the preview. Check the preview below, then post it."
		}
		p.Preview, p.Digest = &preview, digest
		if p.FirstNo, err = estate.NextInvoiceNumber(ctx, o.DB.Read()); err != nil {
			return err
		}
		return s.showBulk(c, http.StatusOK, p)
	}
	var invs []ledger.Invoice
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		if invs, err = ledger.PostBulkDemand(ctx, tx, s.Now(), p.Site.ID, in, handlers.IdentityOf(c).Person.ID); err != nil {
			return err
		}
		if len(invs) == 0 {
			return errs.Fields{"form": "No unit's share came to a penny or more, so nothing was raised."}.Err()
		}
		if _, err := s.ServeDemands(c, tx, invs); err != nil {
			return err
		}
		var total int64
		for _, inv := range invs {
			total += inv.Total
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.bulk_demand", p.Site.PublicID, fmt.Sprintf("%s: invoices %d to %d, %d units, %s",
			p.Site.Name, invs[0].Number, invs[len(invs)-1].Number, len(invs), handlers.FormatPounds(total)))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		p.Errors = remapLines(f, rows)
		return s.showBulk(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	s.KickMail()
	first, last := invs[0].Number, invs[len(invs)-1].Number
	if handlers.HX(c).Swaps() == "bulk-demand" {
		fresh, err := s.loadBulk(c)
		if err != nil {
			return err
		}
		if fresh.Notice, err = s.bulkNotice(c, first, last); err != nil {
			return err
		}
		return s.showBulk(c, http.StatusOK, fresh)
	}
	return handlers.Redirect(c, fmt.Sprintf("%s?done=posted&first=%d&last=%d", p.URL(), first, last))
}

// parse validates the typed form into a bulk input; rows[i] is the form
// row of line i.
func (p *bulkPage) parse() (ledger.BulkInput, []int) {
	var in ledger.BulkInput
	lines, rows := parseChargeLines(p.Lines, p.chargeByPublic, p.Errors, "total",
		"Add at least one charge: choose a charge type and enter the site total.")
	for _, l := range lines {
		in.Lines = append(in.Lines, ledger.BulkLine{ChargeTypeID: l.ChargeTypeID, Description: l.Description, Total: l.Amount})
	}
	in.IssueDate, in.DueDate = demandDates(p.Errors, p.IssueDate, p.DueDate)
	in.Apportionment = p.Ap.ID
	return in, rows
}

// remapLines files the ledger's line messages under the form's row
// numbers (the ledger counts only the rows filled in).
func remapLines(f errs.Fields, rows []int) errs.Fields {
	out := errs.Fields{}
	for k, v := range f {
		var i int
		var rest string
		if n, _ := fmt.Sscanf(k, "lines.%d.%s", &i, &rest); n == 2 && i >= 0 && i < len(rows) {
			k = "lines." + strconv.Itoa(rows[i]) + "." + rest
		}
		out.Add(k, v)
	}
	return out
}

// sharesKey fingerprints the schedule and its units' shares, so a preview
// goes stale when another schedule is chosen or a share changes.
func sharesKey(a estate.Apportionment, units []estate.ShareRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d:", a.ID)
	for _, u := range units {
		fmt.Fprintf(&b, "%d=%d,", u.UnitID, u.SharePPM)
	}
	return b.String()
}

func bulkAsDemand(lines []ledger.BulkLine) []ledger.DemandLine {
	out := make([]ledger.DemandLine, len(lines))
	for i, l := range lines {
		out[i] = ledger.DemandLine{ChargeTypeID: l.ChargeTypeID, Description: l.Description, Amount: l.Total}
	}
	return out
}
