package tenants

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Hostname is a custom hostname of an organisation: active (in hostnames,
// served) or requested (waiting for the operator to activate it).
type Hostname struct {
	Host string
	Slug string
	At   time.Time // when it was added or requested
}

// hostField is the form field custom hostname messages belong to.
const hostField = "host"

func badHost(code errs.Code, msg string) error {
	return &errs.Error{Code: code, Message: msg, Fields: map[string]string{hostField: msg}}
}

// ValidateHostname returns host as the catalog keeps it (lower case, no
// trailing dot) or explains what is wrong with it: it must be a full DNS
// name of letters, digits and hyphens, not an IP address and not under
// baseDomain, whose subdomains are the organisations' own addresses.
func ValidateHostname(host, baseDomain string) (string, error) {
	h := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(host), "."))
	switch {
	case h == "":
		return "", badHost(errs.Invalid, "Enter a hostname such as portal.example.co.uk.")
	case strings.Contains(h, "://") || strings.ContainsAny(h, "/:?#@ \t"):
		return "", badHost(errs.Invalid, "Enter the hostname alone, such as portal.example.co.uk: no https://, port or path.")
	case net.ParseIP(h) != nil:
		return "", badHost(errs.Invalid, "Enter a hostname, not an IP address.")
	case len(h) > 253:
		return "", badHost(errs.Invalid, "That hostname is too long: DNS allows at most 253 characters.")
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return "", badHost(errs.Invalid, fmt.Sprintf("%q is not a full hostname: it needs a domain too, such as portal.example.co.uk.", h))
	}
	for _, l := range labels {
		if err := checkLabel(h, l); err != nil {
			return "", err
		}
	}
	if allDigitsOrHyphen(labels[len(labels)-1]) {
		return "", badHost(errs.Invalid, fmt.Sprintf("%q does not end in a real top-level domain such as .uk or .com.", h))
	}
	base := strings.ToLower(strings.TrimSuffix(baseDomain, "."))
	if h == base || strings.HasSuffix(h, "."+base) {
		return "", badHost(errs.Invalid, fmt.Sprintf("Addresses under %s are Porch's own; enter a hostname on your own domain.", base))
	}
	return h, nil
}

func checkLabel(host, l string) error {
	switch {
	case l == "":
		return badHost(errs.Invalid, fmt.Sprintf("%q has an empty part between dots.", host))
	case len(l) > 63:
		return badHost(errs.Invalid, fmt.Sprintf("%q has a part longer than DNS allows (63 characters).", host))
	case l[0] == '-' || l[len(l)-1] == '-':
		return badHost(errs.Invalid, fmt.Sprintf("%q has a part that starts or ends with a hyphen.", host))
	}
	for _, r := range l {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return badHost(errs.Invalid, fmt.Sprintf("%q contains %q: use letters, digits, hyphens and dots only (write an international name in its xn-- form).", host, r))
		}
	}
	return nil
}

func allDigitsOrHyphen(s string) bool {
	return strings.Trim(s, "0123456789-") == ""
}

// hostTaken explains why host cannot be asked for, or returns nil: it is
// active or requested already, by this organisation or another.
func (m *Manager) hostTaken(ctx context.Context, host, slug string) error {
	var owner string
	err := m.catalog.QueryRowContext(ctx, `SELECT slug FROM hostnames WHERE host = ?`, host).Scan(&owner)
	if err == nil {
		if owner == slug {
			return badHost(errs.Conflict, fmt.Sprintf("%s already reaches this portal.", host))
		}
		return badHost(errs.Conflict, fmt.Sprintf("%s is in use by another organisation.", host))
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("catalog lookup: %w", err)
	}
	err = m.catalog.QueryRowContext(ctx, `SELECT slug FROM hostname_requests WHERE host = ?`, host).Scan(&owner)
	if err == nil {
		if owner == slug {
			return badHost(errs.Conflict, fmt.Sprintf("%s has been asked for already and is waiting to be switched on.", host))
		}
		return badHost(errs.Conflict, fmt.Sprintf("%s has been asked for by another organisation.", host))
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("catalog lookup: %w", err)
	}
	return nil
}

// RequestHostname records the organisation's request for a custom
// hostname, to be activated by the operator (AddHostname) once its DNS
// record points at Porch. It returns the hostname as recorded.
func (m *Manager) RequestHostname(ctx context.Context, slug, host string, now time.Time) (string, error) {
	h, err := ValidateHostname(host, m.opt.BaseDomain)
	if err != nil {
		return "", err
	}
	if err := m.hostTaken(ctx, h, slug); err != nil {
		return "", err
	}
	_, err = m.catalog.ExecContext(ctx, `INSERT INTO hostname_requests (host, slug, requested_at) VALUES (?, ?, ?)`, h, slug, sqldb.At(now))
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return "", badHost(errs.Conflict, fmt.Sprintf("%s has just been asked for.", h))
	}
	return h, err
}

// WithdrawHostnameRequest drops the organisation's pending request for
// host. A request already activated, or another's, is NotFound.
func (m *Manager) WithdrawHostnameRequest(ctx context.Context, slug, host string) error {
	res, err := m.catalog.ExecContext(ctx, `DELETE FROM hostname_requests WHERE slug = ? AND host = ?`, slug, hostOnly(host))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "There is no such request waiting: it may have been switched on or withdrawn already.")
	}
	return nil
}

// Hostnames returns the custom hostnames that reach the organisation slug.
func (m *Manager) Hostnames(ctx context.Context, slug string) ([]Hostname, error) {
	return m.hostList(ctx, `SELECT host, slug, created_at FROM hostnames WHERE slug = ? ORDER BY host`, slug)
}

// HostnameRequests returns the requests waiting for the operator: the
// organisation's, or everyone's when slug is empty, oldest first.
func (m *Manager) HostnameRequests(ctx context.Context, slug string) ([]Hostname, error) {
	return m.hostList(ctx, `SELECT host, slug, requested_at FROM hostname_requests
		WHERE ?1 = '' OR slug = ?1 ORDER BY requested_at, host`, slug)
}

func (m *Manager) hostList(ctx context.Context, query, slug string) ([]Hostname, error) {
	rows, err := m.catalog.QueryContext(ctx, query, slug)
	if err != nil {
		return nil, fmt.Errorf("hostnames: %w", err)
	}
	defer rows.Close()
	var out []Hostname
	for rows.Next() {
		var h Hostname
		if err := rows.Scan(&h.Host, &h.Slug, sqldb.Into(&h.At)); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// CNAME is the DNS record that points a custom hostname at the
// organisation served at the subdomain address of baseDomain, in zone
// file form: "portal.example.co.uk. CNAME acme.porch.example."
func CNAME(host, address, baseDomain string) string {
	return host + ". CNAME " + address + "." + strings.TrimSuffix(baseDomain, ".") + "."
}
