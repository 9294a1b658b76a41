// Package contacts serves the office's side of residents' and owners' own
// contact details: the rules for what they may change on their profile,
// and the queue of changes waiting for the office to approve or reject.
// The profile itself is the account feature's.
package contacts

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Addresses of the screens.
const (
	rulesURL = "/admin/settings/contact-details"
	queueURL = "/admin/people/changes"
)

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_contact_rules", "contact-rules")
	k.Blocks("admin_contact_changes", "changes-screen", "change-row")
	// The rules are the organisation's, set by its administrators.
	r := s.Admin(e, "/settings/contact-details", auth.ConfigurePortal)
	r.GET("", s.rulesPage)
	r.POST("", s.saveRules)
	// Deciding a change is changing a person's details: it needs
	// ManageResidents, and for a member of staff's own change a rank at
	// or above theirs (auth.MayManage), as the people screens do.
	q := s.Admin(e, "/people/changes", auth.ManageResidents)
	q.GET("", s.queuePage)
	q.POST("/:id/approve", s.approve)
	q.POST("/:id/reject", s.reject)
}
