// Package account serves a person's own access: sign-in with an emailed
// code or a password on a known device, accepting an invitation, sign-out,
// and the profile with devices, password and sign-in email.
package account

import (
	"github.com/labstack/echo/v4"

	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("sign_in", "sign-in-form")
	k.Blocks("sign_in_code", "sign-in-code-form")
	k.Blocks("profile", blockDetails, blockDevices, blockPassword, blockEmail)
	k.Blocks("profile_email", "profile-email-code-form")
	k.Blocks("profile_reauth", "profile-reauth-form")
	s.authRoutes(e)
	s.emailRoutes(e, k)
}
