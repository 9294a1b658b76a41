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

// Budget is a site's budget for one service-charge year: what it sets
// aside under each budget head for each of the site's apportionment
// schedules.
type Budget struct {
	ID       int64
	PublicID string
	SiteID   int64
	SiteName string
	// SitePublicID is the site's public id, for links and loading it.
	SitePublicID string
	FirstDay     time.Time
	LastDay      time.Time
	Note         string
	ClosedAt     time.Time // zero until every schedule's year end is posted
	Lines        []BudgetLine
	Total        int64
}

// BudgetLine is what a budget sets aside under one head for one schedule.
type BudgetLine struct {
	Head            string
	ApportionmentID int64
	Amount          int64 // minor units, zero or more
}

// Year names the budget's year as people say it: "year to 31 December 2026".
func (b Budget) Year() string { return "year to " + b.LastDay.Format("2 January 2006") }

// Closed reports a budget whose year end has been posted for every schedule.
func (b Budget) Closed() bool { return !b.ClosedAt.IsZero() }

// Ended reports whether the budget's year is over on the day today.
func (b Budget) Ended(today time.Time) bool {
	return sqldb.FormatDate(today) > sqldb.FormatDate(b.LastDay)
}

// Amount is what the budget sets aside under head for the schedule.
func (b Budget) Amount(head string, apportionmentID int64) int64 {
	for _, l := range b.Lines {
		if l.Head == head && l.ApportionmentID == apportionmentID {
			return l.Amount
		}
	}
	return 0
}

// ScheduleTotal is what the budget sets aside for the schedule, all heads.
func (b Budget) ScheduleTotal(apportionmentID int64) int64 {
	var t int64
	for _, l := range b.Lines {
		if l.ApportionmentID == apportionmentID {
			t += l.Amount
		}
	}
	return t
}

// BudgetInput is the budget form. Year is the calendar year the
// service-charge year ends in (a budget's year is fixed once created);
// Lines with a zero amount are dropped.
type BudgetInput struct {
	Year  int
	Note  string
	Lines []BudgetLine
}

// BudgetLineField is the form field of the amount under head for the
// schedule, the key its messages are filed under.
func BudgetLineField(head string, a estate.Apportionment) string {
	return "amount." + head + "." + a.PublicID
}

// maxBudgetLine keeps a line within what Apportion can split.
const maxBudgetLine = 100_000_000_00

// checkLines validates the lines against the site's schedules into f and
// returns those with an amount, in head order.
func checkLines(f errs.Fields, lines []BudgetLine, aps []estate.Apportionment) []BudgetLine {
	byID := map[int64]estate.Apportionment{}
	for _, a := range aps {
		byID[a.ID] = a
	}
	seen := map[string]bool{}
	var out []BudgetLine
	for _, l := range lines {
		a, ok := byID[l.ApportionmentID]
		_, known := BudgetHeadOf(l.Head)
		switch {
		case !known:
			f.Add("lines", "One of the budget heads is not known. Reload the page and try again.")
			continue
		case !ok:
			f.Add("lines", "One of the schedules is not the site's. Reload the page and try again.")
			continue
		}
		key := BudgetLineField(l.Head, a)
		switch {
		case seen[key]:
			f.Add(key, "This amount is given twice.")
		case l.Amount < 0:
			f.Add(key, "Enter an amount of zero or more.")
		case l.Amount > maxBudgetLine:
			f.Add(key, "That amount is too large for one budget line.")
		case l.Amount > 0 && a.Archived():
			f.Add(key, "The "+a.Name+" schedule is archived. Restore it on the site's page, or budget under another.")
		case l.Amount > 0:
			out = append(out, l)
		}
		seen[key] = true
	}
	if len(f) == 0 && len(out) == 0 {
		f.Add("lines", "Enter an amount under at least one budget head.")
	}
	return out
}

// yearOf returns the first and last days of the site's service-charge
// year ending in the calendar year, or a message saying why there is none.
func yearOf(site estate.Site, year int) (first, last time.Time, msg string) {
	if site.YearEnd == "" {
		return first, last, site.Name + " has no service-charge year end. Set it on the site's page first."
	}
	if year < 2001 || year > 2098 {
		return first, last, "Enter the year the budget's year ends in, between 2001 and 2098."
	}
	var m, d int
	if _, err := fmt.Sscanf(site.YearEnd, "%d-%d", &m, &d); err != nil {
		return first, last, site.Name + "'s year end cannot be read. Set it again on the site's page."
	}
	last = time.Date(year, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if last.Day() != d { // 29 February in a common year: the 28th
		last = time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return last.AddDate(-1, 0, 1), last, ""
}

// CreateBudget records the site's budget for the year ending in in.Year.
// A site has one budget a year; it needs a year end, and only blocks have
// service-charge budgets. Field names: year, note, lines, and each line's
// BudgetLineField.
func CreateBudget(ctx context.Context, tx *sql.Tx, now time.Time, siteID int64, in BudgetInput, by int64) (Budget, error) {
	site, aps, err := siteAndSchedules(ctx, tx, siteID)
	if err != nil {
		return Budget{}, err
	}
	f := errs.Fields{}
	first, last, msg := yearOf(site, in.Year)
	switch {
	case !site.IsBlock():
		f.Add("site", site.Name+" is a lettings site: budgets are for blocks, whose residents pay service charges.")
	case msg != "":
		f.Add("year", msg)
	default:
		var other string
		err := tx.QueryRowContext(ctx, `SELECT public_id FROM budgets WHERE site_id = ? AND last_day >= ? AND first_day <= ?`,
			siteID, sqldb.FormatDate(first), sqldb.FormatDate(last)).Scan(&other)
		if err == nil {
			f.Add("year", site.Name+" already has a budget for the year to "+last.Format("2 January 2006")+".")
		} else if !errors.Is(err, sql.ErrNoRows) {
			return Budget{}, err
		}
	}
	in.Note = strings.TrimSpace(in.Note)
	f.Text("note", in.Note, 1000, "note", "")
	lines := checkLines(f, in.Lines, aps)
	if err := f.Err(); err != nil {
		return Budget{}, err
	}
	b := Budget{PublicID: sqldb.NewPublicID(), SiteID: siteID, SiteName: site.Name, FirstDay: first, LastDay: last,
		Note: in.Note}
	res, err := tx.ExecContext(ctx, `INSERT INTO budgets (public_id, site_id, first_day, last_day, note, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, b.PublicID, siteID, sqldb.FormatDate(first), sqldb.FormatDate(last), b.Note,
		nullID(by), sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Budget{}, fmt.Errorf("create budget: %w", err)
	}
	b.ID, _ = res.LastInsertId()
	if err := writeLines(ctx, tx, b.ID, lines); err != nil {
		return Budget{}, err
	}
	return getBudget(ctx, tx, `b.id = ?`, b.ID)
}

// UpdateBudget replaces the budget's note and lines (its year stays). Once
// a schedule's year end is posted the budget is settled and refused.
func UpdateBudget(ctx context.Context, tx *sql.Tx, now time.Time, b Budget, in BudgetInput) (Budget, error) {
	_, aps, err := siteAndSchedules(ctx, tx, b.SiteID)
	if err != nil {
		return Budget{}, err
	}
	f := errs.Fields{}
	var posted int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM budget_balancings WHERE budget_id = ?`, b.ID).Scan(&posted); err != nil {
		return Budget{}, err
	}
	if posted > 0 {
		f.Add("form", "The year end of this budget has been posted, so its amounts can no longer change.")
	}
	in.Note = strings.TrimSpace(in.Note)
	f.Text("note", in.Note, 1000, "note", "")
	lines := checkLines(f, in.Lines, aps)
	if err := f.Err(); err != nil {
		return Budget{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE budgets SET note = ?, updated_at = ? WHERE id = ?`,
		in.Note, sqldb.At(now), b.ID); err != nil {
		return Budget{}, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM budget_lines WHERE budget_id = ?`, b.ID); err != nil {
		return Budget{}, err
	}
	if err := writeLines(ctx, tx, b.ID, lines); err != nil {
		return Budget{}, err
	}
	return getBudget(ctx, tx, `b.id = ?`, b.ID)
}

func writeLines(ctx context.Context, tx *sql.Tx, budgetID int64, lines []BudgetLine) error {
	for _, l := range lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO budget_lines (budget_id, head, apportionment_id, amount) VALUES (?, ?, ?, ?)`,
			budgetID, l.Head, l.ApportionmentID, l.Amount); err != nil {
			return fmt.Errorf("budget line: %w", err)
		}
	}
	return nil
}

// siteAndSchedules reads a site and all its schedules, or NotFound.
func siteAndSchedules(ctx context.Context, q sqldb.Querier, siteID int64) (estate.Site, []estate.Apportionment, error) {
	var publicID string
	if err := q.QueryRowContext(ctx, `SELECT public_id FROM sites WHERE id = ?`, siteID).Scan(&publicID); err != nil {
		return estate.Site{}, nil, errs.E(errs.NotFound, "There is no such site.")
	}
	site, err := estate.GetSite(ctx, q, publicID)
	if err != nil {
		return site, nil, err
	}
	aps, err := estate.ListApportionments(ctx, q, siteID)
	return site, aps, err
}

const budgetColumns = `b.id, b.public_id, b.site_id, s.name, s.public_id, b.first_day, b.last_day, b.note, b.closed_at,
	(SELECT coalesce(sum(amount), 0) FROM budget_lines l WHERE l.budget_id = b.id)
	FROM budgets b JOIN sites s ON s.id = b.site_id`

func scanBudget(r sqldb.Scanner) (Budget, error) {
	var b Budget
	var first, last string
	err := r.Scan(&b.ID, &b.PublicID, &b.SiteID, &b.SiteName, &b.SitePublicID, &first, &last, &b.Note, sqldb.Into(&b.ClosedAt), &b.Total)
	b.FirstDay, b.LastDay = sqldb.ParseDate(first), sqldb.ParseDate(last)
	return b, err
}

// GetBudget returns the budget with the public id and its lines, or NotFound.
func GetBudget(ctx context.Context, q sqldb.Querier, publicID string) (Budget, error) {
	return getBudget(ctx, q, `b.public_id = ?`, publicID)
}

func getBudget(ctx context.Context, q sqldb.Querier, where string, arg any) (Budget, error) {
	b, err := scanBudget(q.QueryRowContext(ctx, `SELECT `+budgetColumns+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return b, errs.E(errs.NotFound, "There is no such budget.")
	} else if err != nil {
		return b, fmt.Errorf("get budget: %w", err)
	}
	b.Lines, err = sqldb.QueryAll(ctx, q, func(r sqldb.Scanner) (BudgetLine, error) {
		var l BudgetLine
		return l, r.Scan(&l.Head, &l.ApportionmentID, &l.Amount)
	}, `SELECT head, apportionment_id, amount FROM budget_lines WHERE budget_id = ? ORDER BY id`, b.ID)
	return b, err
}

// Budgets lists every budget with its total but not its lines (GetBudget
// reads those), newest year first within each site, the sites by name;
// siteID narrows them to one site (0: all).
func Budgets(ctx context.Context, q sqldb.Querier, siteID int64) ([]Budget, error) {
	return sqldb.QueryAll(ctx, q, scanBudget, `SELECT `+budgetColumns+` WHERE ? = 0 OR b.site_id = ?
		ORDER BY s.name, b.last_day DESC`, siteID, siteID)
}
