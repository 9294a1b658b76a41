package ledger

import (
	"cmp"
	"context"
	"math/bits"
	"slices"

	"porch/sqldb"
)

// A statement's breakdown by charge type adds up to its balance: what each
// charge demanded, less what credit notes took off it, less the part of
// every payment that paid it. A payment carries no charge type of its own;
// the invoices it was allocated to say what it paid, and each allocation is
// spread over its invoice's lines in proportion to their amounts. Whatever
// of a payment no invoice has taken yet is shown as unallocated credit.

// UnallocatedCredit names the breakdown's row of payments (and their
// reversals) not yet matched to an invoice.
const UnallocatedCredit = "Unallocated credit"

// Net is the row's part of the balance: demanded less credited and paid.
func (c ChargeTotal) Net() int64 { return c.Demanded - c.Credited - c.Paid }

// chargeSum is one row of the breakdown as it is built, keyed by charge
// type id (0: unallocated credit).
type chargeSum struct {
	id int64
	ChargeTotal
}

// byCharge builds the rows of a breakdown, in the order a statement shows
// them: by charge name, then unallocated credit last.
type byCharge struct {
	rows []chargeSum
	at   map[int64]int
}

func (b *byCharge) row(id int64, name string) *ChargeTotal {
	if b.at == nil {
		b.at = map[int64]int{}
	}
	i, ok := b.at[id]
	if !ok {
		if id == 0 {
			name = UnallocatedCredit
		}
		i = len(b.rows)
		b.at[id] = i
		b.rows = append(b.rows, chargeSum{id: id, ChargeTotal: ChargeTotal{ChargeType: name}})
	}
	return &b.rows[i].ChargeTotal
}

// posting counts a debtor posting with a charge type: positive demands,
// negative credits.
func (b *byCharge) posting(id int64, name string, amount int64) {
	r := b.row(id, name)
	if amount > 0 {
		r.Demanded += amount
	} else {
		r.Credited -= amount
	}
}

// totals are the rows, named charges by name and unallocated credit last.
func (b *byCharge) totals() []ChargeTotal {
	slices.SortFunc(b.rows, func(x, y chargeSum) int {
		if (x.id == 0) != (y.id == 0) {
			if x.id == 0 {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(x.ChargeType, y.ChargeType); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	})
	out := make([]ChargeTotal, len(b.rows))
	for i, r := range b.rows {
		out[i] = r.ChargeTotal
	}
	return out
}

// invoiceLineShare is one line of an invoice as payments are spread over
// it.
type invoiceLineShare struct {
	charge int64
	name   string
	amount int64
}

// payments spreads the debtor postings without a charge type (payments
// and their reversals), net by journal, over the charges they paid. A
// journal that reduced the balance pays the lines of the invoices it is
// allocated to; the rest of it, and anything that raised the balance, is
// unallocated credit.
func (b *byCharge) payments(ctx context.Context, q sqldb.Querier, unitID int64, free map[int64]int64) error {
	paying := false
	for j, amount := range free {
		if amount > 0 {
			b.row(0, "").Demanded += amount
			delete(free, j)
		} else if amount < 0 {
			paying = true
		}
	}
	if !paying {
		return nil
	}
	allocs, err := netAllocations(ctx, q, unitID, free)
	if err != nil {
		return err
	}
	lines, err := invoiceLineShares(ctx, q, unitID, allocs)
	if err != nil {
		return err
	}
	journals := make([]int64, 0, len(free))
	for j := range free {
		journals = append(journals, j)
	}
	slices.Sort(journals)
	for _, j := range journals {
		paid := -free[j]
		if paid == 0 {
			continue
		}
		as := allocs[j]
		weights := make([]int64, len(as))
		for i, a := range as {
			weights[i] = a.amount
		}
		// Never more than the payment: its allocations are capped at it
		// when made, but a statement narrowed to one account must add up
		// whatever the history.
		parts := weights
		if sum := sumOf(weights); sum > paid {
			parts = splitPennies(paid, weights)
		}
		for i, a := range as {
			ls := lines[a.invoice]
			lw := make([]int64, len(ls))
			for k, l := range ls {
				lw[k] = l.amount
			}
			if len(ls) == 0 {
				continue // an invoice without lines: its part stays unallocated
			}
			for k, p := range splitPennies(parts[i], lw) {
				b.row(ls[k].charge, ls[k].name).Paid += p
				paid -= p
			}
		}
		if paid != 0 {
			b.row(0, "").Paid += paid
		}
	}
	return nil
}

// allocation is a journal's net allocation to one invoice.
type allocation struct{ invoice, amount int64 }

// netAllocations returns the positive net allocations of the journals in
// free to the unit's invoices, by journal, in invoice order. A reversal's
// take-back nets against what it undid.
func netAllocations(ctx context.Context, q sqldb.Querier, unitID int64, free map[int64]int64) (map[int64][]allocation, error) {
	paying := make([]int64, 0, len(free))
	for j, amount := range free {
		if amount < 0 {
			paying = append(paying, j)
		}
	}
	// Only the period's paying journals, from their index: a statement of
	// one year reads that year's allocations, not the account's history
	// (the + keeps SQLite from starting at the unit's every invoice).
	rows, err := q.QueryContext(ctx, `SELECT al.journal_id, al.invoice_id, sum(al.amount) FROM allocations al
		JOIN invoices i ON i.id = al.invoice_id
		WHERE al.journal_id IN (SELECT value FROM json_each(?)) AND +i.unit_id = ?
		GROUP BY al.journal_id, al.invoice_id HAVING sum(al.amount) > 0 ORDER BY al.journal_id, al.invoice_id`,
		sqldb.IDList(paying), unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]allocation{}
	for rows.Next() {
		var j int64
		var a allocation
		if err := rows.Scan(&j, &a.invoice, &a.amount); err != nil {
			return nil, err
		}
		if free[j] < 0 {
			out[j] = append(out[j], a)
		}
	}
	return out, rows.Err()
}

// invoiceLineShares returns the lines of the unit's invoices that the
// allocations name, by invoice, in line order.
func invoiceLineShares(ctx context.Context, q sqldb.Querier, unitID int64, allocs map[int64][]allocation) (map[int64][]invoiceLineShare, error) {
	want := map[int64]bool{}
	var ids []int64
	for _, as := range allocs {
		for _, a := range as {
			if !want[a.invoice] {
				want[a.invoice] = true
				ids = append(ids, a.invoice)
			}
		}
	}
	out := map[int64][]invoiceLineShare{}
	if len(want) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT l.invoice_id, l.charge_type_id, c.name, l.amount FROM invoice_lines l
		JOIN invoices i ON i.id = l.invoice_id JOIN charge_types c ON c.id = l.charge_type_id
		WHERE l.invoice_id IN (SELECT value FROM json_each(?)) AND +i.unit_id = ? ORDER BY l.invoice_id, l.id`,
		sqldb.IDList(ids), unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var inv int64
		var l invoiceLineShare
		if err := rows.Scan(&inv, &l.charge, &l.name, &l.amount); err != nil {
			return nil, err
		}
		if want[inv] {
			out[inv] = append(out[inv], l)
		}
	}
	return out, rows.Err()
}

func sumOf(xs []int64) int64 {
	var n int64
	for _, x := range xs {
		n += x
	}
	return n
}

// splitPennies divides total (not negative) in proportion to the positive
// weights, in whole pennies that add up to exactly total: each part is the
// floor of its exact share, and the pennies left go one each to the
// largest remainders, ties to the earlier weight.
func splitPennies(total int64, weights []int64) []int64 {
	out := make([]int64, len(weights))
	sum := sumOf(weights)
	if total <= 0 || sum <= 0 {
		return out
	}
	// Whole multiples of the weights first, so the rest is below their
	// sum and each share of it fits 64 bits.
	whole := total / sum
	rem := make([]uint64, len(weights))
	left := total
	for i, w := range weights {
		hi, lo := bits.Mul64(uint64(total%sum), uint64(w))
		q, r := bits.Div64(hi, lo, uint64(sum))
		out[i], rem[i] = whole*w+int64(q), r
		left -= out[i]
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
	for i := 0; left > 0; i++ {
		out[order[i]]++
		left--
	}
	return out
}
