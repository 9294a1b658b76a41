package orgadmin

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/tenants"
)

// addressesURL is the address of the addresses screen.
const addressesURL = "/admin/settings/addresses"

// hostRequest is a custom hostname waiting for the operator, with the DNS
// record the organisation must create for it.
type hostRequest struct {
	tenants.Hostname
	Record string
}

type addressesPage struct {
	PortalURL string // the portal's own address, from the configuration
	Scheme    string // its scheme, for links to the custom hostnames
	Hostnames []tenants.Hostname
	Requests  []hostRequest
	Target    string // what a custom hostname's CNAME points at
	Host      string // the request form, as typed
	Errors    errs.Fields
	Notice    string
}

// addressesNotice confirms a change, chosen by a key in the redirect.
func addressesNotice(key string) string {
	switch key {
	case "requested":
		return "Requested. Create the DNS record shown below; the address starts working once Porch's operator has switched it on."
	case "withdrawn":
		return "Request withdrawn."
	}
	return ""
}

// loadAddresses reads the organisation's addresses from the catalog.
func (s *handler) loadAddresses(c echo.Context) (*addressesPage, error) {
	ctx := c.Request().Context()
	slug := handlers.OrgOf(c).Slug
	hosts, err := s.Tenants.Hostnames(ctx, slug)
	if err != nil {
		return nil, err
	}
	reqs, err := s.Tenants.HostnameRequests(ctx, slug)
	if err != nil {
		return nil, err
	}
	at := s.Tenants.Address(ctx, slug)
	portal := s.OrgURL(c)
	scheme, _, _ := strings.Cut(portal, "://")
	p := &addressesPage{PortalURL: portal, Scheme: scheme, Hostnames: hosts, Errors: errs.Fields{},
		Target: at + "." + strings.TrimSuffix(s.Tenants.BaseDomain(), ".")}
	for _, r := range reqs {
		p.Requests = append(p.Requests, hostRequest{Hostname: r, Record: tenants.CNAME(r.Host, at, s.Tenants.BaseDomain())})
	}
	return p, nil
}

func (s *handler) showAddresses(c echo.Context, status int, p *addressesPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_addresses", Title: "Addresses", Data: p, Wide: true, Block: block})
}

// addressesPage shows the portal's address, its custom hostnames and the
// requests waiting, with the form to ask for another.
func (s *handler) addressesPage(c echo.Context) error {
	p, err := s.loadAddresses(c)
	if err != nil {
		return err
	}
	p.Notice = addressesNotice(c.QueryParam("done"))
	return s.showAddresses(c, http.StatusOK, p, "")
}

// requestHostname records a request for a custom hostname, audited. A
// refused hostname is shown again with the reason next to it (422).
func (s *handler) requestHostname(c echo.Context) error {
	typed := c.FormValue("host")
	slug := handlers.OrgOf(c).Slug
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		// The catalog is written inside the audit's transaction: should
		// the catalog refuse, nothing is audited.
		host, err := s.Tenants.RequestHostname(ctx, slug, typed, s.Now())
		return "hostname.requested", host, "", err
	})
	if e, ok := errs.As(err); ok && e.Fields["host"] != "" {
		p, lerr := s.loadAddresses(c)
		if lerr != nil {
			return lerr
		}
		p.Host, p.Errors["host"] = typed, e.Fields["host"]
		return s.showAddresses(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "addresses-screen"))
	}
	if err != nil {
		return err
	}
	return s.addressesDone(c, "requested")
}

// withdrawHostname withdraws a request still waiting, audited.
func (s *handler) withdrawHostname(c echo.Context) error {
	host := c.FormValue("host")
	slug := handlers.OrgOf(c).Slug
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		return "hostname.withdrawn", strings.ToLower(strings.TrimSpace(host)), "", s.Tenants.WithdrawHostnameRequest(ctx, slug, host)
	})
	if err != nil {
		return err
	}
	return s.addressesDone(c, "withdrawn")
}

// addressesDone answers a change that worked: the screen again, by
// redirect or in place for htmx.
func (s *handler) addressesDone(c echo.Context, key string) error {
	return handlers.Done(c, addressesURL+"?done="+url.QueryEscape(key), "addresses-screen", func() error {
		p, err := s.loadAddresses(c)
		if err != nil {
			return err
		}
		p.Notice = addressesNotice(key)
		return s.showAddresses(c, http.StatusOK, p, "addresses-screen")
	})
}
