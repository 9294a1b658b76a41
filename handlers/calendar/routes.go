// Package calendar serves the building calendar: managers plan, move and
// cancel events at their sites, the people affected are emailed, and
// residents see what is coming and subscribe to their own feed of it.
package calendar

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_event", "event-form")
	k.Blocks("calendar", "calendar-feed")
	g := s.Admin(e, "/calendar", auth.SeePeople)
	g.GET("", s.listPage)
	g.GET("/new", s.newPage)
	g.GET("/:id", s.editPage)
	m := g.Needing(auth.PostNotices)
	m.POST("", s.create)
	m.POST("/:id", s.update)
	m.POST("/:id/cancel", s.cancel)

	r := s.Person(e, "/calendar")
	r.GET("", s.residentPage)
	r.POST("/feed", s.newFeed)
	r.POST("/feed/stop", s.stopFeed)
	// The feed is read by a phone's calendar, which cannot sign in: its
	// secret address is the key.
	s.Org(e, "/calendar/feed").GET("/:token", s.feed)
}
