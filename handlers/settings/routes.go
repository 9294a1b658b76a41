// Package settings serves the organisation's branding screen: its name,
// logo, colour and contact details, with a live preview of the portal and
// of an email as they will look.
package settings

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// brandingURL is the address of the branding screen.
const brandingURL = "/admin/settings/branding"

// Routes registers this feature's routes: the branding screen and its
// previews, for those who may configure the portal.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_branding", "branding-editor", "branding-preview")
	g := s.Admin(e, "/settings/branding", auth.ConfigurePortal)
	g.GET("", s.brandingPage)
	g.POST("", s.saveBranding)
	g.POST("/logo", s.saveLogo)
	g.POST("/logo/remove", s.removeLogo)
	g.POST("/preview", s.previewBranding)
	g.GET("/preview.css", s.previewCSS)
	g.GET("/email-preview", s.emailPreview)
}
