package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// BulkLine is one charge of a bulk demand, as a total for the whole site.
type BulkLine struct {
	ChargeTypeID int64
	Description  string
	Total        int64 // minor units for the site, positive
}

// BulkInput is a demand raised on every unit of an apportionment schedule
// of a site at once, each unit paying its share of each line.
type BulkInput struct {
	IssueDate time.Time
	DueDate   time.Time
	Lines     []BulkLine
	// Apportionment is the id of the site's schedule to split by; 0 is the
	// site's default.
	Apportionment int64
}

// BulkPreview is what a bulk demand will raise, unit by unit. Amounts[i] is
// the unit's part of Lines[i]; the parts of each line add up to its total
// exactly.
type BulkPreview struct {
	SiteID        int64
	SiteName      string
	Apportionment estate.Apportionment // the schedule the lines are split by
	IssueDate     time.Time
	DueDate       time.Time
	Lines         []BulkLine
	ChargeNames   []string // charge type name of each line
	Units         []BulkUnit
	LineTotals    []int64 // sum over units of each line: always Lines[i].Total
	Total         int64   // grand total: the sum of the lines
	Invoices      int     // units that will get an invoice (a non-zero amount)
}

// BulkUnit is one unit's part of a bulk demand.
type BulkUnit struct {
	UnitID       int64
	UnitPublicID string
	Name         string
	SharePPM     int64
	Amounts      []int64 // per line
	Total        int64
}

// Share formats the unit's apportionment as a percentage.
func (u BulkUnit) Share() string { return estate.FormatSharePPM(u.SharePPM) }

// validate checks dates and lines like a single demand. Field names: issue_date,
// due_date, lines, lines.N.charge_type, lines.N.total, lines.N.description.
func (in *BulkInput) validate() errs.Fields {
	f := errs.Fields{}
	checkDates(f, in.IssueDate, in.DueDate)
	if len(in.Lines) == 0 {
		f.Add("lines", "Add at least one charge.")
	}
	for i, l := range in.Lines {
		key := fmt.Sprintf("lines.%d", i)
		if l.ChargeTypeID == 0 {
			f.Add(key+".charge_type", "Choose a charge type.")
		}
		if l.Total <= 0 {
			f.Add(key+".total", "Enter a total greater than zero.")
		} else if l.Total > 100_000_000_00 {
			f.Add(key+".total", "That total is too large for one charge.")
		}
		in.Lines[i].Description = strings.Join(strings.Fields(l.Description), " ")
		if len(in.Lines[i].Description) > 200 {
			f.Add(key+".description", "Keep the description to 200 characters or fewer.")
		}
	}
	return f
}

// checkDates validates an issue and due date pair into f.
func checkDates(f errs.Fields, issue, due time.Time) {
	switch {
	case issue.IsZero():
		f.Add("issue_date", "Enter the issue date.")
	case issue.Before(minDate) || !issue.Before(maxDate):
		f.Add("issue_date", "Enter an issue date between 2000 and 2099.")
	}
	switch {
	case due.IsZero():
		f.Add("due_date", "Enter the due date.")
	case due.Before(minDate) || !due.Before(maxDate):
		f.Add("due_date", "Enter a due date between 2000 and 2099.")
	case !issue.IsZero() && due.Before(issue):
		f.Add("due_date", "The due date cannot be before the issue date.")
	}
}

// PreviewBulkDemand works out what a bulk demand on the site would raise:
// each line's site total split among the units of the chosen apportionment
// schedule (the site's default unless in names one) by their shares with
// Apportion, so every line and the grand total come out exact to the penny.
// The schedule's shares must total exactly 100%; if they do not, the
// error's "shares" field says by how much they are off and which units
// have no share. A schedule that is not the site's, or is archived, is
// refused under "apportionment". Rent cannot be demanded in bulk: it
// belongs to each let unit's landlord, not to the site.
func PreviewBulkDemand(ctx context.Context, q sqldb.Querier, siteID int64, in BulkInput) (BulkPreview, error) {
	p := BulkPreview{SiteID: siteID, IssueDate: in.IssueDate, DueDate: in.DueDate}
	f := in.validate()
	err := q.QueryRowContext(ctx, `SELECT name FROM sites WHERE id = ?`, siteID).Scan(&p.SiteName)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(errs.NotFound, "There is no such site.")
	} else if err != nil {
		return p, err
	}
	p.ChargeNames = make([]string, len(in.Lines))
	for i, l := range in.Lines {
		if l.ChargeTypeID == 0 {
			continue
		}
		ct, err := ChargeTypeByID(ctx, q, l.ChargeTypeID)
		switch {
		case errs.Is(err, errs.NotFound):
			f.Add(fmt.Sprintf("lines.%d.charge_type", i), "Choose a charge type.")
		case err != nil:
			return p, err
		case ct.IsClientMoney():
			f.Add(fmt.Sprintf("lines.%d.charge_type", i), ct.Name+" is collected for each let unit's landlord; demand it from the unit, not the whole site.")
		}
		p.ChargeNames[i] = ct.Name
	}
	var units []estate.ShareRow
	p.Apportionment, units, err = siteShares(ctx, q, siteID, in.Apportionment, p.SiteName, f, "apportionment", "shares")
	if err != nil {
		return p, err
	}
	if len(f) == 0 && len(units) > 0 {
		// The site's units share its nation: one answers for them all.
		lines := make([]DemandLine, len(in.Lines))
		for i, l := range in.Lines {
			lines[i] = DemandLine{ChargeTypeID: l.ChargeTypeID}
		}
		err := CheckDemand(ctx, q, units[0].UnitID, lines, in.IssueDate, in.DueDate)
		if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
			for k, v := range e.Fields {
				f.Add(k, v)
			}
		} else if err != nil {
			return p, err
		}
	}
	if err := f.Err(); err != nil {
		return p, err
	}
	p.Lines = in.Lines
	shares := make([]Share, len(units))
	for i, u := range units {
		shares[i] = Share{UnitID: u.UnitID, SharePPM: u.SharePPM}
	}
	p.Units = make([]BulkUnit, len(units))
	for i, u := range units {
		p.Units[i] = BulkUnit{UnitID: u.UnitID, UnitPublicID: u.UnitPublicID, Name: u.Name, SharePPM: u.SharePPM,
			Amounts: make([]int64, len(in.Lines))}
	}
	p.LineTotals = make([]int64, len(in.Lines))
	for li, l := range in.Lines {
		parts, err := Apportion(l.Total, shares)
		if err != nil {
			return p, err
		}
		for ui := range p.Units {
			a := parts[p.Units[ui].UnitID]
			p.Units[ui].Amounts[li] = a
			p.Units[ui].Total += a
			p.LineTotals[li] += a
		}
		p.Total += l.Total
	}
	for _, u := range p.Units {
		if u.Total > 0 {
			p.Invoices++
		}
	}
	return p, nil
}

// siteShares reads the units of the site's schedule id (0: its default)
// that a demand is shared among. Why they cannot be goes into f: a schedule
// that is not the site's or is archived under apField, shares that do not
// total 100% under sharesField.
func siteShares(ctx context.Context, q sqldb.Querier, siteID, id int64, site string, f errs.Fields, apField, sharesField string) (estate.Apportionment, []estate.ShareRow, error) {
	a, err := estate.ResolveApportionment(ctx, q, siteID, id)
	switch {
	case errs.Is(err, errs.NotFound) && id == 0:
		// A site gets its default schedule with its first unit.
		f.Add(sharesField, sharesProblem(site, estate.Apportionment{Default: true}, nil))
		return a, nil, nil
	case errs.Is(err, errs.NotFound):
		f.Add(apField, "Choose one of "+site+"'s apportionment schedules.")
		return a, nil, nil
	case err != nil:
		return a, nil, err
	case a.Archived():
		f.Add(apField, "The "+a.Name+" schedule is archived. Choose another, or restore it on the site's page.")
		return a, nil, nil
	}
	rows, err := estate.ApportionmentShares(ctx, q, a)
	if err != nil {
		return a, nil, err
	}
	units := estate.Members(rows)
	if msg := sharesProblem(site, a, units); msg != "" {
		f.Add(sharesField, msg)
	}
	return a, units, nil
}

// sharesProblem explains why the shares of a site's schedule cannot be
// apportioned, or returns "" when they total exactly 100%.
func sharesProblem(site string, a estate.Apportionment, units []estate.ShareRow) string {
	switch {
	case len(units) == 0 && a.Default:
		return site + " has no units to demand from. Add its units first."
	case len(units) == 0:
		return site + " has no units in its " + a.Name + " schedule to demand from. Give them their shares on the site's page first."
	}
	var sum int64
	var zero []string
	for _, u := range units {
		sum += u.SharePPM
		if u.SharePPM == 0 {
			zero = append(zero, u.Name)
		}
	}
	if sum == FullShare {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The %s shares of %s's units total %s, %s.", a.Name, site, estate.FormatSharePPM(sum), estate.ShareGap(sum))
	switch {
	case len(zero) == 1:
		fmt.Fprintf(&b, " %s has no share (0%%).", zero[0])
	case len(zero) > 1 && len(zero) <= 12:
		fmt.Fprintf(&b, " %s have no share (0%%).", joinAnd(zero))
	case len(zero) > 12:
		fmt.Fprintf(&b, " %s and %d more units have no share (0%%).", strings.Join(zero[:10], ", "), len(zero)-10)
	}
	b.WriteString(" Correct the units' shares so they total exactly 100%, then raise the demand.")
	return b.String()
}

// joinAnd lists names as "A, B and C".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// PostBulkDemand raises the bulk demand in tx: one invoice for every unit
// whose share comes to more than zero, with a line for each charge it pays
// part of. It recomputes the split rather than trusting a preview sent back
// by a form, so what is posted always matches the units' shares as they are
// now. Credit a unit already holds is applied to its new invoice.
func PostBulkDemand(ctx context.Context, tx *sql.Tx, now time.Time, siteID int64, in BulkInput, createdBy int64) ([]Invoice, error) {
	return postBulk(ctx, tx, now, siteID, in, createdBy, "", 0)
}

func postBulk(ctx context.Context, tx *sql.Tx, now time.Time, siteID int64, in BulkInput, createdBy int64, period string, scheduleID int64) ([]Invoice, error) {
	p, err := PreviewBulkDemand(ctx, tx, siteID, in)
	if err != nil {
		return nil, err
	}
	out := make([]Invoice, 0, p.Invoices)
	for _, u := range p.Units {
		if u.Total == 0 {
			continue
		}
		d := DemandInput{UnitID: u.UnitID, IssueDate: p.IssueDate, DueDate: p.DueDate, Period: period,
			ScheduleID: scheduleID, CreatedBy: createdBy, ApportionmentID: p.Apportionment.ID}
		for i, l := range p.Lines {
			if u.Amounts[i] > 0 {
				d.Lines = append(d.Lines, DemandLine{ChargeTypeID: l.ChargeTypeID, Description: l.Description, Amount: u.Amounts[i]})
			}
		}
		inv, err := RaiseDemand(ctx, tx, now, d)
		if err != nil {
			return nil, fmt.Errorf("demand on %s: %w", u.Name, err)
		}
		if err := ApplyCredit(ctx, tx, now, u.UnitID); err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, nil
}
