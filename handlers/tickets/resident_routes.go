package tickets

import (
	"slices"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/estate"
)

// requestsURL is the resident's list of their requests.
const requestsURL = "/requests"

// residentRoutes registers the resident's side of requests: their list,
// the form that raises one (with its photos), each request's page with its
// thread, and the answers to a resolved one. Every route needs a
// signed-in person; each request is reached only by the person who raised
// it. Unknown pages under /requests answer as the other signed-in areas do.
func (s *handler) residentRoutes(e *echo.Echo) {
	e.Group(requestsURL, s.RequireOrg, s.RequireSignedIn)
	s.Blocks("requests_new", "request-form", "category-field", "photos-field")
	s.Blocks("requests_ticket", "reply-form", "photos-field")
	s.AllowUploads(requestsURL, requestsURL+"/photos", requestsURL+"/:id/messages")

	g := s.Person(e, requestsURL)
	g.GET("", s.listRequests)
	g.GET("/new", s.newRequest)
	g.POST("", s.raiseRequest)
	g.POST("/photos", s.uploadPhotos)
	g.GET("/kept-photo", s.keptPhoto)
	g.GET("/:id", s.showRequest)
	g.POST("/:id/messages", s.replyToRequest)
	g.POST("/:id/confirm", s.confirmRequest)
	g.POST("/:id/reopen", s.reopenRequest)
	g.GET("/:id/photos/:photo", s.requestPhoto)
	g.GET("/:id/photos/:photo/thumb", s.requestPhoto)
}

// reportingRoles are the roles of a person who lives in a home and so may
// report a problem in it; a landlord letting it out (owner) reports
// through their tenant or the agent, not here.
var reportingRoles = []string{estate.RoleLeaseholder, estate.RoleTenant, estate.RoleOccupier}

// homesOf are the units the person may raise a request for: those they
// hold now as a leaseholder, tenant or occupier, each once, in order.
func homesOf(sc auth.Scope) []estate.PersonUnit {
	var out []estate.PersonUnit
	for _, u := range sc.Current {
		if !slices.Contains(reportingRoles, u.Role) || slices.ContainsFunc(out, func(h estate.PersonUnit) bool { return h.UnitID == u.UnitID }) {
			continue
		}
		out = append(out, u)
	}
	return out
}
