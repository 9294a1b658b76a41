package auditlog

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"porch/sqldb"
)

// PageSize is how many entries a page of the log shows.
const PageSize = 50

// Filter chooses entries of the log. Zero fields choose everything.
type Filter struct {
	Person   string    // public id of who acted
	Action   string    // action code
	Object   string    // text in the object, the detail, or the name the object's id stands for
	From, To time.Time // instants: entries at From or later, and before To
	Page     int       // 1-based; 0 is the first page
	All      bool      // no paging (the export)
}

// Result is a page of entries, newest first, and how many match in all.
type Result struct {
	Entries []Entry
	Total   int
	Page    int
	Pages   int
}

// where builds the filter's conditions and their arguments.
func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Person != "" {
		conds = append(conds, `a.person_id = (SELECT id FROM people WHERE public_id = ?)`)
		args = append(args, f.Person)
	}
	if f.Action != "" {
		conds = append(conds, `a.action = ?`)
		args = append(args, f.Action)
	}
	if t := strings.TrimSpace(f.Object); t != "" {
		like := "%" + escapeLike(strings.ToLower(t)) + "%"
		conds = append(conds, `(lower(a.object) LIKE ? ESCAPE '\' OR lower(a.detail) LIKE ? ESCAPE '\'
			OR a.object IN (SELECT public_id FROM people WHERE lower(full_name) LIKE ? ESCAPE '\'
				UNION ALL SELECT public_id FROM sites WHERE lower(name) LIKE ? ESCAPE '\'
				UNION ALL SELECT public_id FROM tickets WHERE lower(title) LIKE ? ESCAPE '\'))`)
		args = append(args, like, like, like, like, like)
	}
	if !f.From.IsZero() {
		conds = append(conds, `a.at >= ?`)
		args = append(args, sqldb.At(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, `a.at < ?`)
		args = append(args, sqldb.At(f.To))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// List returns the entries f chooses, newest first, a page at a time,
// each described with the names of the objects on its page (read in one
// query).
func List(ctx context.Context, q sqldb.Querier, f Filter) (Result, error) {
	where, args := f.where()
	var res Result
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM audit_log a`+where, args...).Scan(&res.Total); err != nil {
		return res, fmt.Errorf("audit log: %w", err)
	}
	res.Pages = max(1, (res.Total+PageSize-1)/PageSize)
	res.Page = min(max(f.Page, 1), res.Pages)
	query := `SELECT a.id, a.at, a.person_id, coalesce(p.full_name, ''), a.ip, a.action, a.object, a.detail
		FROM audit_log a LEFT JOIN people p ON p.id = a.person_id` + where + ` ORDER BY a.at DESC, a.id DESC`
	if !f.All {
		query += fmt.Sprintf(` LIMIT %d OFFSET %d`, PageSize, (res.Page-1)*PageSize)
	}
	recs, err := records(ctx, q, query, args...)
	if err != nil {
		return res, err
	}
	res.Entries, err = DescribeAll(ctx, q, recs)
	return res, err
}

// Recent returns the latest n entries, described, newest first. An n
// outside 1..1000 means 100.
func Recent(ctx context.Context, q sqldb.Querier, n int) ([]Entry, error) {
	if n < 1 || n > 1000 {
		n = 100
	}
	recs, err := records(ctx, q, `SELECT a.id, a.at, a.person_id, coalesce(p.full_name, ''), a.ip, a.action, a.object, a.detail
		FROM audit_log a LEFT JOIN people p ON p.id = a.person_id ORDER BY a.at DESC, a.id DESC LIMIT ?`, n)
	if err != nil {
		return nil, err
	}
	return DescribeAll(ctx, q, recs)
}

func records(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]Record, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var r Record
		var pid sql.NullInt64
		if err := rows.Scan(&r.ID, sqldb.Into(&r.At), &pid, &r.PersonName, &r.IP, &r.Action, &r.Object, &r.Detail); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		if pid.Valid {
			r.PersonID = &pid.Int64
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DescribeAll describes records, resolving the public ids among their
// objects to names in one query.
func DescribeAll(ctx context.Context, q sqldb.Querier, recs []Record) ([]Entry, error) {
	ids := make([]string, 0, len(recs))
	for _, r := range recs {
		ids = append(ids, r.Object)
	}
	names, err := Names(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(recs))
	for i, r := range recs {
		out[i] = Describe(r, names)
	}
	return out, nil
}

// Names maps those of ids that are public ids of people, sites, homes,
// requests, notices, documents or calendar events to what people call
// them, in one query.
func Names(ctx context.Context, q sqldb.Querier, ids []string) (map[string]string, error) {
	names := map[string]string{}
	if len(ids) == 0 {
		return names, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `WITH ids (id) AS (SELECT DISTINCT value FROM json_each(?) WHERE value <> '')
		SELECT public_id, full_name FROM people WHERE public_id IN ids
		UNION ALL SELECT public_id, name FROM sites WHERE public_id IN ids
		UNION ALL SELECT u.public_id, u.name || ', ' || s.name FROM units u JOIN sites s ON s.id = u.site_id WHERE u.public_id IN ids
		UNION ALL SELECT public_id, '#' || number || ' ' || '“' || title || '”' FROM tickets WHERE public_id IN ids
		UNION ALL SELECT public_id, 'the notice “' || title || '”' FROM notices WHERE public_id IN ids
		UNION ALL SELECT public_id, '“' || title || '”' FROM documents WHERE public_id IN ids
		UNION ALL SELECT public_id, supplier || '’s invoice ' || number FROM supplier_invoices WHERE public_id IN ids`, string(list))
	if err != nil {
		return nil, fmt.Errorf("audit log names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	return names, rows.Err()
}
