package ledger

import "porch/errs"

// CostCategory is what a landlord's fee or expense was for. Each falls under
// one of the headings of HMRC's UK property pages, so a landlord's annual
// summary can be copied into their tax return.
type CostCategory struct {
	Key     string
	Label   string
	Kind    string // KindFee or KindExpense: which entries may use it
	Heading string // the tax return's heading it is added to
}

// The tax return's headings for allowable property expenses.
const (
	HeadingRates        = "Rent, rates, insurance and ground rents"
	HeadingRepairs      = "Property repairs and maintenance"
	HeadingProfessional = "Legal, management and other professional fees"
	HeadingServices     = "Costs of services provided, including wages"
	HeadingOther        = "Other allowable property expenses"
)

// CostCategories lists the categories, fees first, in the order forms
// offer them.
var CostCategories = []CostCategory{
	{"management_fee", "Management fee", KindFee, HeadingProfessional},
	{"letting_fee", "Letting and tenant-find fee", KindFee, HeadingProfessional},
	{"renewal_fee", "Tenancy renewal fee", KindFee, HeadingProfessional},
	{"inventory_fee", "Inventory, check-in and check-out fee", KindFee, HeadingProfessional},
	{"other_fee", "Other fee", KindFee, HeadingProfessional},
	{"repairs", "Repairs and maintenance", KindExpense, HeadingRepairs},
	{"safety", "Safety checks and certificates", KindExpense, HeadingRepairs},
	{"insurance", "Insurance, ground rent and service charges", KindExpense, HeadingRates},
	{"utilities", "Utilities and council tax", KindExpense, HeadingServices},
	{"cleaning", "Cleaning and gardening", KindExpense, HeadingServices},
	{"legal", "Legal and professional costs", KindExpense, HeadingProfessional},
	{"other_expense", "Other expense", KindExpense, HeadingOther},
}

// CostCategoriesFor lists the categories a fee (KindFee) or an expense
// (KindExpense) may have.
func CostCategoriesFor(kind string) []CostCategory {
	var out []CostCategory
	for _, c := range CostCategories {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

// CostCategoryOf returns the category with the key; for "" (an entry made
// before categories were recorded) the kind's "other" category.
func CostCategoryOf(kind, key string) CostCategory {
	if key == "" {
		key = "other_expense"
		if kind == KindFee {
			key = "other_fee"
		}
	}
	for _, c := range CostCategories {
		if c.Key == key {
			return c
		}
	}
	return CostCategory{Key: key, Label: key, Kind: kind, Heading: HeadingOther}
}

// checkCategory adds a message when key is not a category of the kind;
// "" is allowed and counts as the kind's "other".
func checkCategory(f errs.Fields, kind, key string) {
	if key == "" {
		return
	}
	for _, c := range CostCategoriesFor(kind) {
		if c.Key == key {
			return
		}
	}
	f.Add("category", "Choose what this was for from the list.")
}
