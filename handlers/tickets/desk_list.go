package tickets

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
	"porch/tickets"
)

// listForm is the list's filter as its address carries it, so a filtered
// list is a link to keep or send. No status in the address means the
// tickets still open.
type listForm struct {
	Site, Status, Category, Assignee, Priority, Age, Q, Sort string
	Page                                                     int
}

// maxPage bounds the page asked for, far beyond any list, so the offset
// it makes cannot overflow.
const maxPage = 100_000

// assigneeMe is the assignee filter for the signed-in member of staff.
const assigneeMe = "me"

// readFilter reads the filter from an address's query.
func readFilter(v url.Values) listForm {
	f := listForm{Site: v.Get("site"), Status: v.Get("status"), Category: v.Get("category"), Assignee: v.Get("assignee"),
		Priority: v.Get("priority"), Age: v.Get("age"), Q: v.Get("q"), Sort: v.Get("sort")}
	if !v.Has("status") {
		f.Status = tickets.FilterOpen
	}
	if n, err := strconv.Atoi(f.Age); err != nil || n < 1 || n > 3650 {
		f.Age = ""
	}
	if f.Sort != "oldest" {
		f.Sort = ""
	}
	f.Page, _ = strconv.Atoi(v.Get("page"))
	f.Page = min(max(f.Page, 1), maxPage)
	return f
}

// filter is the domain's filter, "me" read as the person's public id.
func (f listForm) filter(me string) tickets.Filter {
	out := tickets.Filter{Site: f.Site, Status: f.Status, Category: f.Category, Assignee: f.Assignee,
		Priority: f.Priority, Q: f.Q, Oldest: f.Sort == "oldest", Page: f.Page}
	if f.Assignee == assigneeMe {
		out.Assignee = me
	}
	out.OlderThan, _ = strconv.Atoi(f.Age)
	return out
}

// URL is the list's address with this filter, on page (1 for the first).
func (f listForm) URL(page int) string {
	v := url.Values{}
	for k, val := range map[string]string{"site": f.Site, "category": f.Category, "assignee": f.Assignee,
		"priority": f.Priority, "age": f.Age, "q": f.Q, "sort": f.Sort} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if f.Status != tickets.FilterOpen {
		v.Set("status", f.Status)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return deskURL
	}
	return deskURL + "?" + v.Encode()
}

// Filtered reports whether the filter narrows the open tickets at all.
func (f listForm) Filtered() bool { return f.URL(1) != deskURL }

// listPage is the list of tickets with its filter.
type listPage struct {
	Form         listForm
	Rows         []ticketRow
	Total        int
	First, Last  int // the rows shown, counted from 1
	Prev, Next   string
	Here         string // this page of the list, for forms to come back to
	Sites        []estate.SiteSummary
	Categories   []tickets.Category
	Choices      *choices
	CanWork      bool
	Notice       string
	Error        string
	StatusFilter []choice
}

// ticketRow is one ticket in the list with what its selects need.
type ticketRow struct {
	tickets.Ticket
	Choices *choices
	CanWork bool
	Back    string
	Error   string
	Now     time.Time
}

// RowID is the id of the row's element.
func (r ticketRow) RowID() string { return "t-" + r.PublicID }

// Age is how long ago the ticket was raised, in days.
func (r ticketRow) Age() string {
	d := int(r.Now.Sub(r.CreatedAt).Hours() / 24)
	switch {
	case d < 1:
		return "Today"
	case d == 1:
		return "1 day"
	}
	return fmt.Sprintf("%d days", d)
}

// statusFilter offers the status filter's choices.
func statusFilter() []choice {
	out := []choice{{tickets.FilterOpen, "All open"}, {tickets.FilterAll, "Any status"}, {tickets.FilterNew, "Open, not started"}}
	for _, st := range tickets.Statuses[1:] {
		out = append(out, choice{st, tickets.StatusLabel(st)})
	}
	return out
}

// loadList reads a page of the list for the filter.
func (s *handler) loadList(c echo.Context, f listForm) (*listPage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	me := handlers.IdentityOf(c).Person.PublicID
	rows, total, err := tickets.List(ctx, q, s.Now(), f.filter(me))
	if err != nil {
		return nil, err
	}
	p := &listPage{Form: f, Total: total, Here: f.URL(f.Page), CanWork: canWork(c), StatusFilter: statusFilter()}
	if p.Choices, err = loadChoices(ctx, q); err != nil {
		return nil, err
	}
	if p.Sites, _, err = estate.FindSites(ctx, q, estate.SiteFilter{}); err != nil {
		return nil, err
	}
	if p.Categories, err = tickets.ListCategories(ctx, q); err != nil {
		return nil, err
	}
	for _, t := range rows {
		p.Rows = append(p.Rows, ticketRow{Ticket: t, Choices: p.Choices, CanWork: p.CanWork, Back: p.Here, Now: s.Now()})
	}
	if len(rows) > 0 {
		p.First = (f.Page-1)*tickets.PageSize + 1
		p.Last = p.First + len(rows) - 1
	}
	if f.Page > 1 {
		p.Prev = f.URL(f.Page - 1)
	}
	if p.Last < total {
		p.Next = f.URL(f.Page + 1)
	}
	return p, nil
}

// listNotice is the confirmation a plain post comes back to the list with.
func listNotice(v url.Values) string {
	switch v.Get("done") {
	case "closed":
		n, _ := strconv.Atoi(v.Get("n"))
		if n == 1 {
			return "Closed 1 request."
		}
		return fmt.Sprintf("Closed %d requests.", n)
	case "status", "priority", "assignee":
		return "Saved."
	}
	return ""
}

// deskList is the list of tickets, filtered by its address.
func (s *handler) deskList(c echo.Context) error {
	p, err := s.loadList(c, readFilter(c.QueryParams()))
	if err != nil {
		return err
	}
	p.Notice = listNotice(c.QueryParams())
	return s.showList(c, http.StatusOK, p)
}

// showList renders the list, or its results block for htmx.
func (s *handler) showList(c echo.Context, status int, p *listPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_tickets", Title: "Requests", Data: p, Wide: true})
}

// StatusText and PriorityText are the row's status and priority in words.
func (r ticketRow) StatusText() string   { return tickets.StatusLabel(r.Status) }
func (r ticketRow) PriorityText() string { return tickets.PriorityLabel(r.Priority) }
