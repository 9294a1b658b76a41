package documents

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/estate"
	"porch/handlers"
)

// certificatesPage is every home's certificate that expired or expires
// within documents.DueSoonDays, and was not replaced by a newer one, the
// soonest first.
type certificatesPage struct {
	Certificates []documents.Certificate
	Today        time.Time
	Days         int
}

// Expired is how many of the certificates have expired.
func (p *certificatesPage) Expired() int {
	n := 0
	for _, c := range p.Certificates {
		if c.State == documents.CertExpired {
			n++
		}
	}
	return n
}

func (s *handler) certificatesDue(c echo.Context) error {
	today := estate.UKDate(s.Now())
	cs, err := documents.CertificatesDue(c.Request().Context(), handlers.OrgOf(c).DB.Read(), today)
	if err != nil {
		return err
	}
	p := &certificatesPage{Certificates: cs, Today: today, Days: documents.DueSoonDays}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_doc_certificates", Title: "Certificates to renew", Data: p, Wide: true})
}
