package estateimport

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"porch/estate"
	"porch/ledger"
)

// termColumns are the columns that state a lease's or a tenancy's terms.
var termColumns = []string{"lease_granted", "lease_years", "ground_rent", "rent", "rent_frequency", "deposit"}

// importTerms gives the row's lease or tenancy (the occupancy of its link)
// the terms the file states. A blank cell leaves that term as it is, so a
// file without terms never clears those typed on the unit page; a term of
// the other kind (rent on a leaseholder's row) is refused.
func importTerms(ctx context.Context, tx *sql.Tx, linkID int64, role string, m Mapping, row []string, r *RowPlan) error {
	stated := false
	for _, k := range termColumns {
		stated = stated || strings.TrimSpace(m.value(row, k)) != ""
	}
	if !stated {
		return nil
	}
	var occID int64
	if err := tx.QueryRowContext(ctx, `SELECT occupancy_id FROM occupancy_parties WHERE id = ?`, linkID).Scan(&occID); err != nil {
		return rowError(r, err)
	}
	o, err := estate.GetOccupancyByID(ctx, tx, occID)
	if err != nil {
		return rowError(r, err)
	}
	t := o.Terms
	cell := func(k string) string { return strings.TrimSpace(m.value(row, k)) }
	lease := cell("lease_granted") != "" || cell("lease_years") != "" || cell("ground_rent") != ""
	tenancy := cell("rent") != "" || cell("rent_frequency") != "" || cell("deposit") != ""
	switch {
	case lease && role != estate.RoleLeaseholder:
		r.Problems = append(r.Problems, "Lease terms: only a leaseholder's row has a lease term and ground rent.")
		return nil
	case tenancy && role != estate.RoleTenant:
		r.Problems = append(r.Problems, "Rent: only a tenant's row has a rent and deposit.")
		return nil
	}
	if s := cell("lease_granted"); s != "" {
		d, ok := parseDate(s)
		if !ok {
			r.Problems = append(r.Problems, "Lease granted: enter the date the lease term began, for example 2004-06-24 or 24/06/2004.")
			return nil
		}
		t.LeaseStart = &d
	}
	if s := cell("lease_years"); s != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(s, "years"), " "))
		if err != nil {
			r.Problems = append(r.Problems, "Lease term: enter the length of the lease in whole years, for example 125.")
			return nil
		}
		t.LeaseYears = n
	}
	for _, a := range []struct {
		key, label string
		to         *int64
	}{{"ground_rent", "Ground rent", &t.GroundRent}, {"rent", "Rent", &t.Rent}, {"deposit", "Deposit", &t.Deposit}} {
		if s := cell(a.key); s != "" {
			p, err := ledger.ParseAmount(s)
			if err != nil {
				return problems(r, a.label, err)
			}
			*a.to = p
		}
	}
	if s := strings.ToLower(cell("rent_frequency")); s != "" {
		t.RentFrequency = rentFrequencies[s]
		if t.RentFrequency == "" {
			r.Problems = append(r.Problems, "Rent due: say weekly, monthly, quarterly or yearly.")
			return nil
		}
	} else if t.Rent > 0 && t.RentFrequency == "" {
		t.RentFrequency = estate.RentMonthly // UK lettings quote rent per calendar month
	}
	changes, err := estate.UpdateTerms(ctx, tx, occID, t)
	if err != nil {
		return problems(r, "Terms", err)
	}
	if len(changes) > 0 && r.LinkDoes == Unchanged {
		r.LinkDoes = Update
	}
	return nil
}

// rentFrequencies reads how often rent is due as spreadsheets write it.
var rentFrequencies = map[string]string{
	"weekly": estate.RentWeekly, "week": estate.RentWeekly, "pw": estate.RentWeekly, "per week": estate.RentWeekly,
	"monthly": estate.RentMonthly, "month": estate.RentMonthly, "pcm": estate.RentMonthly, "per month": estate.RentMonthly,
	"quarterly": estate.RentQuarterly, "quarter": estate.RentQuarterly,
	"yearly": estate.RentYearly, "annually": estate.RentYearly, "annual": estate.RentYearly, "pa": estate.RentYearly,
}
