package ledger

import (
	"context"
	"fmt"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// A demand for a service charge must be accompanied by the prescribed
// summary of the tenant's rights and obligations (Landlord and Tenant Act
// 1985, s21B), and one for an administration charge by its own summary
// (Commons and Leasehold Reform Act 2002, Sch 11 para 4); without it the
// charge is not payable. The wording is prescribed separately for England
// and for Wales, and the organisation supplies it (estate.DemandSummary).

// Summary is a prescribed summary a demand is sent with.
type Summary struct {
	Title string
	Text  string
}

var summaryTitles = map[string]string{
	estate.SummaryServiceCharge: "Service Charges – Summary of tenants' rights and obligations",
	estate.SummaryAdminCharge:   "Administration Charges – Summary of tenants' rights and obligations",
}

var summaryLaw = map[string]string{
	estate.SummaryServiceCharge: "Demands for service charges must be sent with the summary of tenants' rights and obligations (Landlord and Tenant Act 1985, section 21B)",
	estate.SummaryAdminCharge:   "Demands for administration charges must be sent with the summary of tenants' rights and obligations (Commons and Leasehold Reform Act 2002, schedule 11)",
}

// DemandSummaries returns the summaries a demand of the unit for charges
// of these kinds must carry, in a fixed order: none for a lettings unit
// (rent is not a service charge). A summary the organisation has not
// supplied refuses the demand, naming what to add and where, so that no
// demand that cannot be enforced is ever issued.
func DemandSummaries(ctx context.Context, q sqldb.Querier, unitID int64, kinds map[string]bool) ([]Summary, error) {
	if !kinds[ChargeServiceCharge] && !kinds[ChargeAdminCharge] {
		return nil, nil
	}
	var siteKind, nation string
	if err := q.QueryRowContext(ctx, `SELECT s.kind, s.nation FROM units u JOIN sites s ON s.id = u.site_id WHERE u.id = ?`,
		unitID).Scan(&siteKind, &nation); err != nil {
		return nil, fmt.Errorf("site of unit: %w", err)
	}
	if siteKind != estate.KindBlock {
		return nil, nil
	}
	var out []Summary
	for _, kind := range []string{ChargeServiceCharge, ChargeAdminCharge} {
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
				" summary under Settings → Demand summaries, then raise this demand."}.Err()
		}
		out = append(out, Summary{Title: summaryTitles[kind], Text: text})
	}
	return out, nil
}
