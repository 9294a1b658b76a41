package auth

import (
	"cmp"
	"context"
	"slices"
	"time"

	"porch/estate"
	"porch/ledger"
	"porch/sqldb"
)

// Which homes' accounts a person may read, and for which dates: the one
// place that decides it for the money screens, their downloads and the
// pay pages.

// Span is a period of dates a person was linked to a unit, inclusive; a
// zero To is open-ended.
type Span struct{ From, To time.Time }

// Covers reports whether the day d falls in the period.
func (p Span) Covers(d time.Time) bool {
	return !d.Before(p.From) && (p.To.IsZero() || !d.After(p.To))
}

// MoneyUnit is a unit whose account the person may read, and the periods
// of it they may read.
type MoneyUnit struct {
	ID       int64
	PublicID string
	Name     string
	SiteName string
	SiteKind string
	Roles    []string
	Spans    []Span // sorted, merged
	Current  bool   // a period covers today
	// Accounts are the person's own leases or tenancies of the unit that
	// pay its charges: their statement is those accounts' alone. None for
	// a leaseholder of a flat whose charges another occupancy pays, who
	// reads the unit's account over their periods.
	Accounts []int64
}

// Reads reports whether an entry (an invoice, a receipt) charged to the
// account occupancy and dated d is the person's to read: a leaseholder or
// tenant reads what is on their own accounts, whatever its date (a
// seller's late payment included); anyone else reads the unit's entries
// dated within their periods.
func (u MoneyUnit) Reads(occupancy int64, d time.Time) bool {
	if len(u.Accounts) > 0 {
		return slices.Contains(u.Accounts, occupancy)
	}
	return u.Covers(d)
}

// Debtor is the account of the unit the person reads and pays.
func (u MoneyUnit) Debtor() ledger.Debtor {
	return ledger.Debtor{UnitID: u.ID, Occupancies: u.Accounts}
}

// First is the first day the person may read; Last the last (zero: open).
func (u MoneyUnit) First() time.Time { return u.Spans[0].From }
func (u MoneyUnit) Last() time.Time  { return u.Spans[len(u.Spans)-1].To }

// Covers reports whether an entry dated d falls in the person's periods.
func (u MoneyUnit) Covers(d time.Time) bool {
	for _, p := range u.Spans {
		if p.Covers(d) {
			return true
		}
	}
	return false
}

// SeesMoney reports whether a link lets its person read the unit's
// account as their own: leaseholders do, and tenants of let homes (who
// pay the rent); occupiers do not, nor a tenant in a block, whose unit's
// account is the leaseholder's service charge, nor an owner, whose
// tenant's account it is: a landlord sees the rent their tenant owes in
// the owner portal, with no way to pay it.
func SeesMoney(l estate.PersonUnit) bool {
	switch l.Role {
	case estate.RoleLeaseholder:
		return true
	case estate.RoleTenant:
		return l.SiteKind == estate.KindLettings
	}
	return false
}

// MoneyUnitsOf folds a person's links into one MoneyUnit per unit whose
// account they may read, in the order of the links.
func MoneyUnitsOf(links []estate.PersonUnit, today time.Time) []MoneyUnit {
	var out []MoneyUnit
	at := map[int64]int{}
	for _, l := range links {
		if !SeesMoney(l) {
			continue
		}
		i, ok := at[l.UnitID]
		if !ok {
			i = len(out)
			at[l.UnitID] = i
			out = append(out, MoneyUnit{ID: l.UnitID, PublicID: l.UnitPublicID, Name: l.UnitName,
				SiteName: l.SiteName, SiteKind: l.SiteKind})
		}
		u := &out[i]
		if !slices.Contains(u.Roles, l.Role) {
			u.Roles = append(u.Roles, l.Role)
		}
		if estate.Billable(l.Role, l.SiteKind) && !slices.Contains(u.Accounts, l.OccupancyID) {
			u.Accounts = append(u.Accounts, l.OccupancyID)
		}
		p := Span{From: l.Start}
		if l.End != nil {
			p.To = *l.End
		}
		u.Spans = append(u.Spans, p)
	}
	for i := range out {
		out[i].Spans = mergeSpans(out[i].Spans)
		out[i].Current = out[i].Covers(today)
	}
	return out
}

// mergeSpans sorts periods and joins those that overlap or touch.
func mergeSpans(ps []Span) []Span {
	slices.SortFunc(ps, func(a, b Span) int { return a.From.Compare(b.From) })
	out := ps[:1]
	for _, p := range ps[1:] {
		last := &out[len(out)-1]
		switch {
		case last.To.IsZero():
			// open-ended: covers everything after
		case !p.From.After(last.To.AddDate(0, 0, 1)):
			if p.To.IsZero() || p.To.After(last.To) {
				last.To = p.To
			}
		default:
			out = append(out, p)
		}
	}
	return out
}

// KindBroughtForward marks the line that carries a balance across a gap
// between a person's periods at a unit.
const KindBroughtForward = "brought-forward"

// BetweenPeriods names the breakdown's row of what the account moved
// while the person was not linked to the unit.
const BetweenPeriods = "Between your periods at this home"

// Statement is a unit's statement between from and to (zero: open)
// as the person may read it: only the entries dated within their periods
// at the unit, and for a leaseholder or tenant only those of their own
// accounts (a landlord reads the unit's). A gap between two periods is
// bridged by a "balance brought forward" line, so the running balance
// stays the account's. Entries on a leaseholder's or tenant's own
// account after they left (a late payment, say) extend their last
// period to the last of them. The result's From and To are the dates
// actually covered; To is never zero.
func Statement(ctx context.Context, q sqldb.Querier, u MoneyUnit, from, to, today time.Time) (ledger.Statement, error) {
	out := ledger.Statement{UnitID: u.ID, From: from, To: to}
	if last := u.Last(); len(u.Accounts) > 0 && !last.IsZero() {
		latest, err := ledger.LastEntry(ctx, q, u.Debtor())
		if err != nil {
			return out, err
		}
		if latest.After(last) {
			u.Spans = append(slices.Clone(u.Spans[:len(u.Spans)-1]), Span{From: u.Spans[len(u.Spans)-1].From, To: latest})
		}
	}
	first := true
	charges := map[string]int{}
	var between int64 // what the account moved between the person's periods
	for _, p := range u.Spans {
		lo, hi := p.From, p.To
		if from.After(lo) {
			lo = from
		}
		if !to.IsZero() && (hi.IsZero() || to.Before(hi)) {
			hi = to
		}
		if !hi.IsZero() && hi.Before(lo) {
			continue
		}
		st, err := ledger.DebtorStatement(ctx, q, u.Debtor(), lo, hi)
		if err != nil {
			return out, err
		}
		if first {
			out.From, out.Opening = lo, st.Opening
			first = false
		} else if st.Opening != out.Closing {
			out.Lines = append(out.Lines, ledger.StatementLine{Date: lo, Kind: KindBroughtForward,
				Description: "Balance brought forward", Balance: st.Opening})
			between += st.Opening - out.Closing
		}
		out.Lines = append(out.Lines, st.Lines...)
		out.Demanded += st.Demanded
		out.Paid += st.Paid
		out.Closing = st.Closing
		out.To = hi
		for _, ct := range st.ByCharge {
			i, ok := charges[ct.ChargeType]
			if !ok {
				i = len(out.ByCharge)
				charges[ct.ChargeType] = i
				out.ByCharge = append(out.ByCharge, ledger.ChargeTotal{ChargeType: ct.ChargeType})
			}
			out.ByCharge[i].Demanded += ct.Demanded
			out.ByCharge[i].Credited += ct.Credited
			out.ByCharge[i].Paid += ct.Paid
		}
	}
	if between != 0 {
		// The breakdown adds up to the balance: the moves between the
		// periods are a row of their own.
		out.ByCharge = append(out.ByCharge, ledger.ChargeTotal{ChargeType: BetweenPeriods,
			Demanded: max(between, 0), Credited: max(-between, 0)})
	}
	// Unallocated credit stays last, whichever period brought it.
	slices.SortStableFunc(out.ByCharge, func(a, b ledger.ChargeTotal) int {
		return cmp.Compare(boolInt(a.ChargeType == ledger.UnallocatedCredit), boolInt(b.ChargeType == ledger.UnallocatedCredit))
	})
	if first {
		// None of the period is the person's: an empty statement.
		out.Opening, out.Closing = 0, 0
		if out.From.IsZero() {
			out.From = u.First()
		}
	}
	if out.To.IsZero() {
		out.To = today
		if n := len(out.Lines); n > 0 && out.Lines[n-1].Date.After(today) {
			out.To = out.Lines[n-1].Date
		}
	}
	return out, nil
}

// MoneyUnit returns the unit with that public id as the person may read
// its account, on the date today; NotFound when they were never linked to
// it, or only in a role that does not see its account.
func (s Scope) MoneyUnit(publicID string, today time.Time) (MoneyUnit, error) {
	links, err := s.StatementUnit(publicID)
	if err != nil {
		return MoneyUnit{}, err
	}
	if units := MoneyUnitsOf(links, today); len(units) == 1 {
		return units[0], nil
	}
	return MoneyUnit{}, notInScope
}

// MoneyUnitOf is MoneyUnit for the unit with the internal id, as an
// invoice, receipt or payment names it.
func (s Scope) MoneyUnitOf(unitID int64, today time.Time) (MoneyUnit, error) {
	for _, l := range s.History {
		if l.UnitID == unitID {
			return s.MoneyUnit(l.UnitPublicID, today)
		}
	}
	return MoneyUnit{}, notInScope
}

// ReadableMoneyUnits are the units whose accounts the person may read on
// the date today: current ones and those they have left, not those they
// join later.
func (s Scope) ReadableMoneyUnits(today time.Time) []MoneyUnit {
	var out []MoneyUnit
	for _, u := range MoneyUnitsOf(s.History, today) {
		if !u.First().After(today) {
			out = append(out, u)
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
