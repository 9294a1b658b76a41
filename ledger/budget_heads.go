package ledger

// BudgetHead is a heading a block's budget and its spending are kept
// under, as service-charge accounts show them to leaseholders.
type BudgetHead struct {
	Key   string
	Label string
	// Reserve marks the contribution to the reserve fund: it is set aside
	// rather than spent with a supplier, so the year's accounts count the
	// budgeted contribution as spent in full.
	Reserve bool
}

// BudgetHeads lists the heads in the order budgets and reports show them.
var BudgetHeads = []BudgetHead{
	{Key: "cleaning", Label: "Cleaning"},
	{Key: "gardening", Label: "Gardening and grounds"},
	{Key: "utilities", Label: "Electricity and water for common parts"},
	{Key: "insurance", Label: "Buildings insurance"},
	{Key: "repairs", Label: "Repairs and maintenance"},
	{Key: "lift", Label: "Lift maintenance"},
	{Key: "fire_safety", Label: "Fire safety and health and safety"},
	{Key: "professional", Label: "Accountancy and professional fees"},
	{Key: "management_fee", Label: "Management fee"},
	{Key: "other", Label: "Other costs"},
	{Key: "reserve_fund", Label: "Reserve fund contribution", Reserve: true},
}

// BudgetHeadOf returns the head with the key, and whether it is known.
func BudgetHeadOf(key string) (BudgetHead, bool) {
	for _, h := range BudgetHeads {
		if h.Key == key {
			return h, true
		}
	}
	return BudgetHead{}, false
}
