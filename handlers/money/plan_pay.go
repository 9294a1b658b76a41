package money

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/plans"
)

// planPayTarget is the pay page for what a plan being kept asks for now:
// the instalments past their date still unpaid, or else the next one. The
// payment goes towards the account, and like any receipt it pays off the
// oldest invoices first: those the plan covers.
func (s *handler) planPayTarget(c echo.Context) (*payPage, error) {
	v, err := s.planOfPerson(c)
	if err != nil {
		return nil, err
	}
	if v.Plan.Status != plans.StatusActive || !v.Unit.Current {
		s.Deny(c, "paying a plan that is not being kept")
		return nil, moneyNotFound
	}
	pp := &payPage{Unit: v.Unit, Due: v.DueNow, Plan: &v.Plan}
	if err := s.fillPayPage(c, pp); err != nil {
		return nil, err
	}
	pp.Part = false // an instalment is paid as it stands
	return pp, nil
}

func (s *handler) planPayPage(c echo.Context) error {
	pp, err := s.planPayTarget(c)
	if err != nil {
		return err
	}
	return s.showPayPage(c, http.StatusOK, pp)
}

func (s *handler) planPay(c echo.Context) error {
	pp, err := s.planPayTarget(c)
	if err != nil {
		return err
	}
	return s.startPayment(c, pp)
}
