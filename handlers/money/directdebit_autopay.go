package money

import (
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/payments"
)

// ddAutoPay turns paying new demands automatically by Direct Debit on or
// off for one of the person's mandates. Turning it on for one turns it off
// for their others at the same home, so each demand is collected once.
func (s *handler) ddAutoPay(c echo.Context) error {
	m, u, err := s.ddMandateParam(c, c.Param("mandate"))
	if err != nil {
		return err
	}
	if _, err := s.ddAPI(c); err != nil {
		return err
	}
	var on bool
	switch c.FormValue("auto_pay") {
	case "on":
		on = true
	case "off":
	default:
		return s.showDDRefusal(c, http.StatusUnprocessableEntity, u, "auto_pay", "Choose whether to pay new demands automatically.")
	}
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		if _, err := payments.SetAutoPay(ctx, tx, s.Now(), m.ID, on); err != nil {
			return err
		}
		word := "off"
		if on {
			word = "on"
		}
		return s.AuditTx(ctx, c, tx, &m.PersonID, "direct_debit.auto_pay", "mandate "+m.PublicID, "automatic payments "+word)
	})
	if errs.Is(err, errs.Conflict) {
		de, _ := errs.As(err)
		return s.showDDRefusal(c, http.StatusConflict, u, "auto_pay", de.Message)
	}
	if err != nil {
		return err
	}
	done := "auto_off"
	if on {
		done = "auto_on"
	}
	return handlers.Redirect(c, "/money/units/"+u.PublicID+"/direct-debit?done="+done)
}

// validPublicID reports whether s looks like a public id, before it is
// put in a URL.
func validPublicID(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
