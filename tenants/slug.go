package tenants

import (
	"fmt"
	"net"
	"strings"

	"porch/errs"
)

// Slug rules. A slug becomes a DNS label (acme.example.com) and a file name
// (orgs/acme.db), so it is kept to what is safe in both.
const (
	minSlugLen = 2
	maxSlugLen = 40
)

// reserved are subdomains that mean something else, or soon might.
var reserved = map[string]bool{
	"www": true, "admin": true, "static": true, "api": true, "app": true,
	"mail": true, "smtp": true, "imap": true, "pop": true, "ftp": true,
	"status": true, "help": true, "support": true, "docs": true, "blog": true,
	"login": true, "signin": true, "auth": true, "account": true, "accounts": true,
	"billing": true, "webhooks": true, "assets": true, "cdn": true, "dev": true,
	"test": true, "demo-admin": true, "porch": true, "catalog": true, "localhost": true,
}

// ValidateSlug explains which rule slug breaks, or returns nil. The message
// names the rule so a person can fix the slug without guessing.
func ValidateSlug(slug string) error {
	bad := func(msg string) error {
		return &errs.Error{Code: errs.Invalid, Message: msg, Fields: map[string]string{"slug": msg}}
	}
	switch {
	case slug == "":
		return bad("The short name is empty: use 2 to 40 lower-case letters, digits or hyphens.")
	case len(slug) < minSlugLen:
		return bad(fmt.Sprintf("The short name %q is too short: use at least %d characters.", slug, minSlugLen))
	case len(slug) > maxSlugLen:
		return bad(fmt.Sprintf("The short name is too long (%d characters): use at most %d.", len(slug), maxSlugLen))
	}
	for _, r := range slug {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
		case r >= 'A' && r <= 'Z':
			return bad(fmt.Sprintf("The short name %q has upper-case letters: use lower case only, e.g. %q.", slug, strings.ToLower(slug)))
		case r == ' ' || r == '\t':
			return bad(fmt.Sprintf("The short name %q contains spaces: use hyphens instead, e.g. %q.", slug, strings.Join(strings.Fields(slug), "-")))
		default:
			return bad(fmt.Sprintf("The short name %q contains %q: use only lower-case letters, digits and hyphens.", slug, r))
		}
	}
	if slug[0] == '-' || slug[len(slug)-1] == '-' {
		return bad(fmt.Sprintf("The short name %q starts or ends with a hyphen: it must start and end with a letter or digit.", slug))
	}
	if strings.Contains(slug, "--") {
		return bad(fmt.Sprintf("The short name %q has two hyphens in a row, which DNS reserves: use one.", slug))
	}
	if reserved[slug] {
		return bad(fmt.Sprintf("The short name %q is reserved: choose another.", slug))
	}
	return nil
}

// hostOnly lower-cases host and strips a port and a trailing dot.
func hostOnly(host string) string {
	host = strings.TrimSpace(host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(host, ".")
	return strings.ToLower(host)
}

// splitHost decides what a Host header names, relative to the base domain:
// the bare base domain (isBase), an org subdomain (slug), or neither, in
// which case the host may be a custom hostname to look up in the catalog.
func splitHost(host, baseDomain string) (slug string, isBase bool) {
	host = hostOnly(host)
	base := strings.ToLower(strings.TrimSuffix(baseDomain, "."))
	if host == base {
		return "", true
	}
	if prefix, ok := strings.CutSuffix(host, "."+base); ok && !strings.Contains(prefix, ".") {
		return prefix, false
	}
	return "", false
}
