package books

import (
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
)

// ledgerServedPosted records that the run's copies to post were posted,
// on the day the manager gives (today unless changed): not a day to come,
// nor one before the demands were served.
func (s *handler) ledgerServedPosted(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := s.loadServed(c)
	if err != nil {
		return err
	}
	p.PostedOn = strings.TrimSpace(c.FormValue("posted_on"))
	f := errs.Fields{}
	on := handlers.DateField(f, "posted_on", p.PostedOn)
	today := s.Today()
	switch {
	case len(f) > 0:
	case on.After(today):
		f.Add("posted_on", "Enter the day the copies went in the post: it cannot be a day still to come.")
	case on.Before(p.ServedOn()):
		f.Add("posted_on", "The demands were served on "+p.ServedOn().Format("2 January 2006")+"; the copies cannot have been posted before that.")
	}
	if len(f) > 0 {
		p.Errors = f
		return s.showServed(c, http.StatusUnprocessableEntity, p)
	}
	var n int
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = ledger.MarkPosted(ctx, tx, p.First, p.Last, on); err != nil || n == 0 {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.demands_posted", fmt.Sprintf("%d-%d", p.First, p.Last),
			fmt.Sprintf("%d %s posted on %s", n, handlers.Plural(n, "copy", "copies"), on.Format("2006-01-02")))
	})
	if err != nil {
		return err
	}
	if handlers.HX(c).Swaps() != "served-run" {
		return handlers.Redirect(c, p.URL+"&posted="+fmt.Sprint(n)+"&on="+on.Format("2006-01-02"))
	}
	if p, err = s.loadServed(c); err != nil {
		return err
	}
	p.Notice = postedNotice(n, on)
	return s.showServed(c, http.StatusOK, p)
}

// postedNotice says how many copies were marked posted, and when.
func postedNotice(n int, on time.Time) string {
	if n == 0 {
		return "Every copy to post was already marked posted."
	}
	return fmt.Sprintf("Marked %d %s as posted on %s.", n, handlers.Plural(n, "copy", "copies"), on.Format("2 January 2006"))
}
