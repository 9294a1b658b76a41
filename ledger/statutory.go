package ledger

import (
	"context"
	"fmt"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// A demand for a service charge must be accompanied by the prescribed
// summary of the tenant's rights and obligations (Landlord and Tenant Act
// 1985, s21B), and one for an administration charge by its own summary
// (Commonhold and Leasehold Reform Act 2002, Sch 11 para 4); without it
// the charge is not payable. Ground rent under a long lease is payable
// only on a notice in the prescribed form (CLRA 2002 s166), which carries
// prescribed notes for leaseholders and must give 30 to 60 days. The
// wording is prescribed separately for England and for Wales, and the
// organisation supplies it (estate.DemandSummary).

// Summary is a prescribed text a demand is sent with: a summary of
// rights, or (Kind ground_rent) the notes of the rent notice.
type Summary struct {
	Kind  string
	Title string
	Text  string
}

var summaryTitles = map[string]string{
	estate.SummaryServiceCharge: "Service Charges – Summary of tenants' rights and obligations",
	estate.SummaryAdminCharge:   "Administration Charges – Summary of tenants' rights and obligations",
	estate.SummaryGroundRent:    "Notes for leaseholders",
}

var summaryLaw = map[string]string{
	estate.SummaryServiceCharge: "Demands for service charges must be sent with the summary of tenants' rights and obligations (Landlord and Tenant Act 1985, section 21B)",
	estate.SummaryAdminCharge:   "Demands for administration charges must be sent with the summary of tenants' rights and obligations (Commonhold and Leasehold Reform Act 2002, schedule 11)",
	estate.SummaryGroundRent:    "Ground rent is payable only on a notice in the prescribed form, with its notes for leaseholders (Commonhold and Leasehold Reform Act 2002, section 166)",
}

// The days a ground rent notice must give: the date it names may be no
// fewer than 30 and no more than 60 days after it is given (s166(3)).
const (
	RentNoticeMinDays = 30
	RentNoticeMaxDays = 60
)

// blockLaw says whether the unit is on a block, whose demands the
// statutes govern, and the nation whose wording they take.
func blockLaw(ctx context.Context, q sqldb.Querier, unitID int64) (bool, string, error) {
	var siteKind, nation string
	if err := q.QueryRowContext(ctx, `SELECT s.kind, s.nation FROM units u JOIN sites s ON s.id = u.site_id WHERE u.id = ?`,
		unitID).Scan(&siteKind, &nation); err != nil {
		return false, "", fmt.Errorf("site of unit: %w", err)
	}
	return siteKind == estate.KindBlock, nation, nil
}

// DemandSummaries returns the prescribed texts a demand of the unit for
// charges of these kinds must carry, in a fixed order: none for a
// lettings unit (rent under a tenancy is neither a service charge nor a
// long lease's ground rent). A text the organisation has not supplied
// refuses the demand, naming what to add and where, so that no demand
// that cannot be enforced is ever issued.
func DemandSummaries(ctx context.Context, q sqldb.Querier, unitID int64, kinds map[string]bool) ([]Summary, error) {
	if !kinds[ChargeServiceCharge] && !kinds[ChargeAdminCharge] && !kinds[ChargeGroundRent] {
		return nil, nil
	}
	block, nation, err := blockLaw(ctx, q, unitID)
	if err != nil || !block {
		return nil, err
	}
	var out []Summary
	for _, kind := range estate.SummaryKinds {
		if !kinds[kind] {
			continue
		}
		text, err := estate.DemandSummary(ctx, q, kind, nation)
		if err != nil {
			return nil, err
		}
		if text == "" {
			place := map[string]string{estate.NationEngland: "England", estate.NationWales: "Wales"}[nation]
			return nil, errs.Fields{"lines": summaryLaw[kind] + ". Add the " + place +
				" wording under Settings → Demand summaries, then raise this demand."}.Err()
		}
		out = append(out, Summary{Kind: kind, Title: summaryTitles[kind], Text: text})
	}
	return out, nil
}

// CheckDemand refuses, as RaiseDemand would, a demand of the unit for
// these lines that the law would not let be enforced: a summary or the
// ground rent notes not supplied, or ground rent not due 30 to 60 days
// after issue. Previews call it, so the refusal comes before the post.
func CheckDemand(ctx context.Context, q sqldb.Querier, unitID int64, lines []DemandLine, issue, due time.Time) error {
	kinds := map[string]bool{}
	for _, l := range lines {
		ct, err := ChargeTypeByID(ctx, q, l.ChargeTypeID)
		if errs.Is(err, errs.NotFound) {
			continue // the form says so on its own row
		} else if err != nil {
			return err
		}
		kinds[ct.Kind] = true
	}
	return checkDemandLaw(ctx, q, unitID, kinds, issue, due)
}

// checkDemandLaw is CheckDemand on the kinds of charge demanded.
func checkDemandLaw(ctx context.Context, q sqldb.Querier, unitID int64, kinds map[string]bool, issue, due time.Time) error {
	if _, err := DemandSummaries(ctx, q, unitID, kinds); err != nil {
		return err
	}
	return checkRentNotice(ctx, q, unitID, kinds, issue, due)
}

// checkRentNotice refuses a ground rent demand on a block whose due date
// is not 30 to 60 days after its issue date, naming the dates allowed.
func checkRentNotice(ctx context.Context, q sqldb.Querier, unitID int64, kinds map[string]bool, issue, due time.Time) error {
	if !kinds[ChargeGroundRent] {
		return nil
	}
	block, _, err := blockLaw(ctx, q, unitID)
	if err != nil || !block {
		return err
	}
	first, last := issue.AddDate(0, 0, RentNoticeMinDays), issue.AddDate(0, 0, RentNoticeMaxDays)
	if due.Before(first) || due.After(last) {
		return errs.Fields{"due_date": fmt.Sprintf("A leaseholder is liable for ground rent only on a date %d to %d days after the notice "+
			"(Commonhold and Leasehold Reform Act 2002, section 166). For a demand issued on %s, make it due between %s and %s.",
			RentNoticeMinDays, RentNoticeMaxDays, issue.Format("2 January 2006"), first.Format("2 January 2006"), last.Format("2 January 2006"))}.Err()
	}
	return nil
}

// checkScheduleRentNotice adds to f a refusal of a ground rent schedule
// on a block whose days to pay are not 30 to 60, as each of its demands
// would be refused.
func checkScheduleRentNotice(ctx context.Context, q sqldb.Querier, in ScheduleInput, ct ChargeType, f errs.Fields) error {
	if ct.Kind != ChargeGroundRent || (in.DueDays >= RentNoticeMinDays && in.DueDays <= RentNoticeMaxDays) {
		return nil
	}
	block, err := scheduleOnBlock(ctx, q, in)
	if err != nil || !block {
		return err
	}
	f.Add("due_days", fmt.Sprintf("A leaseholder is liable for ground rent only %d to %d days after its notice "+
		"(Commonhold and Leasehold Reform Act 2002, section 166): give %d to %d days to pay.",
		RentNoticeMinDays, RentNoticeMaxDays, RentNoticeMinDays, RentNoticeMaxDays))
	return nil
}

// scheduleOnBlock says whether the schedule's site, or its unit's, is a
// block.
func scheduleOnBlock(ctx context.Context, q sqldb.Querier, in ScheduleInput) (bool, error) {
	if in.SiteID == 0 {
		block, _, err := blockLaw(ctx, q, in.UnitID)
		return block, err
	}
	var kind string
	err := q.QueryRowContext(ctx, `SELECT kind FROM sites WHERE id = ?`, in.SiteID).Scan(&kind)
	return kind == estate.KindBlock, err
}
