package owners

import (
	"context"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/owners"
	"porch/sqldb"
)

// lettingWidgets are a let property's money widgets, each nil when the
// organisation does not show it.
type lettingWidgets struct {
	Balance    *balanceWidget
	Tenant     *tenantWidget
	Float      *floatWidget
	Deductions *deductionsWidget
	Statements []owners.Issued
	TaxYear    *ledger.TaxSummary // the property's current tax year so far
}

// balanceWidget is the property's account with the owner: what is due to
// them, and its latest entries.
type balanceWidget struct {
	Due        int64 // held for them from the property, beyond its float
	Float      int64
	RentUnpaid int64 // rent demanded that the tenant has not paid yet
	Recent     []handlers.OwnerLineRow
	Rent       []ledger.RentDemand // the latest rent demands, received or not
}

// Owed is what the landlord owes when the balance is below zero.
func (b balanceWidget) Owed() int64 { return -b.Due }

// tenantWidget is the tenant's rent account as the landlord may see it.
type tenantWidget struct {
	Tenancy  *estate.Occupancy // the current tenancy; nil when the home is empty
	Contacts []tenantContact   // only when the agency allows
	Rent     []ledger.RentDemand
	Arrears  int64 // rent past its due date and unpaid
	DaysLate int   // of the oldest unpaid rent
}

// tenantContact is a tenant's name and how to reach them.
type tenantContact struct{ Name, Email, Phone string }

// floatWidget is the float kept back for the property and the expenses
// paid from the landlord's money for it.
type floatWidget struct {
	Held     int64
	Expenses []handlers.OwnerLineRow // newest first
}

// deductionsWidget lists the deductions scheduled and not yet made.
type deductionsWidget struct {
	Items []ledger.Deduction
	Total int64
}

// recentLines is how many entries the balance and float widgets list.
const recentLines = 8

// lettingWidgets reads the widgets the property's page shows.
func (s *handler) lettingWidgets(c echo.Context, pr auth.Property) (*lettingWidgets, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	owner, today := handlers.IdentityOf(c).Person.ID, s.Today()
	w := &lettingWidgets{}
	v := pr.View
	if v.Shows(owners.WidgetBalance) || v.Shows(owners.WidgetFloat) {
		st, err := ledger.PropertyStatement(ctx, q, owner, pr.UnitID, time.Time{}, time.Time{})
		if err != nil {
			return nil, err
		}
		if v.Shows(owners.WidgetBalance) {
			b := &balanceWidget{Due: st.Due, Float: st.Float, RentUnpaid: st.RentUnpaid}
			for i := len(st.Lines) - 1; i >= 0 && len(b.Recent) < recentLines; i-- {
				b.Recent = append(b.Recent, handlers.OwnerLineRow{OwnerLine: st.Lines[i]})
			}
			if b.Rent, err = ledger.RentDemands(ctx, q, ledger.RentFilter{OwnerID: owner, UnitID: pr.UnitID, Limit: 3}); err != nil {
				return nil, err
			}
			w.Balance = b
		}
		if v.Shows(owners.WidgetFloat) {
			f := &floatWidget{Held: st.Float}
			for i := len(st.Lines) - 1; i >= 0 && len(f.Expenses) < recentLines; i-- {
				if st.Lines[i].Category == ledger.OwnerExpense {
					f.Expenses = append(f.Expenses, handlers.OwnerLineRow{OwnerLine: st.Lines[i]})
				}
			}
			w.Float = f
		}
	}
	if v.Shows(owners.WidgetTenant) {
		t, err := tenantOf(ctx, q, owner, pr, today)
		if err != nil {
			return nil, err
		}
		w.Tenant = t
	}
	if v.Shows(owners.WidgetDeductions) {
		all, err := ledger.UpcomingDeductions(ctx, q, owner)
		if err != nil {
			return nil, err
		}
		d := &deductionsWidget{}
		for _, x := range all {
			if x.UnitID == pr.UnitID {
				d.Items = append(d.Items, x)
				d.Total += x.Amount
			}
		}
		w.Deductions = d
	}
	if v.Shows(owners.WidgetStatements) {
		var err error
		if w.Statements, err = owners.IssuedTo(ctx, q, owner, pr.UnitID); err != nil {
			return nil, err
		}
	}
	if v.Shows(owners.WidgetTaxYear) {
		sum, err := ledger.TaxSummaryOf(ctx, q, owner, pr.UnitID, ledger.TaxYearOf(today))
		if err != nil {
			return nil, err
		}
		w.TaxYear = &sum
	}
	return w, nil
}

// tenantOf reads the property's current tenancy and its rent account:
// the tenants' names, and their email and phone only when the agency
// allows it for the property.
func tenantOf(ctx context.Context, q sqldb.Querier, owner int64, pr auth.Property, today time.Time) (*tenantWidget, error) {
	occs, err := estate.OccupanciesOfUnit(ctx, q, pr.UnitID)
	if err != nil {
		return nil, err
	}
	t := &tenantWidget{}
	i := slices.IndexFunc(occs, func(o estate.Occupancy) bool { return o.Role == estate.RoleTenant && o.Current(today) })
	if i < 0 {
		return t, nil
	}
	t.Tenancy = &occs[i]
	if pr.View.TenantContacts {
		for _, party := range t.Tenancy.Parties {
			person, err := estate.GetPersonByID(ctx, q, party.PersonID)
			if err != nil {
				return nil, err
			}
			t.Contacts = append(t.Contacts, tenantContact{Name: person.FullName, Email: person.Email, Phone: person.Phone})
		}
	}
	if t.Rent, err = ledger.RentDemands(ctx, q, ledger.RentFilter{OwnerID: owner, UnitID: pr.UnitID,
		OccupancyID: t.Tenancy.ID, Limit: 4}); err != nil {
		return nil, err
	}
	all, err := ledger.RentDemands(ctx, q, ledger.RentFilter{OwnerID: owner, UnitID: pr.UnitID, OccupancyID: t.Tenancy.ID})
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		if late := r.DaysLate(today); r.Unpaid() > 0 && late > 0 {
			t.Arrears += r.Unpaid()
			t.DaysLate = max(t.DaysLate, late)
		}
	}
	return t, nil
}
