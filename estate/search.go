package estate

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"porch/sqldb"
)

// SearchResults is what the staff search box finds, by kind, each list
// at most SearchLimit long.
type SearchResults struct {
	People   []Person
	Units    []Unit
	Sites    []Site
	Invoices []FoundInvoice
	Payments []FoundPayment
}

// Empty reports whether nothing was found.
func (r SearchResults) Empty() bool {
	return len(r.People)+len(r.Units)+len(r.Sites)+len(r.Invoices)+len(r.Payments) == 0
}

// FoundInvoice is an invoice found by its number, with its unit.
type FoundInvoice struct {
	Number       int64
	UnitPublicID string
	UnitName     string
	SiteName     string
	IssueDate    time.Time
	Total        int64
}

// FoundPayment is a receipt found by its reference, with its unit.
type FoundPayment struct {
	Reference    string
	Date         time.Time
	Amount       int64
	UnitPublicID string
	UnitName     string
	SiteName     string
}

// SearchLimit bounds each kind of result.
const SearchLimit = 8

// Search finds people by name, email or phone, units by name or address
// ("Flat 8", "8 Quay Street"), sites by name, town or postcode, invoices
// by number and receipts by reference. Matching ignores case, and spaces
// in phone numbers and postcodes. Archived people, units and sites are
// left out. withMoney adds invoices and payments, for staff who may see
// the accounts.
func Search(ctx context.Context, q sqldb.Querier, text string, withMoney bool) (SearchResults, error) {
	var r SearchResults
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return r, nil
	}
	like := "%" + escapeLike(strings.ToLower(text)) + "%"
	squashed := "%" + escapeLike(strings.ToLower(strings.ReplaceAll(text, " ", ""))) + "%"
	var err error
	if r.People, err = sqldb.QueryAll(ctx, q, scanPerson, `SELECT `+personColumns+`
		WHERE p.archived_at IS NULL AND (lower(p.full_name) LIKE ?1 ESCAPE '\' OR lower(coalesce(p.email, '')) LIKE ?1 ESCAPE '\'
		  OR (length(?3) > 4 AND (replace(p.phone, ' ', '') LIKE ?2 ESCAPE '\' OR replace(p.other_phone, ' ', '') LIKE ?2 ESCAPE '\')))
		ORDER BY p.full_name COLLATE NOCASE, p.id LIMIT ?4`, like, squashed, squashed, SearchLimit); err != nil {
		return r, fmt.Errorf("search people: %w", err)
	}
	if r.Units, err = sqldb.QueryAll(ctx, q, scanUnit, `SELECT `+unitColumns+`
		WHERE u.archived_at IS NULL AND (lower(u.name) LIKE ?1 ESCAPE '\' OR lower(u.address_line1) LIKE ?1 ESCAPE '\'
		  OR lower(u.name || ', ' || s.name) LIKE ?1 ESCAPE '\' OR lower(u.name || ' ' || s.address_line1) LIKE ?1 ESCAPE '\')
		ORDER BY s.name COLLATE NOCASE, length(u.name), u.name COLLATE NOCASE LIMIT ?2`, like, SearchLimit); err != nil {
		return r, fmt.Errorf("search units: %w", err)
	}
	if r.Sites, err = sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (Site, error) { return scanSite(s) }, `SELECT `+siteColumns+` FROM sites s
		WHERE s.archived_at IS NULL AND (lower(s.name) LIKE ?1 ESCAPE '\' OR lower(s.town) LIKE ?1 ESCAPE '\'
		  OR replace(lower(s.postcode), ' ', '') LIKE ?2 ESCAPE '\')
		ORDER BY s.name COLLATE NOCASE LIMIT ?3`, like, squashed, SearchLimit); err != nil {
		return r, fmt.Errorf("search sites: %w", err)
	}
	if !withMoney {
		return r, nil
	}
	if n, err := strconv.ParseInt(strings.TrimPrefix(strings.ToLower(text), "invoice "), 10, 64); err == nil {
		if r.Invoices, err = sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (FoundInvoice, error) {
			var f FoundInvoice
			var issued string
			err := s.Scan(&f.Number, &f.UnitPublicID, &f.UnitName, &f.SiteName, &issued, &f.Total)
			f.IssueDate = sqldb.ParseDate(issued)
			return f, err
		}, `SELECT i.number, u.public_id, u.name, s.name, i.issue_date, i.total FROM invoices i
			JOIN units u ON u.id = i.unit_id JOIN sites s ON s.id = u.site_id WHERE i.number = ?`, n); err != nil {
			return r, fmt.Errorf("search invoices: %w", err)
		}
	}
	if len([]rune(text)) >= 3 {
		if r.Payments, err = sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (FoundPayment, error) {
			var f FoundPayment
			var date string
			err := s.Scan(&f.Reference, &date, &f.Amount, &f.UnitPublicID, &f.UnitName, &f.SiteName)
			f.Date = sqldb.ParseDate(date)
			return f, err
		}, `SELECT j.reference, j.date, -sum(p.amount), u.public_id, u.name, s.name
			FROM journals j JOIN postings p ON p.journal_id = j.id
			JOIN ledger_accounts a ON a.id = p.account_id AND a.purpose = 'debtors'
			JOIN units u ON u.id = p.unit_id JOIN sites s ON s.id = u.site_id
			WHERE j.kind = 'receipt' AND lower(j.reference) LIKE ? ESCAPE '\'
			GROUP BY j.id ORDER BY j.date DESC, j.id DESC LIMIT ?`, like, SearchLimit); err != nil {
			return r, fmt.Errorf("search payments: %w", err)
		}
	}
	return r, nil
}

// escapeLike makes s match itself literally in a LIKE pattern with
// ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
