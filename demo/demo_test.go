package demo_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"porch/auditlog"
	"porch/demo"
	"porch/estate"
	"porch/internal/testdb"
	"porch/ledger"
	"porch/tenants"
)

var now = time.Date(2025, 3, 14, 10, 30, 0, 0, time.UTC)

// seeded returns a freshly migrated database with the demo seeded into it.
func seeded(t *testing.T) *tenants.DB {
	t.Helper()
	ctx := context.Background()
	db := testdb.Org(t, demo.DemoSlug)
	if err := demo.Seed(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestSeed(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	q := db.Read()

	settings, err := estate.GetSettings(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if settings.Name != "Northgate Property Management" || settings.LegalName != "Northgate Property Management Ltd" ||
		settings.PrimaryColour != "#0f6e6e" || !settings.HasLogo() || len(settings.AddressLines()) != 4 ||
		strings.Count(settings.WelcomeText, "\n\n") != 1 {
		t.Errorf("settings = %+v", settings)
	}
	logo, ctype, err := estate.GetLogo(ctx, q)
	if err != nil || ctype != "image/png" || len(logo) == 0 {
		t.Errorf("logo: %d bytes, %q, %v", len(logo), ctype, err)
	}

	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 2 {
		t.Fatalf("%d sites, want 2", len(sites))
	}
	var units int
	for _, s := range sites {
		units += s.Units
	}
	if units < 38 || units > 42 {
		t.Errorf("%d units, want 38 to 42", units)
	}

	for _, site := range sites {
		units, err := estate.ListUnits(ctx, q, site.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch site.Kind {
		case estate.KindBlock:
			var total int64
			sublet := 0
			for _, u := range units {
				total += u.SharePPM
				people, err := estate.PeopleOfUnit(ctx, q, u.ID, now)
				if err != nil {
					t.Fatal(err)
				}
				if !hasRole(people, estate.RoleLeaseholder) {
					t.Errorf("%s has no current leaseholder", u.Name)
				}
				if hasRole(people, estate.RoleTenant) {
					sublet++
				}
			}
			if total != estate.FullSharePPM {
				t.Errorf("block shares total %d, want %d", total, estate.FullSharePPM)
			}
			aps, err := estate.ListApportionments(ctx, q, site.ID)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, a := range aps {
				names = append(names, fmt.Sprintf("%s %d %t", a.Name, a.Units, a.Whole()))
			}
			if got := strings.Join(names, ", "); got != "Block 28 true, Car park 12 true, Lift 24 true" {
				t.Errorf("block schedules: %s", got)
			}
			if sublet == 0 {
				t.Error("no sublet flat has a tenant")
			}
		case estate.KindLettings:
			let := 0
			for _, u := range units {
				people, err := estate.PeopleOfUnit(ctx, q, u.ID, now)
				if err != nil {
					t.Fatal(err)
				}
				if !hasRole(people, estate.RoleOwner) {
					t.Errorf("%s has no owner", u.Name)
				}
				if hasRole(people, estate.RoleTenant) {
					let++
				}
				if u.SharePPM != 0 || u.Postcode == "" || u.AddressLine1 == "" {
					t.Errorf("lettings unit %+v", u)
				}
			}
			if let != len(units)-1 {
				t.Errorf("%d of %d lettings units let, want all but one", let, len(units))
			}
		}
	}

	// The personas Describe names can sign in.
	manager, err := estate.FindPersonByEmail(ctx, q, demo.ManagerEmail)
	if err != nil || manager.FullName != "Priya Shah" {
		t.Fatalf("manager = %+v, %v", manager, err)
	}
	if role, err := estate.StaffRole(ctx, q, manager.ID); err != nil || role != estate.StaffRoleAdmin {
		t.Errorf("manager role %q, %v", role, err)
	}
	staff, err := estate.ListStaff(ctx, q)
	if err != nil || len(staff) != 4 {
		t.Errorf("staff = %+v, %v", staff, err)
	}
	for _, email := range []string{demo.ResidentEmail, demo.TenantEmail, demo.OwnerEmail, demo.SellerEmail, demo.StaffEmail, demo.DeskEmail, demo.AuditorEmail} {
		if !strings.Contains(demo.Describe(), email) {
			t.Errorf("Describe does not mention %s", email)
		}
		p, err := estate.FindPersonByEmail(ctx, q, email)
		if err != nil {
			t.Errorf("%s: %v", email, err)
			continue
		}
		if units, _ := estate.UnitsOfPerson(ctx, q, p.ID, now); len(units) == 0 && !strings.HasSuffix(email, "@northgate-pm.example") {
			t.Errorf("%s has no units", email)
		}
	}

	// Someone owns two flats, and one flat changed hands last year.
	people, err := estate.ListPeople(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	twoFlats, sold := false, false
	for _, p := range people {
		if !strings.HasSuffix(p.Email, "@example.com") && !strings.HasSuffix(p.Email, "@example.co.uk") &&
			!strings.HasSuffix(p.Email, "@northgate-pm.example") {
			t.Errorf("%s has email %q", p.FullName, p.Email)
		}
		if !strings.HasPrefix(p.Phone, "07700 900") {
			t.Errorf("%s has phone %q", p.FullName, p.Phone)
		}
		units, err := estate.UnitsOfPerson(ctx, q, p.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		if countRole(units, estate.RoleLeaseholder) >= 2 {
			twoFlats = true
		}
		if len(units) == 0 {
			before, _ := estate.UnitsOfPerson(ctx, q, p.ID, time.Date(now.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC))
			if countRole(before, estate.RoleLeaseholder) == 1 && before[0].End != nil && before[0].End.Year() == now.Year()-1 {
				sold = true
			}
		}
	}
	if !twoFlats {
		t.Error("nobody owns two flats")
	}
	if !sold {
		t.Error("no flat changed hands last year")
	}

	// Three weeks of history, every entry with words and its people
	// named.
	log, err := auditlog.List(ctx, q, auditlog.Filter{All: true})
	if err != nil || log.Total < 15 {
		t.Errorf("audit = %d entries, %v", log.Total, err)
	}
	for _, e := range log.Entries {
		if !auditlog.Known(e.Action) || strings.Contains(e.Sentence, "something") {
			t.Errorf("audit entry %q (%s) does not read well", e.Sentence, e.Action)
		}
	}
}

func hasRole(people []estate.UnitPerson, role string) bool {
	return slices.ContainsFunc(people, func(p estate.UnitPerson) bool { return p.Role == role })
}

func countRole(units []estate.PersonUnit, role string) int {
	n := 0
	for _, u := range units {
		if u.Role == role {
			n++
		}
	}
	return n
}

func TestSeedDeterministic(t *testing.T) {
	// Everything but the random public ids, in the order it was written.
	queries := map[string]string{
		"people": `SELECT p.full_name, p.email, p.phone,
			coalesce(u.name, ''), coalesce(l.role, ''), coalesce(l.start_date, ''), coalesce(l.end_date, '')
			FROM people p LEFT JOIN unit_people l ON l.person_id = p.id LEFT JOIN units u ON u.id = l.unit_id
			ORDER BY p.id, l.id`,
		"postings": `SELECT j.id, j.kind, j.date, j.description, j.reference, coalesce(j.reverses_id, 0),
			coalesce(j.created_by, 0), j.created_at, a.code, p.amount, coalesce(p.unit_id, 0), coalesce(p.owner_id, 0),
			coalesce(p.charge_type_id, 0), p.memo
			FROM journals j JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
			ORDER BY j.id, p.id`,
		"invoices": `SELECT i.number, i.unit_id, i.journal_id, i.issue_date, i.due_date, i.total,
			(SELECT group_concat(l.description || '=' || l.amount, '; ') FROM invoice_lines l WHERE l.invoice_id = i.id),
			(SELECT group_concat(al.journal_id || ':' || al.amount, '; ') FROM allocations al WHERE al.invoice_id = i.id)
			FROM invoices i ORDER BY i.id`,
		"accounts":   `SELECT code, name, type, purpose, coalesce(site_id, 0), sort_code, account_number FROM ledger_accounts ORDER BY id`,
		"schedules":  `SELECT name, coalesce(site_id, 0), coalesce(unit_id, 0), amount, every_months, start_date, coalesce(end_date, ''), due_days FROM schedules ORDER BY id`,
		"deductions": `SELECT unit_id, owner_id, description, supplier, amount, due_date FROM scheduled_deductions ORDER BY id`,
	}
	ctx := context.Background()
	dump := func(db *tenants.DB, query string) []string {
		rows, err := db.Read().QueryContext(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out []string
		for rows.Next() {
			f := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range f {
				ptrs[i] = &f[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := make([]string, len(cols))
			for i := range f {
				row[i] = f[i].String
			}
			out = append(out, strings.Join(row, " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, two := seeded(t), seeded(t)
	for name, query := range queries {
		a, b := dump(one, query), dump(two, query)
		if len(a) == 0 {
			t.Errorf("%s: nothing seeded", name)
		}
		if !slices.Equal(a, b) {
			for i := range min(len(a), len(b)) {
				if a[i] != b[i] {
					t.Errorf("%s: two seeds differ at row %d:\n%s\n%s", name, i, a[i], b[i])
					break
				}
			}
			t.Errorf("%s: two seeds differ (%d and %d rows)", name, len(a), len(b))
		}
	}
}

func TestSeedTwice(t *testing.T) {
	db := seeded(t)
	if err := demo.Seed(context.Background(), db, now); err == nil {
		t.Error("seeding a second time succeeded")
	}
}

// TestSeedLedger checks the two years of accounts: a balanced book, the
// mix a real portfolio has, and the personas' statements.
func TestSeedLedger(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	q := db.Read()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	checkBook(t, db, today)

	var first string
	if err := q.QueryRowContext(ctx, `SELECT min(date) FROM journals`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if first > today.AddDate(0, -21, 0).Format(time.DateOnly) {
		t.Errorf("the history starts on %s, less than two years back", first)
	}
	kinds := map[string]int{}
	rows, err := q.QueryContext(ctx, `SELECT kind, count(*) FROM journals GROUP BY kind`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		kinds[k] = n
	}
	rows.Close()
	for kind, least := range map[string]int{ledger.KindDemand: 400, ledger.KindReceipt: 300, ledger.KindFee: 100,
		ledger.KindExpense: 20, ledger.KindFloat: 10, ledger.KindPayout: 100, ledger.KindTransfer: 20} {
		if kinds[kind] < least {
			t.Errorf("%d %s journals, want at least %d", kinds[kind], kind, least)
		}
	}
	if kinds[ledger.KindCredit] != 1 || kinds[ledger.KindReversal] != 2 {
		t.Errorf("%d credit notes and %d reversals, want one credit and two reversals", kinds[ledger.KindCredit], kinds[ledger.KindReversal])
	}
	// The reversals: a bounced cheque, and Amara's card payment reversed
	// and received again for what stood after its part refund.
	var reversed string
	if err := q.QueryRowContext(ctx, `SELECT group_concat(d, ' | ') FROM (SELECT o.description AS d FROM journals r
		JOIN journals o ON o.id = r.reverses_id WHERE r.kind = 'reversal' ORDER BY d)`).Scan(&reversed); err != nil ||
		reversed != "Payment received, card | Payment received, cheque" {
		t.Errorf("the reversals undo %q, %v; want a card payment and a cheque", reversed, err)
	}
	var paid, refunded, standing int64
	if err := q.QueryRowContext(ctx, `SELECT p.amount, p.refunded, (SELECT sum(po.amount) FROM postings po
		WHERE po.journal_id = p.receipt_journal_id AND po.amount > 0) FROM payments p JOIN payment_refunds r ON r.payment_id = p.id
		WHERE r.status = 'succeeded'`).Scan(&paid, &refunded, &standing); err != nil || refunded <= 0 || refunded >= paid || standing != paid-refunded {
		t.Errorf("the card payment refunded in part: paid %d, refunded %d, receipt standing %d, %v", paid, refunded, standing, err)
	}
	var supplierPaid int
	if err := q.QueryRowContext(ctx, `SELECT count(DISTINCT p.journal_id) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE a.purpose = 'suppliers' AND p.amount > 0`).Scan(&supplierPaid); err != nil || supplierPaid == 0 {
		t.Errorf("%d supplier payments, %v", supplierPaid, err)
	}

	// A client bank account for each site.
	sites, _ := estate.ListSites(ctx, q)
	accounts, _ := ledger.Accounts(ctx, q)
	for _, s := range sites {
		n := 0
		for _, a := range accounts {
			if a.Purpose == ledger.PurposeBank && a.SiteID == s.ID {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s has %d bank accounts, want 1", s.Name, n)
		}
	}

	// Harbour View: most paid up, some in arrears, some in credit, with
	// overdue invoices part-paid.
	var block estate.SiteSummary
	for _, s := range sites {
		if s.Kind == estate.KindBlock {
			block = s
		}
	}
	units, _ := estate.ListUnits(ctx, q, block.ID)
	var arrears, credit, clear, partOverdue int
	for _, u := range units {
		bal, _ := ledger.UnitBalance(ctx, q, u.ID)
		switch {
		case bal > 0:
			arrears++
		case bal < 0:
			credit++
		default:
			clear++
		}
		invs, _ := ledger.UnitInvoices(ctx, q, u.ID)
		if len(invs) < 8 {
			t.Errorf("%s has %d invoices, want two years of quarters", u.Name, len(invs))
		}
		for _, inv := range invs {
			if inv.Status(today) == ledger.StatusOverdue && inv.Paid > 0 {
				partOverdue++
			}
		}
	}
	if arrears < 3 || credit < 2 || clear < 20 || partOverdue == 0 {
		t.Errorf("Harbour View: %d in arrears, %d in credit, %d clear, %d part-paid overdue invoices", arrears, credit, clear, partOverdue)
	}

	// Amara's statement for the last year, as her money page shows it.
	amara, _ := estate.FindPersonByEmail(ctx, q, demo.ResidentEmail)
	homes, _ := estate.UnitsOfPerson(ctx, q, amara.ID, now)
	st, err := ledger.UnitStatement(ctx, q, homes[0].UnitID, today.AddDate(-1, 0, 1), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	lineKinds := map[string]int{}
	for _, l := range st.Lines {
		lineKinds[l.Kind]++
	}
	open, _ := ledger.OpenInvoices(ctx, q, homes[0].UnitID)
	if lineKinds[ledger.KindDemand] < 4 || lineKinds[ledger.KindReceipt] < 3 || len(open) == 0 || st.Closing <= 0 || len(st.ByCharge) < 3 {
		t.Errorf("Amara's statement: %v lines, %d open invoices, closing %d, %d charges", lineKinds, len(open), st.Closing, len(st.ByCharge))
	}

	// Harjit's owner statement for the last year.
	harjit, _ := estate.FindPersonByEmail(ctx, q, demo.OwnerEmail)
	os, err := ledger.OwnerStatement(ctx, q, harjit.ID, today.AddDate(-1, 0, 1), today)
	if err != nil {
		t.Fatal(err)
	}
	if os.Income < 50_000_00 || os.Fees <= 0 || os.Expenses <= 0 || os.Payouts <= 0 || os.Float <= 0 ||
		os.Closing != os.Opening+os.Income-os.Expenses-os.Fees-os.Payouts+os.Other || os.Due < 0 {
		t.Errorf("Harjit's statement: %+v", os)
	}
	upcoming, _ := ledger.UpcomingDeductions(ctx, q, harjit.ID)
	if len(upcoming) == 0 || upcoming[0].DueDate.Before(today) {
		t.Errorf("Harjit's upcoming deductions: %+v", upcoming)
	}

	// The tenant who is behind, and landlords' rent not yet received.
	lets := 0
	for _, s := range sites {
		if s.Kind != estate.KindLettings {
			continue
		}
		us, _ := estate.ListUnits(ctx, q, s.ID)
		for _, u := range us {
			if bal, _ := ledger.UnitBalance(ctx, q, u.ID); bal > 0 {
				lets++
			}
		}
	}
	if lets != 1 {
		t.Errorf("%d let homes in arrears, want 1", lets)
	}

	// Schedules for the next quarter and each let home's next rent.
	schedules, _ := ledger.ListSchedules(ctx, q)
	var site, rent, carPark int
	for _, s := range schedules {
		if s.Apportionment == "Car park" {
			carPark++
		}
		if !s.Active || s.Runs != 0 || !s.NextDate.After(today) || s.NextDate.After(today.AddDate(0, 6, 0)) {
			t.Errorf("schedule %+v", s)
		}
		if s.SiteID != 0 {
			site++
		} else {
			rent++
		}
	}
	if site != 3 || rent != 11 || carPark != 1 {
		t.Errorf("%d site schedules (%d by the car park's shares) and %d rent schedules, want 3 (1) and 11", site, carPark, rent)
	}
}

// TestSeedLedgerAnyDay seeds on days that test the calendar (a quarter
// day, the end of a quarter, a leap day, just after a budget year starts)
// and checks the book holds together and nothing is left for today's jobs.
func TestSeedLedgerAnyDay(t *testing.T) {
	for _, day := range []time.Time{
		time.Date(2025, 4, 1, 7, 0, 0, 0, time.UTC),
		time.Date(2025, 6, 30, 23, 0, 0, 0, time.UTC),
		time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC),
	} {
		t.Run(day.Format(time.DateOnly), func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Org(t, demo.DemoSlug)
			if err := demo.Seed(ctx, db, day); err != nil {
				t.Fatal(err)
			}
			today := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
			checkBook(t, db, today)
			q := db.Read()
			amara, _ := estate.FindPersonByEmail(ctx, q, demo.ResidentEmail)
			homes, _ := estate.UnitsOfPerson(ctx, q, amara.ID, day)
			if open, _ := ledger.OpenInvoices(ctx, q, homes[0].UnitID); len(open) == 0 {
				t.Error("Amara has nothing outstanding")
			}
			balances, _ := estate.UnitBalances(ctx, q)
			var owed, credit int
			for _, b := range balances {
				if b > 0 {
					owed++
				} else if b < 0 {
					credit++
				}
			}
			if owed < 3 || credit < 2 {
				t.Errorf("%d units owe and %d are in credit", owed, credit)
			}
		})
	}
}

// checkBook checks what must hold of any book: a zero trial balance, every
// journal balanced, nothing dated after today, every statement agreeing with
// the postings, and nothing due for the daily jobs to raise or post.
func checkBook(t *testing.T, db *tenants.DB, today time.Time) {
	t.Helper()
	ctx := context.Background()
	q := db.Read()
	tb, err := ledger.Trial(ctx, q, time.Time{})
	if err != nil || tb.Total != 0 {
		t.Errorf("trial balance totals %d, %v", tb.Total, err)
	}
	var unbalanced, future int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT journal_id FROM postings GROUP BY journal_id
		HAVING sum(amount) <> 0 OR count(*) < 2)`).Scan(&unbalanced); err != nil || unbalanced != 0 {
		t.Errorf("%d journals do not balance, %v", unbalanced, err)
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM journals WHERE date > ?`, today.Format(time.DateOnly)).Scan(&future); err != nil || future != 0 {
		t.Errorf("%d journals dated after %s, %v", future, today.Format(time.DateOnly), err)
	}
	sites, _ := estate.ListSites(ctx, q)
	for _, s := range sites {
		units, _ := estate.ListUnits(ctx, q, s.ID)
		for _, u := range units {
			st, err := ledger.UnitStatement(ctx, q, u.ID, time.Time{}, time.Time{})
			bal, _ := ledger.UnitBalance(ctx, q, u.ID)
			if err != nil || st.Closing != bal {
				t.Errorf("%s: statement closes at %d, postings sum to %d (%v)", u.Name, st.Closing, bal, err)
			}
			var paid int64
			invs, _ := ledger.UnitInvoices(ctx, q, u.ID)
			for _, inv := range invs {
				if inv.Paid < 0 || inv.Paid > inv.Total {
					t.Errorf("%s invoice %d: paid %d of %d", u.Name, inv.Number, inv.Paid, inv.Total)
				}
				paid += inv.Outstanding()
			}
			if bal > 0 && paid != bal {
				t.Errorf("%s owes %d but its invoices have %d outstanding", u.Name, bal, paid)
			}
		}
	}
	err = db.Write(ctx, func(tx *sql.Tx) error {
		raised, err := ledger.RunSchedules(ctx, tx, now, today)
		if err != nil {
			return err
		}
		posted, err := ledger.PostDueDeductions(ctx, tx, now, today)
		if raised != 0 || posted != 0 {
			t.Errorf("on the day of seeding, schedules raised %d invoices and %d deductions were posted", raised, posted)
		}
		return err
	})
	if err != nil {
		t.Error(err)
	}
}
