package staff

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/estate"
	"porch/handlers"
	"porch/owners"
)

// A member of staff's photo is what owners see on the card of their
// contact at the agency. It is uploaded on the team screen by whoever may
// manage that member (auth.MayManage), goes through the file store (which
// encodes it again without its metadata) and is served only through the
// owner portal's authorised photo route.

// teamPhotoRoutes registers the photo's upload and removal.
func (s *handler) teamPhotoRoutes(e *echo.Echo) {
	m := s.Admin(e, "/settings/team", auth.ManageStaff)
	m.POST("/:id/photo", s.setPhoto)
	m.POST("/:id/photo/remove", s.removePhoto)
	s.AllowUploads(teamURL + "/:id/photo")
}

// PhotoURL is where the member's photo is served.
func (r teamRow) PhotoURL() string { return owners.StaffPhotoURL(r.PersonPublicID) }

// Initials stand in for the member's photo when there is none.
func (r teamRow) Initials() string { return owners.Initials(r.FullName) }

// setPhoto gives the member of the path the photo posted in the field
// "photo".
func (s *handler) setPhoto(c echo.Context) error {
	member, err := estate.GetPerson(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	mp, err := s.ReadMultipart(c, "photo", 1)
	if err != nil {
		return err
	}
	hash, problem, err := s.storePhoto(c, mp)
	if err != nil {
		return err
	}
	if problem != "" {
		return s.teamAnswer(c, "photo", member.PublicID, handlers.Refuse(problem))
	}
	err = s.changePhoto(c, member, hash)
	return s.teamAnswer(c, "photo", member.PublicID, err)
}

// storePhoto puts the one photo of the post in the file store and returns
// its hash, or what is wrong with it.
func (s *handler) storePhoto(c echo.Context, mp handlers.Multipart) (hash, problem string, err error) {
	if mp.Problem != "" {
		return "", mp.Problem, nil
	}
	if len(mp.Files) == 0 {
		return "", "Choose a photo to upload.", nil
	}
	stored, problem, err := s.StoreUploads(c, mp.Files)
	if err != nil || problem != "" {
		return "", problem, err
	}
	if len(stored) != 1 || !stored[0].IsImage() {
		return "", fmt.Sprintf("%q is not a photo: choose a JPEG, PNG or WebP picture.", mp.Files[0].Name), nil
	}
	return stored[0].Hash, "", nil
}

// removePhoto takes the member of the path's photo away.
func (s *handler) removePhoto(c echo.Context) error {
	member, err := estate.GetPerson(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.teamAnswer(c, "photo_removed", member.PublicID, s.changePhoto(c, member, ""))
}

// changePhoto stores the member's photo, hash "" for none, audited, if the
// signed-in member of staff's rank allows it.
func (s *handler) changePhoto(c echo.Context, member estate.Person, hash string) error {
	actor := handlers.IdentityOf(c)
	return s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		role, err := estate.StaffRole(ctx, tx, member.ID)
		if err != nil {
			return "", "", "", err
		}
		if !auth.MayManage(actor.Scope.StaffRole, role) {
			return "", "", "", outranked()
		}
		if _, err := owners.SetStaffPhoto(ctx, tx, member.ID, hash); err != nil {
			return "", "", "", err
		}
		if hash == "" {
			return "staff.photo_removed", member.PublicID, "", nil
		}
		return "staff.photo_set", member.PublicID, "", nil
	})
}
