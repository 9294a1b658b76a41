package account

import (
	"context"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
)

// landing is where a person goes once signed in: where they were heading
// when sign-in interrupted them, or else their home page, which for staff
// is the admin dashboard (their own homes, if they have any, stay one
// click away at /).
func landing(ctx context.Context, q sqldb.Querier, personID int64, next string) (string, error) {
	dest := handlers.SafeNext(next)
	if dest != "/" {
		return dest, nil
	}
	role, err := estate.StaffRole(ctx, q, personID)
	switch {
	case errs.Is(err, errs.NotFound):
		return "/", nil
	case err != nil:
		return "", err
	case role != "":
		return "/admin", nil
	}
	return "/", nil
}
