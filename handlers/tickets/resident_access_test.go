package tickets_test

import (
	"context"
	"database/sql"
	"image/color"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/files"
	"porch/internal/webtest"
	"porch/tickets"
)

// The category allow-list holds whatever the form sends: a category the
// block does not offer is refused on its field and nothing is filed. A
// home that is not the person's is refused too, and logged.
func TestRequestCategoryAndHomeCheckedOnTheServer(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	leak, lift := h.category(t, "Leak or flood"), h.category(t, "Lift")
	h.write(func(ctx context.Context, tx *sql.Tx) error {
		_, err := tickets.SetSiteCategories(ctx, tx, h.ppl.FlatA.SiteID, []string{leak.PublicID})
		return err
	})
	d := webtest.Doc(t, h.alice.Get("/requests/new"))
	if got := d.Find(`#request-category option[value!=""]`); got.Length() != 1 || got.Text() != "Leak or flood" {
		t.Errorf("offered %q", got.Text())
	}
	form := h.form(t)
	form.Set("category", lift.PublicID)
	rec := post(h.alice, "/requests", form, nil)
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "category") != "Choose one of the categories listed for this building." {
		t.Errorf("lift: %d %q", rec.Code, webtest.FieldError(d.Selection, "category"))
	}
	if d.Find(`#request-title`).AttrOr("value", "") != "Water through the ceiling" || d.Find(`#request-access-notes`).Text() != "Cat indoors" {
		t.Error("what was typed was not kept")
	}
	if !strings.Contains(d.Find(".form-errors").Text(), "Choose one of the categories") {
		t.Error("no summary of the problems")
	}

	rec = post(h.alice, "/requests", form, nil, "HX-Request", "true", "HX-Target", "request-form")
	if d := webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || d.Find("h1").Length() != 0 || d.Find("form#request-form").Length() != 1 {
		t.Errorf("htmx refusal: %d, not the form alone", rec.Code)
	}

	form = h.form(t)
	form.Set("unit", h.ppl.FlatB.PublicID)
	rec = post(h.alice, "/requests", form, nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.Doc(t, rec).Find(".form-errors").Text(), "Choose which of your homes") {
		t.Errorf("Bob's flat: %d", rec.Code)
	}
	if !strings.Contains(h.f.Logs.String(), "request for a unit that is not the person") {
		t.Error("a unit not the person's was not logged")
	}
	if n := h.count(t, `SELECT count(*) FROM tickets`); n != 0 {
		t.Fatalf("%d requests filed", n)
	}
	if h.raise(t, h.alice, h.form(t)).CategoryID != leak.ID {
		t.Error("the allowed category was not filed")
	}
}

// A request is its resident's alone: Carol, who lives in the same flat,
// gets the same 404 as for a request that does not exist for its page, its
// photos and every post, and each attempt is logged.
func TestRequestsAreTheirResidentsOwn(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	tk := h.raise(t, h.alice, h.form(t), upload{"ceiling.jpg", photo(t, 50, 50, color.Gray{90})})
	photos, err := tickets.Photos(context.Background(), h.f.DB("acme").Read(), tk.ID, false)
	if err != nil || len(photos) != 1 {
		t.Fatal(err, photos)
	}
	base := "/requests/" + tk.PublicID
	carol := h.signIn(h.carol)
	webtest.AssertRefusesOutOfScope(t, carol, base, base+"/photos/"+photos[0].PublicID, base+"/photos/"+photos[0].PublicID+"/thumb")
	for _, p := range []string{base + "/messages", base + "/confirm", base + "/reopen"} {
		if rec := carol.Post(p, url.Values{"body": {"Me too"}, "reason": {"Still broken"}}); rec.Code != http.StatusNotFound {
			t.Errorf("POST %s: %d", p, rec.Code)
		}
	}
	if rec := post(carol, base+"/messages", url.Values{"body": {"Me too"}}, nil); rec.Code != http.StatusNotFound {
		t.Errorf("multipart reply: %d", rec.Code)
	}
	if n := h.count(t, `SELECT count(*) FROM ticket_messages`); n != 0 {
		t.Errorf("%d messages after refused replies", n)
	}
	if d := webtest.Doc(t, carol.Get("/requests")); d.Find(".request-item").Length() != 0 {
		t.Error("Carol's list shows Alice's request")
	}
	logs := h.f.Logs.String()
	if n := strings.Count(logs, `"why":"request not raised by the person"`); n < 7 {
		t.Errorf("%d refusals logged, want 7:\n%s", n, logs)
	}
	if !strings.Contains(logs, `"path":"`+base+`/photos/`+photos[0].PublicID+`"`) || !strings.Contains(logs, `"person":`) {
		t.Error("the log does not say who asked for what")
	}
	if rec := carol.Get("/requests/nope"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown id: %d", rec.Code)
	}
	if rec := carol.Get("/requests/" + tk.PublicID + "/elsewhere/x"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown page: %d", rec.Code)
	}
	anon := h.f.Browser("acme." + webtest.Base)
	if rec := anon.Get("/requests"); rec.Code != http.StatusSeeOther && rec.Code != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", rec.Code)
	}
}

// Staff notes between themselves never reach the resident: not their
// words, not their photos. Staff replies show with the member of staff's
// name and the organisation's.
func TestInternalNotesNeverReachTheResident(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	tk := h.raise(t, h.alice, h.form(t))
	ctx := context.Background()
	ref, err := h.f.Cfg.Files.Put(ctx, h.f.DB("acme"), files.Upload{Name: "meter.jpg", Data: photo(t, 60, 40, color.Gray{30})})
	if err != nil {
		t.Fatal(err)
	}
	h.write(func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tickets.AddMessage(ctx, tx, h.f.Clock.Now(), tk, tickets.Reply{AuthorID: h.ppl.Manager.ID, Staff: true, Internal: true,
			Body: "Tenant difficult, send Dave", Photos: []tickets.Photo{{Ref: ref, Name: "meter.jpg"}}}); err != nil {
			return err
		}
		_, err := tickets.AddMessage(ctx, tx, h.f.Clock.Now(), tk, tickets.Reply{AuthorID: h.ppl.Manager.ID, Staff: true,
			Body: "We have asked a plumber to call."})
		return err
	})
	rec := h.alice.Get("/requests/" + tk.PublicID)
	body := rec.Body.String()
	if strings.Contains(body, "send Dave") || strings.Contains(body, "meter.jpg") {
		t.Error("the internal note is in the resident's page")
	}
	d := webtest.Doc(t, rec)
	if got := d.Find(".message.staff .message-head strong").Text(); got != "Morgan Manager, Acme Property Management" {
		t.Errorf("staff reply by %q", got)
	}
	all, err := tickets.Photos(ctx, h.f.DB("acme").Read(), tk.ID, true)
	if err != nil || len(all) != 1 {
		t.Fatal(err, all)
	}
	webtest.AssertRefusesOutOfScope(t, h.alice, "/requests/"+tk.PublicID+"/photos/"+all[0].PublicID,
		"/requests/"+tk.PublicID+"/photos/"+all[0].PublicID+"/thumb")
}
