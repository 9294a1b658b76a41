package tickets_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
	"porch/tickets"
)

// titles lists the titles of the list's rows, in order.
func titles(d *goquery.Document) []string {
	var out []string
	d.Find(`#ticket-list tbody th a`).Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
	return out
}

// deskFixture is a book with tickets that differ in each dimension the
// list filters by.
func deskFixture(t *testing.T) (*book, map[string]tickets.Ticket) {
	t.Helper()
	b := newBook(t)
	ts := map[string]tickets.Ticket{}
	now := webtest.Now
	ts["leak"] = b.raise(t, "Leak in the bathroom", now.AddDate(0, 0, -10))
	ts["lift"] = b.raise(t, "Lift stuck", now.AddDate(0, 0, -2), func(n *tickets.New) {
		n.CategoryID = b.category(t, "Lift").ID
		n.Location = tickets.LocationCommunal
	})
	ts["bob"] = b.raise(t, "Broken window", now, func(n *tickets.New) {
		n.UnitID, n.RaisedBy, n.CreatedBy, n.Priority = b.ppl.FlatB.ID, b.ppl.Bob.ID, b.ppl.Bob.ID, tickets.PriorityUrgent
	})
	ts["done"] = b.raise(t, "Door fixed", now.AddDate(0, 0, -1))
	b.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tickets.SetStatus(ctx, tx, now, ts["done"], tickets.StatusResolved, b.ppl.Manager.ID); err != nil {
			return err
		}
		_, err := tickets.Assign(ctx, tx, now, ts["lift"], b.ppl.Manager.PublicID, b.ppl.Manager.ID)
		return err
	})
	// A second site, with a request of its own.
	b.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Mill House", Kind: estate.KindBlock,
			AddressLine1: "2 Mill Lane", Town: "Bath", Postcode: "BA1 1AA"}, now)
		if err != nil {
			return err
		}
		ts["mill"], err = tickets.RaiseFor(ctx, tx, now, tickets.New{SiteID: site.ID, CategoryID: b.category(t, "Lift").ID,
			Title: "Mill lift noisy", Description: "Grinding noise."}, b.ppl.Manager.ID)
		return err
	})
	return b, ts
}

func TestDeskListFiltersAndTheURLRoundTrips(t *testing.T) {
	t.Parallel()
	b, ts := deskFixture(t)
	mill := b.ticket(t, ts["mill"].PublicID)
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"Mill lift noisy", "Broken window", "Lift stuck", "Leak in the bathroom"}},
		{"status=all", []string{"Mill lift noisy", "Broken window", "Door fixed", "Lift stuck", "Leak in the bathroom"}},
		{"status=resolved", []string{"Door fixed"}},
		{"status=new&sort=oldest", []string{"Leak in the bathroom", "Lift stuck", "Broken window", "Mill lift noisy"}},
		{"site=" + mill.SitePublicID, []string{"Mill lift noisy"}},
		{"category=" + b.category(t, "Lift").PublicID, []string{"Mill lift noisy", "Lift stuck"}},
		{"assignee=none", []string{"Mill lift noisy", "Broken window", "Leak in the bathroom"}},
		{"assignee=me", []string{"Lift stuck"}},
		{"assignee=" + b.ppl.Manager.PublicID, []string{"Lift stuck"}},
		{"priority=urgent", []string{"Broken window"}},
		{"age=7", []string{"Leak in the bathroom"}},
		{"q=window", []string{"Broken window"}},
		{"q=%23" + strconv.FormatInt(ts["lift"].Number, 10), []string{"Lift stuck"}},
		{"q=%25", nil},
	}
	for _, tt := range tests {
		path := "/admin/tickets"
		if tt.query != "" {
			path += "?" + tt.query
		}
		rec := b.mgr.Get(path)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		d := webtest.Doc(t, rec)
		if got := titles(d); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", path, got, tt.want)
		}
		// The form shows the filter, so sending it again gives the same list.
		form := url.Values{}
		d.Find(`form.desk-filter select, form.desk-filter input`).Each(func(_ int, s *goquery.Selection) {
			name := s.AttrOr("name", "")
			if goquery.NodeName(s) == "select" {
				form.Set(name, s.Find(`option[selected]`).AttrOr("value", s.Find(`option`).First().AttrOr("value", "")))
			} else {
				form.Set(name, s.AttrOr("value", ""))
			}
		})
		again := webtest.Doc(t, b.mgr.Get("/admin/tickets?"+form.Encode(), "HX-Request", "true", "HX-Target", "ticket-list"))
		if got := titles(again); !slices.Equal(got, tt.want) {
			t.Errorf("%s sent again as %s: %q", path, form.Encode(), got)
		}
		if again.Find(`h1`).Length() != 0 || again.Find(`#ticket-list`).Length() != 1 {
			t.Errorf("%s: htmx did not get the results block alone", path)
		}
	}
	empty := webtest.Doc(t, b.mgr.Get("/admin/tickets?q=nothing+like+this"))
	if !strings.Contains(empty.Find(`.desk-empty`).Text(), "No requests match this filter") {
		t.Errorf("empty state: %q", empty.Find(`#ticket-list`).Text())
	}
	if got := strings.TrimSpace(webtest.Doc(t, b.mgr.Get("/admin/tickets")).Find(`.desk-count`).Text()); got != "Showing 1–4 of 4 requests." {
		t.Errorf("count line %q", got)
	}
}

func TestDeskRowChangesInPlaceAndWithoutJavaScript(t *testing.T) {
	t.Parallel()
	b, ts := deskFixture(t)
	leak := ts["leak"]
	row := "t-" + leak.PublicID
	back := "/admin/tickets?priority=normal"

	rec := b.mgr.Post("/admin/tickets/"+leak.PublicID+"/status", url.Values{"status": {"in_progress"}, "back": {back}},
		"HX-Request", "true", "HX-Target", row)
	if rec.Code != http.StatusOK {
		t.Fatalf("htmx status: %d %s", rec.Code, rec.Body.String())
	}
	d := rowDoc(t, rec)
	if d.Find(`tr#`+row).Length() != 1 || d.Find(`h1`).Length() != 0 ||
		d.Find(`select[name="status"] option[selected]`).AttrOr("value", "") != "in_progress" {
		t.Errorf("htmx answer is not the row with its new status: %.400s", rec.Body.String())
	}
	if d.Find(`input[name="back"]`).First().AttrOr("value", "") != back {
		t.Error("the row forgot the list it is on")
	}

	rec = b.mgr.Post("/admin/tickets/"+leak.PublicID+"/priority", url.Values{"priority": {"high"}, "back": {back}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/tickets?done=priority&priority=normal" {
		t.Fatalf("plain priority: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if d := webtest.Doc(t, b.mgr.Get(rec.Header().Get("Location"))); !strings.Contains(d.Find(`.notice.success`).Text(), "Saved.") {
		t.Error("no notice back on the list")
	}
	rec = b.mgr.Post("/admin/tickets/"+leak.PublicID+"/assignee", url.Values{"assignee": {b.ppl.Manager.PublicID}},
		"HX-Request", "true", "HX-Target", row)
	if rec.Code != http.StatusOK || rowDoc(t, rec).Find(`select[name="assignee"] option[selected]`).Text() != "Morgan Manager" {
		t.Errorf("htmx assign: %d", rec.Code)
	}
	got := b.ticket(t, leak.PublicID)
	if got.Status != tickets.StatusInProgress || got.Priority != tickets.PriorityHigh || got.AssigneeID != b.ppl.Manager.ID {
		t.Errorf("saved %s %s %d", got.Status, got.Priority, got.AssigneeID)
	}
	for _, a := range []string{"ticket.status", "ticket.priority", "ticket.assignee"} {
		if b.f.AuditCount("acme", a, leak.PublicID) != 1 {
			t.Errorf("no %s audit entry", a)
		}
	}

	// A value no select offers is refused next to the row, nothing saved;
	// a resident cannot be given a ticket.
	rec = b.mgr.Post("/admin/tickets/"+leak.PublicID+"/assignee", url.Values{"assignee": {b.ppl.Alice.PublicID}},
		"HX-Request", "true", "HX-Target", row)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rowDoc(t, rec).Find(`.error-text`).Text(), "member of staff") {
		t.Errorf("assign to a resident: %d %.300s", rec.Code, rec.Body.String())
	}
	rec = b.mgr.Post("/admin/tickets/"+leak.PublicID+"/priority", url.Values{"priority": {"whenever"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad priority: %d", rec.Code)
	}
	if got := b.ticket(t, leak.PublicID); got.AssigneeID != b.ppl.Manager.ID || got.Priority != tickets.PriorityHigh {
		t.Error("a refused change was saved")
	}
	if rec := b.mgr.Post("/admin/tickets/nosuchticket/status", url.Values{"status": {"closed"}}); rec.Code != http.StatusNotFound {
		t.Errorf("unknown ticket: %d", rec.Code)
	}
}

func TestDeskBulkClose(t *testing.T) {
	t.Parallel()
	b, ts := deskFixture(t)
	ids := url.Values{"ids": {ts["leak"].PublicID, ts["lift"].PublicID}, "back": {"/admin/tickets?site=" + b.ticket(t, ts["leak"].PublicID).SitePublicID}}
	rec := b.mgr.Post("/admin/tickets/close", ids)
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "done=closed") {
		t.Fatalf("plain bulk close: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	d := webtest.Doc(t, b.mgr.Get(rec.Header().Get("Location")))
	if got := d.Find(`.notice.success`).Text(); !strings.Contains(got, "Closed 2 requests.") {
		t.Errorf("notice %q", got)
	}
	if got := titles(d); !slices.Equal(got, []string{"Broken window"}) {
		t.Errorf("open on the site after closing: %q", got)
	}
	for _, k := range []string{"leak", "lift"} {
		if got := b.ticket(t, ts[k].PublicID); got.Status != tickets.StatusClosed {
			t.Errorf("%s: %s", k, got.Status)
		}
		if b.f.AuditCount("acme", "ticket.status", ts[k].PublicID) != 1 {
			t.Errorf("%s: closing not audited", k)
		}
		evs, _ := tickets.Events(context.Background(), b.f.DB("acme").Read(), ts[k].ID, true)
		if last := evs[len(evs)-1]; last.Kind != "status" || !strings.Contains(last.Detail, "Closed") {
			t.Errorf("%s: timeline ends %+v", k, last)
		}
	}
	rec = b.mgr.Post("/admin/tickets/close", url.Values{"ids": {ts["bob"].PublicID}, "back": {"/admin/tickets"}},
		"HX-Request", "true", "HX-Target", "bulk-close")
	if rec.Code != http.StatusOK || !strings.Contains(webtest.Doc(t, rec).Find(`#ticket-list .notice.success`).Text(), "Closed 1 request.") {
		t.Errorf("htmx bulk close: %d %.300s", rec.Code, rec.Body.String())
	}
	rec = b.mgr.Post("/admin/tickets/close", url.Values{"back": {"/admin/tickets"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Tick the requests to close first.") {
		t.Errorf("nothing ticked: %d", rec.Code)
	}
	rec = b.mgr.Post("/admin/tickets/close", url.Values{"ids": {ts["mill"].PublicID, "nosuchticketid"}})
	if rec.Code != http.StatusUnprocessableEntity || b.ticket(t, ts["mill"].PublicID).Status == tickets.StatusClosed {
		t.Errorf("an unknown id closed the rest: %d", rec.Code)
	}
}

// Read-only staff see the list and a ticket without any control, and
// every change is refused.
func TestDeskReadOnlySeesButCannotChange(t *testing.T) {
	t.Parallel()
	b, ts := deskFixture(t)
	ro, _ := b.signedIn(t, "Rita Reader", "rita@acme.example", estate.StaffRoleReadOnly)
	d := webtest.Doc(t, ro.Get("/admin/tickets"))
	if len(titles(d)) != 4 || d.Find(`#ticket-list select, #bulk-close, a[href="/admin/tickets/new"]`).Length() != 0 {
		t.Errorf("read-only list: %d rows, %d controls", len(titles(d)), d.Find(`#ticket-list select, #bulk-close`).Length())
	}
	leak := ts["leak"].PublicID
	d = webtest.Doc(t, ro.Get("/admin/tickets/"+leak))
	if d.Find(`#ticket-head form, .desk-ticket form`).Length() != 0 || !strings.Contains(d.Find(`.desk-head-facts`).Text(), "Open") {
		t.Errorf("read-only ticket page has forms or no status")
	}
	for _, p := range []struct {
		path string
		form url.Values
	}{
		{"/admin/tickets/" + leak + "/status", url.Values{"status": {"closed"}}},
		{"/admin/tickets/" + leak + "/priority", url.Values{"priority": {"urgent"}}},
		{"/admin/tickets/" + leak + "/assignee", url.Values{"assignee": {b.ppl.Manager.PublicID}}},
		{"/admin/tickets/" + leak + "/reply", url.Values{"body": {"Hello"}}},
		{"/admin/tickets/" + leak + "/visit", url.Values{"date": {"2026-03-20"}}},
		{"/admin/tickets/close", url.Values{"ids": {leak}}},
		{"/admin/tickets/new", url.Values{"title": {"x"}}},
	} {
		if rec := ro.Post(p.path, p.form); rec.Code != http.StatusForbidden {
			t.Errorf("%s: %d", p.path, rec.Code)
		}
	}
	if got := b.ticket(t, leak); got.Status != tickets.StatusOpen || got.Priority != tickets.PriorityNormal || got.Appointment.Booked() {
		t.Error("a read-only member changed a ticket")
	}
}

// rowDoc parses an answer that is one table row, inside a table as a
// browser would place it.
func rowDoc(t *testing.T, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader("<table><tbody>" + rec.Body.String() + "</tbody></table>"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Choosing the value a ticket has already changes nothing and records
// nothing.
func TestDeskSameValueLeavesNoTrace(t *testing.T) {
	t.Parallel()
	b, ts := deskFixture(t)
	leak := ts["leak"]
	for key, v := range map[string]string{"status": "open", "priority": "normal", "assignee": ""} {
		if rec := b.mgr.Post("/admin/tickets/"+leak.PublicID+"/"+key, url.Values{key: {v}}); rec.Code != http.StatusSeeOther {
			t.Errorf("%s: %d", key, rec.Code)
		}
		if n := b.f.AuditCount("acme", "ticket."+key, leak.PublicID); n != 0 {
			t.Errorf("%s: %d audit entries", key, n)
		}
	}
	if got := b.ticket(t, leak.PublicID); !got.UpdatedAt.Equal(leak.UpdatedAt) {
		t.Error("the ticket was touched")
	}
}

// Whatever the address says, the list answers: nonsense filters match
// nothing or are ignored, never a 500.
func TestDeskListTakesAnyAddress(t *testing.T) {
	t.Parallel()
	b, _ := deskFixture(t)
	for _, q := range []string{"status=bogus", "age=abc", "age=-5", "page=-1", "page=99999999999999999999", "page=9223372036854775807",
		"site=x'--", "assignee=%00", "priority=%27", "sort=sideways", "q=" + strings.Repeat("x", 3000)} {
		if rec := b.mgr.Get("/admin/tickets?" + q); rec.Code != http.StatusOK {
			t.Errorf("%s: %d", q, rec.Code)
		}
	}
}
