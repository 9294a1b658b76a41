package properties

import (
	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/owners"
)

// staffPhoto sends a member of staff's photo (its thumbnail: the card
// shows it small) to staff, and to an owner only while that member of
// staff is linked to a property the owner owns today and sees in their
// portal. Anyone else, and anyone asking for a photo that does not exist,
// gets the same 404.
func (s *handler) staffPhoto(c echo.Context) error {
	ctx := c.Request().Context()
	o, id := handlers.OrgOf(c), handlers.IdentityOf(c)
	q := o.DB.Read()
	notHere := errs.E(errs.NotFound, "There is no photo at this address.")
	member, err := estate.GetPerson(ctx, q, c.Param("id"))
	if errs.Is(err, errs.NotFound) {
		return notHere
	}
	if err != nil {
		return err
	}
	if id.Scope.StaffRole == "" {
		props, err := id.Scope.Properties(ctx, q)
		if err != nil {
			return err
		}
		units := make([]int64, len(props))
		for i, p := range props {
			units[i] = p.UnitID
		}
		linked, err := owners.LinkedToAny(ctx, q, member.ID, units)
		if err != nil {
			return err
		}
		if !linked {
			s.Deny(c, "staff photo of "+member.PublicID+", not linked to a property of theirs")
			return notHere
		}
	}
	hash, err := owners.StaffPhoto(ctx, q, member.ID)
	if errs.Is(err, errs.NotFound) || err == nil && hash == "" {
		return notHere
	}
	if err != nil {
		return err
	}
	b, err := s.Files.Thumb(ctx, o.DB, hash)
	if err != nil {
		return err
	}
	return handlers.SendFile(c, b, member.FullName)
}
