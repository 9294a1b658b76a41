package settings

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// readLogo reads the uploaded logo file; msg says why there is none to
// read.
func readLogo(c echo.Context) (data []byte, msg string, err error) {
	req := c.Request()
	if err := req.ParseMultipartForm(handlers.MaxBody); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return nil, "The logo must be 512 KB or smaller.", nil
		case errors.Is(err, http.ErrNotMultipart):
			return nil, "Choose an image file for the logo.", nil
		}
		return nil, "", echo.NewHTTPError(http.StatusBadRequest)
	}
	fh, err := c.FormFile("logo")
	if err != nil {
		return nil, "Choose an image file for the logo.", nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, estate.MaxLogoBytes+1))
	return data, "", err
}

// saveLogo replaces the logo with the uploaded image, checked by its
// content (estate.CheckLogo), or shows the screen with the problem.
func (s *handler) saveLogo(c echo.Context) error {
	data, msg, err := readLogo(c)
	if err != nil {
		return err
	}
	if msg != "" {
		return s.logoRefused(c, errs.Fields{"logo": msg})
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		return "settings.logo", "settings", "logo replaced", estate.SetLogo(ctx, tx, data, s.Now())
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		return s.logoRefused(c, fields)
	}
	if err != nil {
		return err
	}
	return handlers.Redirect(c, brandingURL+"?saved=logo")
}

// logoRefused shows the screen, as saved, with why the logo was refused.
func (s *handler) logoRefused(c echo.Context, f errs.Fields) error {
	return s.show(c, http.StatusUnprocessableEntity, &brandingPage{Form: savedBranding(handlers.OrgOf(c).Settings), Errors: f})
}

// removeLogo forgets the logo: the name stands alone.
func (s *handler) removeLogo(c echo.Context) error {
	if handlers.OrgOf(c).Settings.HasLogo() {
		err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			return "settings.logo", "settings", "logo removed", estate.RemoveLogo(ctx, tx, s.Now())
		})
		if err != nil {
			return err
		}
	}
	return handlers.Redirect(c, brandingURL+"?saved=nologo")
}
