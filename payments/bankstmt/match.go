package bankstmt

import (
	"slices"
	"time"
)

// Kind is what a Candidate is in the ledger.
type Kind string

// The kinds of candidate the ledger offers for matching.
const (
	KindReceipt         Kind = "receipt"          // money received, such as a bank transfer from a resident
	KindPayout          Kind = "payout"           // a provider's payout (Stripe, GoCardless) into the account
	KindSupplierPayment Kind = "supplier_payment" // money paid out to a supplier
)

// Candidate is something the ledger expects to see on the statement.
type Candidate struct {
	Kind Kind
	ID   int64 // the ledger's id for it; (Kind, ID) identifies it
	Date time.Time
	// Amount is in pence, signed as the statement line would be: positive
	// for money in (receipts, provider payouts), negative for money out
	// (supplier payments, payouts to landlords).
	Amount int64
	// References are the texts that may appear on the line: invoice
	// numbers ("INV-000123", "123"), unit names ("Flat 3"), the payer's
	// reference, a provider's payout id.
	References []string
}

// DefaultDateWindow is how many days either side of a candidate's date a
// line may fall and still match it.
const DefaultDateWindow = 5

// Options tune Match.
type Options struct {
	// DateWindow is the days either side; 0 means DefaultDateWindow and a
	// negative value means the same day only.
	DateWindow int
}

// Pair is one automatic match: lines[Line] is candidates[Candidate].
type Pair struct {
	Line, Candidate int
	ByReference     bool // a reference of the candidate appears on the line
	Days            int  // line date minus candidate date, in days
}

// Unmatched is a line left for manual matching, with the candidates that
// could be it (same amount, in the window, not matched to another line),
// best first.
type Unmatched struct {
	Line        int
	Suggestions []int
	// Ambiguous is set when the line had equally good candidates, or its
	// candidate had equally good lines, so Match declined to choose.
	Ambiguous bool
}

// Result is what Match found. Both lists are in line order.
type Result struct {
	Pairs     []Pair
	Unmatched []Unmatched
}

// Match pairs statement lines with candidates. A line and a candidate can
// only pair when their amounts are exactly equal (non-zero) and their dates
// are within the window. Among those, a reference hit beats none, then
// the nearer date beats the further. Pairs are made best first: when a
// line's best remaining option is a candidate whose best remaining option
// is that line, and neither has another option just as good, they pair.
// When there is a tie, every line and candidate in it is left unmatched
// rather than guessed, and is not offered a worse match either (the worse
// match might well be some other line's). Each line and each candidate is
// used at most once, and the same input always gives the same result.
func Match(lines []Line, candidates []Candidate, opts Options) Result {
	window := opts.DateWindow
	switch {
	case window == 0:
		window = DefaultDateWindow
	case window < 0:
		window = 0
	}

	byAmount := map[int64][]int{}
	for j, c := range candidates {
		if c.Amount != 0 {
			byAmount[c.Amount] = append(byAmount[c.Amount], j)
		}
	}
	patterns := make([][]refPattern, len(candidates))
	for j, c := range candidates {
		for _, r := range c.References {
			if p, ok := newRefPattern(r); ok {
				patterns[j] = append(patterns[j], p)
			}
		}
	}

	// An edge is a possible pairing; its tier orders it: reference hits
	// first, then by distance in days.
	type edge struct {
		line, cand, days, tier int
		ref                    bool
	}
	var edges []edge
	for i, l := range lines {
		js := byAmount[l.Amount]
		if l.Amount == 0 || len(js) == 0 {
			continue
		}
		toks := lineTokens(l)
		for _, j := range js {
			days := daysBetween(candidates[j].Date, l.Date)
			if abs(days) > window {
				continue
			}
			ref := false
			for _, p := range patterns[j] {
				if p.hits(toks) {
					ref = true
					break
				}
			}
			tier := abs(days)
			if !ref {
				tier += window + 1
			}
			edges = append(edges, edge{line: i, cand: j, days: days, tier: tier, ref: ref})
		}
	}
	slices.SortFunc(edges, func(a, b edge) int {
		if a.tier != b.tier {
			return a.tier - b.tier
		}
		if a.line != b.line {
			return a.line - b.line
		}
		return a.cand - b.cand
	})

	lineDone := make([]bool, len(lines)) // matched or held back by a tie
	candDone := make([]bool, len(candidates))
	lineTied := make([]bool, len(lines))
	candMatched := make([]bool, len(candidates))
	var pairs []Pair
	for start := 0; start < len(edges); {
		end := start
		for end < len(edges) && edges[end].tier == edges[start].tier {
			end++
		}
		// Options at this tier among what is still free; anything better
		// has been settled already.
		var live []edge
		lineDeg, candDeg := map[int]int{}, map[int]int{}
		for _, e := range edges[start:end] {
			if lineDone[e.line] || candDone[e.cand] {
				continue
			}
			live = append(live, e)
			lineDeg[e.line]++
			candDeg[e.cand]++
		}
		for _, e := range live {
			if lineDeg[e.line] == 1 && candDeg[e.cand] == 1 {
				pairs = append(pairs, Pair{Line: e.line, Candidate: e.cand, ByReference: e.ref, Days: e.days})
				candMatched[e.cand] = true
			} else {
				lineTied[e.line] = true
			}
		}
		for _, e := range live {
			lineDone[e.line] = true
			candDone[e.cand] = true
		}
		start = end
	}
	slices.SortFunc(pairs, func(a, b Pair) int { return a.Line - b.Line })

	matchedLine := make([]bool, len(lines))
	for _, p := range pairs {
		matchedLine[p.Line] = true
	}
	res := Result{Pairs: pairs}
	suggestions := make(map[int][]int)
	for _, e := range edges { // already best first
		if !matchedLine[e.line] && !candMatched[e.cand] {
			suggestions[e.line] = append(suggestions[e.line], e.cand)
		}
	}
	for i := range lines {
		if !matchedLine[i] {
			res.Unmatched = append(res.Unmatched, Unmatched{Line: i, Suggestions: suggestions[i], Ambiguous: lineTied[i]})
		}
	}
	return res
}

// daysBetween is the whole calendar days from a to b, each taken as the
// date in its own location.
func daysBetween(a, b time.Time) int {
	return int(dateOnly(b).Sub(dateOnly(a)) / (24 * time.Hour))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
