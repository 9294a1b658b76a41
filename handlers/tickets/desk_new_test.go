package tickets_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/tickets"
)

func TestDeskRaisesOnBehalfAndForACommunalArea(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	site := b.ticketSite(t)
	d := webtest.Doc(t, b.mgr.Get("/admin/tickets/new?site="+site))
	who := b.ppl.FlatA.PublicID + "." + b.ppl.Alice.PublicID
	if d.Find(`#new-who option[value="`+who+`"]`).Length() != 1 || d.Find(`#new-who option[value="communal"]`).Length() != 1 {
		t.Fatalf("the form does not offer Alice and a communal area: %s", d.Find(`#new-who`).Text())
	}
	leak := b.category(t, "Leak or flood")
	rec := postFiles(t, b.mgr, "/admin/tickets/new", url.Values{"site": {site}, "who": {who}, "location": {"home"},
		"category": {leak.PublicID}, "title": {"Leak from the flat above"}, "description": {"Phoned in: water through the ceiling."},
		"priority": {"high"}, "may_enter": {"yes"}, "access_notes": {"Key with the porter"}}, [][]byte{webtest.PNG(t)})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("raise for Alice: %d %.500s", rec.Code, rec.Body.String())
	}
	id := strings.TrimSuffix(strings.TrimPrefix(rec.Header().Get("Location"), "/admin/tickets/"), "?done=raised")
	tk := b.ticket(t, id)
	if tk.RaisedBy != b.ppl.Alice.ID || tk.CreatedBy != b.ppl.Manager.ID || tk.UnitID != b.ppl.FlatA.ID || tk.Priority != tickets.PriorityHigh ||
		!tk.MayEnter || tk.AccessNotes != "Key with the porter" {
		t.Errorf("raised %+v", tk)
	}
	if ps, _ := tickets.Photos(context.Background(), b.f.DB("acme").Read(), tk.ID, false); len(ps) != 1 {
		t.Errorf("%d photos with the request", len(ps))
	}
	if b.f.AuditCount("acme", "ticket.raised", tk.PublicID) != 1 {
		t.Error("not audited")
	}
	page := webtest.Doc(t, b.mgr.Get(rec.Header().Get("Location")))
	if !strings.Contains(page.Find(`.notice.success`).Text(), "Request raised.") || page.Find(`a[href="/admin/people/`+b.ppl.Alice.PublicID+`"]`).Length() == 0 ||
		!strings.Contains(page.Text(), "Key with the porter") || page.Find(`.desk-main .desk-photos img`).Length() != 1 {
		t.Error("the ticket page lacks the notice, the resident's link, the access notes or the photo")
	}

	rec = b.mgr.Post("/admin/tickets/new", url.Values{"site": {site}, "who": {"communal"}, "category": {b.category(t, "Lift").PublicID},
		"title": {"Lift out of order"}, "description": {"Seen on the weekly check."}, "priority": {"urgent"}},
		"HX-Request", "true", "HX-Target", "ticket-new")
	if rec.Code != http.StatusNoContent || !strings.HasPrefix(rec.Header().Get("HX-Redirect"), "/admin/tickets/") {
		t.Fatalf("communal: %d %v", rec.Code, rec.Header())
	}
	c := b.ticket(t, strings.TrimSuffix(strings.TrimPrefix(rec.Header().Get("HX-Redirect"), "/admin/tickets/"), "?done=raised"))
	if c.RaisedBy != 0 || c.UnitID != 0 || c.Location != tickets.LocationCommunal || c.CreatedBy != b.ppl.Manager.ID {
		t.Errorf("communal ticket %+v", c)
	}
	// Replying to a communal ticket emails no one.
	before := len(b.outbox(t))
	b.mgr.Post("/admin/tickets/"+c.PublicID+"/reply", url.Values{"body": {"Engineer called."}, "kind": {"reply"}})
	if len(b.outbox(t)) != before {
		t.Error("a reply on a communal ticket sent mail")
	}
}

func TestDeskRaiseRefusesWhatTheSiteDoesNotAllow(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	site := b.ticketSite(t)
	parking := b.category(t, "Parking")
	// The site stops allowing Parking.
	keep := url.Values{}
	for _, c := range []string{"Leak or flood", "Lift"} {
		keep.Add("category", b.category(t, c).PublicID)
	}
	if rec := b.mgr.Post("/admin/sites/"+site+"/ticket-categories", keep); rec.Code != http.StatusSeeOther {
		t.Fatalf("allow-list: %d", rec.Code)
	}
	who := b.ppl.FlatA.PublicID + "." + b.ppl.Alice.PublicID
	form := url.Values{"site": {site}, "who": {who}, "location": {"home"}, "category": {parking.PublicID},
		"title": {"Car in my bay"}, "description": {"Again."}, "priority": {"normal"}}
	rec := b.mgr.Post("/admin/tickets/new", form)
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "category") != "Choose one of the categories listed for this building." {
		t.Errorf("parking: %d %q", rec.Code, webtest.FieldError(d.Selection, "category"))
	}
	if d.Find(`#new-title`).AttrOr("value", "") != "Car in my bay" {
		t.Error("what was typed was not kept")
	}
	// Bob does not live in Flat 1.
	form.Set("category", b.category(t, "Lift").PublicID)
	form.Set("who", b.ppl.FlatA.PublicID+"."+b.ppl.Bob.PublicID)
	rec = b.mgr.Post("/admin/tickets/new", form)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(webtest.Doc(t, rec).Selection, "who"), "Choose who") {
		t.Errorf("Bob for Flat 1: %d", rec.Code)
	}
	form.Set("site", "nosuchsite")
	if rec := b.mgr.Post("/admin/tickets/new", form); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown site: %d", rec.Code)
	}
	var n int
	b.f.DB("acme").ReadPool().QueryRow(`SELECT count(*) FROM tickets`).Scan(&n)
	if n != 0 {
		t.Errorf("%d tickets saved by refused forms", n)
	}
}

// ticketSite is the public id of the fixture's block.
func (b *book) ticketSite(t *testing.T) string {
	t.Helper()
	var id string
	if err := b.f.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM sites WHERE id = ?`, b.ppl.FlatA.SiteID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
