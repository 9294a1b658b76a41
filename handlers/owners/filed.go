package owners

import (
	"time"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/owners"
)

// issuedStatement downloads a statement the agency issued to the
// signed-in landlord; anyone else's is a missing page.
func (s *handler) issuedStatement(c echo.Context) error {
	if _, err := s.ownProperties(c); err != nil {
		return err
	}
	ctx, o := c.Request().Context(), handlers.OrgOf(c)
	st, err := owners.IssuedStatement(ctx, o.DB.Read(), handlers.IdentityOf(c).Person.ID, c.Param("statement"))
	if err != nil {
		return err
	}
	b, err := s.Files.Get(ctx, o.DB, st.FileHash)
	if err != nil {
		return err
	}
	name := "statement-" + st.From.Format(time.DateOnly) + "-to-" + st.To.Format(time.DateOnly)
	if st.UnitName != "" {
		name = st.UnitName + "-" + name
	}
	return handlers.SendFile(c, b, name)
}
