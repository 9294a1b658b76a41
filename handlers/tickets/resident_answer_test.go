package tickets_test

import (
	"context"
	"database/sql"
	"image/color"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/internal/webtest"
	"porch/tickets"
)

// resolve is the manager marking the request resolved now.
func (h *home) resolve(t *testing.T, tk tickets.Ticket) {
	t.Helper()
	h.write(func(ctx context.Context, tx *sql.Tx) error {
		_, err := tickets.SetStatus(ctx, tx, h.f.Clock.Now(), h.ticket(t, tk.PublicID), tickets.StatusResolved, h.ppl.Manager.ID)
		return err
	})
}

// The resident replies with a photo; the staff side hears of it, and a
// request awaiting them goes back in progress.
func TestResidentReplies(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	tk := h.raise(t, h.alice, h.form(t))
	h.write(func(ctx context.Context, tx *sql.Tx) error {
		_, err := tickets.SetStatus(ctx, tx, h.f.Clock.Now(), tk, tickets.StatusAwaitingResident, h.ppl.Manager.ID)
		return err
	})
	page := "/requests/" + tk.PublicID
	d := webtest.Doc(t, h.alice.Get("/requests"))
	if d.Find(`.request-item.awaiting .badge.warn`).Text() != "Awaiting you" {
		t.Errorf("awaiting badge: %q", d.Find(`.request-item .badge`).Text())
	}
	rec := post(h.alice, page+"/messages", url.Values{"body": {""}}, nil, "HX-Request", "true", "HX-Target", "reply-form")
	if d := webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "body") != "Write a message or add a photo." ||
		d.Find("h1").Length() != 0 {
		t.Errorf("empty reply: %d %q", rec.Code, webtest.FieldError(d.Selection, "body"))
	}
	rec = post(h.alice, page+"/messages", url.Values{"body": {"See the stain."}}, []upload{{"stain.pdf.jpg", []byte("%PDF-1.4 not a photo")}})
	if d := webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || !strings.HasPrefix(webtest.FieldError(d.Selection, "photos"), `"stain.pdf.jpg"`) ||
		d.Find(`#reply-body`).Text() != "See the stain." {
		t.Errorf("reply with a bad photo: %d %q", rec.Code, webtest.FieldError(d.Selection, "photos"))
	}
	rec = post(h.alice, page+"/messages", url.Values{"body": {"It is worse today."}}, []upload{{"worse.jpg", photo(t, 30, 30, color.Gray{50})}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != page+"?done=replied" {
		t.Fatalf("reply: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if got := h.ticket(t, tk.PublicID).Status; got != tickets.StatusInProgress {
		t.Errorf("status after the reply: %s", got)
	}
	d = webtest.Doc(t, h.alice.Get(page+"?done=replied"))
	msg := d.Find(".message.mine")
	if msg.Find(".message-head strong").Text() != "You" || !strings.Contains(msg.Text(), "It is worse today.") || msg.Find("img").Length() != 1 {
		t.Errorf("reply shown: %q", msg.Text())
	}
	if h.f.AuditCount("acme", "ticket.replied", tk.PublicID) != 1 {
		t.Error("reply not audited")
	}
}

// For 14 days after it is resolved, its resident may say it is fixed or
// reopen it; after that the page says it is closed and refuses both.
func TestResolvedRequestWindow(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	first, second := h.raise(t, h.alice, h.form(t)), h.raise(t, h.alice, h.form(t))
	h.resolve(t, first)
	h.resolve(t, second)
	resolvedOn := h.f.Clock.Now()
	h.f.Clock.Advance(13 * 24 * time.Hour)
	h.alice = h.signIn(h.ppl.Alice) // a session does not last a fortnight

	page := "/requests/" + first.PublicID
	d := webtest.Doc(t, h.alice.Get(page))
	answer := d.Find(".request-answer")
	if want := "You can reopen it until " + resolvedOn.Add(tickets.ReopenWindow).Format("2 January 2006"); !strings.Contains(answer.Text(), "Is it fixed?") ||
		!strings.Contains(answer.Text(), want) {
		t.Errorf("answer section %q, want %q", answer.Text(), want)
	}
	rec := h.alice.Post(page+"/reopen", url.Values{"reason": {"  "}})
	if d := webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "reason") != "Tell us what is still wrong." {
		t.Errorf("blank reason: %d", rec.Code)
	}
	if rec := h.alice.Post(page+"/reopen", url.Values{"reason": {"Still dripping."}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reopen: %d %.300s", rec.Code, rec.Body.String())
	}
	if got := h.ticket(t, first.PublicID).Status; got != tickets.StatusOpen {
		t.Errorf("reopened: %s", got)
	}
	if !strings.Contains(webtest.Doc(t, h.alice.Get(page)).Find(".message.mine").Text(), "Still dripping.") {
		t.Error("the reason is not in the thread")
	}
	if rec := h.alice.Post("/requests/"+second.PublicID+"/confirm", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("confirm: %d", rec.Code)
	}
	if got := h.ticket(t, second.PublicID).Status; got != tickets.StatusClosed {
		t.Errorf("confirmed: %s", got)
	}
	d = webtest.Doc(t, h.alice.Get("/requests/"+second.PublicID+"?done=confirmed"))
	if d.Find(`#reply-form`).Length() != 0 || !strings.Contains(d.Find("main").Text(), "This request is closed") {
		t.Error("a closed request still offers a reply")
	}

	// A third, resolved now, is past its window 14 days and a minute on.
	third := h.raise(t, h.alice, h.form(t))
	h.resolve(t, third)
	h.f.Clock.Advance(tickets.ReopenWindow + time.Minute)
	h.alice = h.signIn(h.ppl.Alice)
	page = "/requests/" + third.PublicID
	d = webtest.Doc(t, h.alice.Get(page))
	if d.Find(".request-answer").Length() != 0 || !strings.Contains(d.Find("main").Text(), "the 14 days to reopen it after it was resolved have passed") {
		t.Errorf("after the window: %q", d.Find("main").Text())
	}
	for _, p := range []string{"/reopen", "/confirm"} {
		rec := h.alice.Post(page+p, url.Values{"reason": {"Back again"}})
		if rec.Code != http.StatusConflict || !strings.Contains(webtest.Doc(t, rec).Find(".notice.error").Text(), "more than 14 days") {
			t.Errorf("%s after the window: %d", p, rec.Code)
		}
	}
	if d.Find(`#reply-form`).Length() != 0 {
		t.Error("a request past its window still offers a reply")
	}
	if rec := h.alice.Post(page+"/messages", url.Values{"body": {"Hello?"}}); rec.Code != http.StatusConflict ||
		h.count(t, `SELECT count(*) FROM ticket_messages WHERE body = 'Hello?'`) != 0 {
		t.Errorf("reply after the window: %d", rec.Code)
	}
	if got := h.ticket(t, third.PublicID).Status; got != tickets.StatusResolved {
		t.Errorf("after refused answers: %s", got)
	}
}
