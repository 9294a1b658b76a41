package orgadmin

import (
	"bytes"
	"encoding/csv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auditlog"
	"porch/estate"
	"porch/handlers"
)

// auditCSV downloads the entries the filter chooses, newest first, as
// CSV: each entry's sentence beside the codes and ids it was written
// with, so a spreadsheet can sort and count by either.
func (s *handler) auditCSV(c echo.Context) error {
	form, filter := auditFilter(c)
	if len(form.Errors) > 0 {
		return form.Errors.Err()
	}
	filter.All = true
	res, err := auditlog.List(c.Request().Context(), handlers.OrgOf(c).DB.Read(), filter)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"When (UK time)", "What happened", "Changes", "Detail", "Who", "Action", "Action code", "Object", "IP address"})
	for _, e := range res.Entries {
		var changes []string
		for _, ch := range e.Changes {
			s := ch.Old + " → " + ch.New
			if ch.Field != "" {
				s = ch.Field + ": " + s
			}
			changes = append(changes, s)
		}
		who := ""
		if e.PersonID != nil {
			who = e.PersonName
		}
		_ = w.Write([]string{e.At.In(estate.UK).Format("2006-01-02 15:04:05"), handlers.CSVText(e.Sentence),
			handlers.CSVText(strings.Join(changes, "; ")), handlers.CSVText(e.Note), handlers.CSVText(who),
			handlers.CSVText(auditlog.Label(e.Action)), handlers.CSVText(e.Action), handlers.CSVText(e.Object), handlers.CSVText(e.IP)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	name := "audit-log-" + s.Now().In(estate.UK).Format(time.DateOnly) + ".csv"
	return handlers.SendAttachment(c, "text/csv; charset=utf-8", name, buf.Bytes())
}
