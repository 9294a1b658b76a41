package budgets

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
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

// demandForm raises one instalment of the year's on-account demands for
// one schedule, previewed unit by unit before it is posted.
type demandForm struct {
	Schedules   []handlers.Choice // schedules the budget sets money aside for
	Schedule    string
	Instalments string
	Instalment  string
	Charges     []handlers.Choice
	Charge      string
	IssueDate   string
	DueDate     string
	Errors      errs.Fields
	Preview     *ledger.BulkPreview
	Digest      string
	FirstNo     int64
	Notice      string
	Served      string

	aps     map[string]estate.Apportionment
	charges map[string]ledger.ChargeType
}

// InstalmentChoices are the ways the year can be demanded.
func (d *demandForm) InstalmentChoices() []handlers.Choice {
	return []handlers.Choice{{Value: "1", Label: "Once, the whole year"}, {Value: "2", Label: "Half-yearly, 2 instalments"},
		{Value: "4", Label: "Quarterly, 4 instalments"}}
}

// LastNo is the number of the preview's last invoice.
func (d *demandForm) LastNo() int64 { return d.FirstNo + int64(d.Preview.Invoices) - 1 }

// newDemandForm offers the budget's schedules and the charges a site can
// be demanded, the service charge chosen.
func (s *handler) newDemandForm(ctx context.Context, c echo.Context, p *budgetPage) (*demandForm, error) {
	q := handlers.OrgOf(c).DB.Read()
	d := &demandForm{Instalments: "4", Instalment: "1", Errors: errs.Fields{},
		aps: map[string]estate.Apportionment{}, charges: map[string]ledger.ChargeType{}}
	for _, a := range p.Form.Schedules {
		if p.Budget.ScheduleTotal(a.ID) > 0 {
			d.aps[a.PublicID] = a
			d.Schedules = append(d.Schedules, handlers.Choice{Value: a.PublicID, Label: a.Name})
		}
	}
	if len(d.Schedules) > 0 {
		d.Schedule = d.Schedules[0].Value
	}
	cts, err := ledger.ChargeTypes(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, ct := range cts {
		if ct.IsClientMoney() {
			continue
		}
		d.charges[ct.PublicID] = ct
		d.Charges = append(d.Charges, handlers.Choice{Value: ct.PublicID, Label: ct.Name})
		if ct.Name == "Service charge" || (d.Charge == "" && ct.Kind == ledger.ChargeServiceCharge) {
			d.Charge = ct.PublicID
		}
	}
	today := s.Today()
	d.IssueDate, d.DueDate = today.Format("2006-01-02"), today.AddDate(0, 0, 28).Format("2006-01-02")
	return d, nil
}

// read takes the typed form into d and returns the instalment it asks for.
func (d *demandForm) read(c echo.Context, by int64) ledger.OnAccountInput {
	d.Schedule, d.Charge = c.FormValue("apportionment"), c.FormValue("charge_type")
	d.Instalments, d.Instalment = c.FormValue("instalments"), c.FormValue("instalment")
	d.IssueDate, d.DueDate = strings.TrimSpace(c.FormValue("issue_date")), strings.TrimSpace(c.FormValue("due_date"))
	in := ledger.OnAccountInput{CreatedBy: by}
	in.ApportionmentID = d.aps[d.Schedule].ID
	in.ChargeTypeID = d.charges[d.Charge].ID
	in.Instalments, _ = strconv.Atoi(d.Instalments)
	in.Instalment, _ = strconv.Atoi(d.Instalment)
	if in.ChargeTypeID == 0 {
		d.Errors.Add("charge_type", "Choose the charge to demand it as.")
	}
	in.IssueDate = handlers.DateField(d.Errors, "issue_date", d.IssueDate)
	in.DueDate = handlers.DateField(d.Errors, "due_date", d.DueDate)
	return in
}

// digest fingerprints a preview: a post confirms only the preview it was
// shown, with the units' parts as they were.
func digest(parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%v|", p)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// demand previews (action=preview) or posts (action=post) an on-account
// instalment. A post must carry the fingerprint of its preview; otherwise,
// or if anything changed since, the preview is shown again.
func (s *handler) demand(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	p, err := s.loadBudget(c)
	if err != nil {
		return err
	}
	d := p.Demand
	in := d.read(c, handlers.IdentityOf(c).Person.ID)
	preview, perr := ledger.PreviewOnAccount(ctx, o.DB.Read(), p.Budget, in)
	if _, refused := handlers.FieldsOf(perr); perr != nil && !refused {
		return perr
	}
	handlers.AddChecks(d.Errors, perr)
	if len(d.Errors) > 0 {
		return s.showBudget(c, http.StatusUnprocessableEntity, p)
	}
	fp := digest(p.Budget.PublicID, in.ApportionmentID, in.Instalments, in.Instalment, in.ChargeTypeID,
		d.IssueDate, d.DueDate, preview.Units)
	if c.FormValue("action") != "post" || c.FormValue("previewed") != fp {
		if c.FormValue("action") == "post" {
			d.Errors["form"] = "The demand or the units' shares changed since the preview. Check the preview below, then post it."
		}
		d.Preview, d.Digest = &preview, fp
		if d.FirstNo, err = estate.NextInvoiceNumber(ctx, o.DB.Read()); err != nil {
			return err
		}
		return s.showBudget(c, http.StatusOK, p)
	}
	var invs []ledger.Invoice
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		if invs, err = ledger.RaiseOnAccount(ctx, tx, s.Now(), p.Budget, in); err != nil {
			return err
		}
		if len(invs) == 0 {
			return errs.Fields{"form": "No unit's share came to a penny or more, so nothing was raised."}.Err()
		}
		if _, err := s.ServeDemands(c, tx, invs); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "budget.on_account", p.Site.PublicID, fmt.Sprintf("%s: instalment %d of %d, invoices %d to %d, %s",
			p.Budget.Year(), in.Instalment, in.Instalments, invs[0].Number, invs[len(invs)-1].Number, ledger.Pounds(preview.Total)))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		d.Errors = f
		return s.showBudget(c, http.StatusUnprocessableEntity, p)
	} else if err != nil {
		return err
	}
	s.KickMail()
	first, last := invs[0].Number, invs[len(invs)-1].Number
	if handlers.HX(c).Swaps() == "budget-demand" {
		if err := p.refresh(ctx, c, s); err != nil {
			return err
		}
		p.Demand.Notice, p.Demand.Served = raisedNotice(first, last), servedURL(first, last)
		return s.showBudget(c, http.StatusOK, p)
	}
	return handlers.Redirect(c, fmt.Sprintf("%s?done=demanded&first=%d&last=%d#budget-demand", p.URL(), first, last))
}

// raisedNotice says which invoices were raised.
func raisedNotice(first, last int64) string {
	if first == last {
		return fmt.Sprintf("Invoice %d raised.", first)
	}
	return fmt.Sprintf("Invoices %d to %d raised.", first, last)
}

// servedURL is the page following how the invoices were served.
func servedURL(first, last int64) string {
	return fmt.Sprintf("/admin/ledger/served?first=%d&last=%d", first, last)
}
