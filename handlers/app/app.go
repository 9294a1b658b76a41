// Package app assembles Porch's web application: the HTTP kit with every
// feature's routes, in one list. The server and the tests build the
// application through it, so both serve exactly the same routes.
package app

import (
	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/handlers/account"
	"porch/handlers/banking"
	"porch/handlers/books"
	"porch/handlers/home"
	"porch/handlers/lettings"
	"porch/handlers/money"
	"porch/handlers/staff"
)

// Features are the capabilities Porch serves, registered in this order.
var Features = append([]handlers.Feature{
	home.Routes,
	account.Routes,
	staff.Routes,
	books.Routes,
	lettings.Routes,
	banking.Routes,
	money.Routes,
}, handlers.Features...)

// New builds the application with every feature.
func New(cfg handlers.Config) *echo.Echo {
	return handlers.New(cfg, Features...)
}
