package tickets_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
	"porch/tickets"
)

// The whole flow: the manager asks with a PDF, the owner is emailed a
// link, opens the quote and its document, approves it; the ticket moves
// to in progress with the answer on its timeline, and the organisation
// (no one is assigned) is emailed the answer.
func TestQuoteAskedAndApproved(t *testing.T) {
	t.Parallel()
	l := newLets(t)
	path := quotesPath(l.houseTick)
	d := webtest.Doc(t, l.mgr.Get(path, "HX-Request", "true", "HX-Target", "desk-ticket-quotes"))
	if d.Find(`h1`).Length() != 0 || d.Find(`#desk-ticket-quotes #quote-ask`).Length() != 1 ||
		!strings.Contains(d.Find(`#desk-ticket-quotes`).Text(), "Olu Owner") {
		t.Fatalf("panel alone with the form and the owner: %s", d.Text())
	}

	// The panel sits on the let home's ticket page; a block's has none.
	if page := webtest.Doc(t, l.mgr.Get("/admin/tickets/"+l.houseTick.PublicID)); page.Find(`.desk-side #desk-ticket-quotes #quote-ask`).Length() != 1 {
		t.Error("the ticket page has no quotes panel")
	}
	if page := webtest.Doc(t, l.mgr.Get("/admin/tickets/"+l.blockTick.PublicID)); page.Find(`#desk-ticket-quotes`).Length() != 0 {
		t.Error("a block's ticket offers to ask a landlord")
	}

	rec := ask(t, l.mgr, path, url.Values{"amount": {"1,450.5"}, "supplier": {"Swift Plumbing"}}, pdf,
		"HX-Request", "true", "HX-Target", "desk-ticket-quotes")
	if rec.Code != http.StatusOK {
		t.Fatalf("ask: %d %.400s", rec.Code, rec.Body.String())
	}
	d = webtest.Doc(t, rec)
	if !strings.Contains(d.Find(`.notice.success`).Text(), "Quote sent to the owner") || d.Find(`#quote-ask`).Length() != 0 ||
		!strings.Contains(d.Find(`.quote-row`).Text(), "£1,450.50") || !strings.Contains(d.Find(`.quote-row .badge`).Text(), "Awaiting the owner") {
		t.Errorf("after asking: %s", d.Find(`#desk-ticket-quotes`).Text())
	}
	q := l.quoteOf(t, l.houseTick)
	if q.Amount != 145050 || !q.HasDoc() || q.Doc.Type != "application/pdf" || l.f.AuditCount("acme", "ticket.quote_asked", q.PublicID) != 1 {
		t.Fatalf("saved %+v", q)
	}
	subject, text := l.f.LastMail("acme", "olu@example.com")
	if !strings.Contains(subject, "£1,450.50") || !strings.Contains(text, "/approvals/"+q.PublicID) {
		t.Errorf("owner's mail %q: %s", subject, text)
	}

	owner := l.as(l.olu)
	if card := webtest.Doc(t, owner.Get("/")).Find(".owner-approvals-card").Text(); !strings.Contains(card, "A repair quote is waiting for your answer") {
		t.Errorf("the owner's home page: %q", card)
	}
	list := webtest.Doc(t, owner.Get("/approvals"))
	if list.Find(`a[href="/approvals/`+q.PublicID+`"]`).Length() != 1 {
		t.Errorf("the owner's list does not link the quote: %s", list.Find(`main`).Text())
	}
	page := webtest.Doc(t, owner.Get("/approvals/"+q.PublicID))
	main := page.Find(`main`).Text()
	for _, want := range []string{"Boiler losing pressure", "12 Albion Road", "#1", "£1,450.50", "Swift Plumbing", "No hot water until it is topped up."} {
		if !strings.Contains(main, want) {
			t.Errorf("owner's page lacks %q", want)
		}
	}
	thumb := page.Find(`.quote-photos img`).AttrOr("src", "")
	if rec := owner.Get(thumb); thumb == "" || rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/png" {
		t.Errorf("the request's photo %q: %d", thumb, rec.Code)
	}
	doc := owner.Get("/approvals/" + q.PublicID + "/document")
	if doc.Code != http.StatusOK || doc.Body.String() != string(pdf) || doc.Header().Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(doc.Header().Get("Cache-Control"), "no-store") || !strings.HasPrefix(doc.Header().Get("Content-Disposition"), "attachment") {
		t.Errorf("owner's document: %d %v", doc.Code, doc.Header())
	}
	if staffDoc := l.mgr.Get(path + "/" + q.PublicID + "/document"); staffDoc.Code != http.StatusOK || staffDoc.Body.String() != string(pdf) ||
		staffDoc.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("staff's document: %d", staffDoc.Code)
	}

	rec = owner.Post("/approvals/"+q.PublicID, url.Values{"decision": {"approve"}, "comment": {"Fine, go ahead."}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/approvals/"+q.PublicID+"?done=approved" {
		t.Fatalf("approve: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	page = webtest.Doc(t, owner.Get(rec.Header().Get("Location")))
	if webtest.Doc(t, owner.Get("/")).Find(".owner-approvals-card").Length() != 0 {
		t.Error("the home page still asks for an answer given")
	}
	if page.Find(`#approve-form`).Length() != 0 || !strings.Contains(page.Find(`#approval-decision`).Text(), "Olu Owner approved this quote") ||
		!strings.Contains(page.Find(`.notice.success`).Text(), "You approved the quote") {
		t.Errorf("after approving: %s", page.Find(`main`).Text())
	}
	ctx := context.Background()
	tk, _ := tickets.Get(ctx, l.f.DB("acme").Read(), l.houseTick.PublicID)
	if tk.Status != tickets.StatusInProgress {
		t.Errorf("ticket %s after approval", tk.Status)
	}
	evs, _ := tickets.Events(ctx, l.f.DB("acme").Read(), tk.ID, true)
	if !hasEvent(evs, "Owner approved the quote: £1,450.50 from Swift Plumbing. “Fine, go ahead.”") {
		t.Errorf("timeline %+v", evs)
	}
	subject, text = l.f.LastMail("acme", "office@acme.example")
	if !strings.Contains(subject, "Quote approved for request #1") || !strings.Contains(text, "/admin/tickets/"+tk.PublicID) {
		t.Errorf("staff mail %q: %s", subject, text)
	}
	if again := owner.Post("/approvals/"+q.PublicID, url.Values{"decision": {"reject"}, "comment": {"No"}}); again.Code != http.StatusConflict {
		t.Errorf("second answer: %d", again.Code)
	}
}

func hasEvent(evs []tickets.Event, detail string) bool {
	for _, e := range evs {
		if e.Detail == detail {
			return true
		}
	}
	return false
}

// Another owner, the home's tenant and staff who do not own it get the
// page and the document as missing, and each refusal is logged.
func TestQuoteOnlyForTheHomesOwner(t *testing.T) {
	t.Parallel()
	l := newLets(t)
	if rec := ask(t, l.mgr, quotesPath(l.houseTick), url.Values{"amount": {"450"}, "supplier": {"Swift Plumbing"}}, pdf); rec.Code != http.StatusSeeOther {
		t.Fatalf("ask: %d %.300s", rec.Code, rec.Body.String())
	}
	q := l.quoteOf(t, l.houseTick)
	photos, _ := tickets.Photos(context.Background(), l.f.DB("acme").Read(), l.houseTick.ID, false)
	paths := []string{"/approvals/" + q.PublicID, "/approvals/" + q.PublicID + "/document", "/approvals/0123456789abcdef0123456789",
		"/approvals/" + q.PublicID + "/photos/" + photos[0].PublicID + "/thumb"}
	for _, who := range []*webtest.Browser{l.as(l.oscar), l.as(l.tia), l.mgr} {
		webtest.AssertRefusesOutOfScope(t, who, paths...)
		if rec := who.Post("/approvals/"+q.PublicID, url.Values{"decision": {"approve"}}); rec.Code != http.StatusNotFound {
			t.Errorf("a post by someone else: %d", rec.Code)
		}
		if d := webtest.Doc(t, who.Get("/approvals")); d.Find(`a[href="/approvals/`+q.PublicID+`"]`).Length() != 0 {
			t.Error("someone else's list shows the quote")
		}
	}
	if n := strings.Count(l.f.Logs.String(), "quote not on a home the person owns"); n != 12 {
		t.Errorf("%d refusals logged, want 12", n)
	}
	if l.quoteOf(t, l.houseTick).Status != tickets.QuotePending {
		t.Error("someone else's post answered the quote")
	}
	if rec := l.as(l.tia).Get(quotesPath(l.houseTick) + "/" + q.PublicID + "/document"); rec.Code == http.StatusOK {
		t.Error("a tenant reached the staff's document route")
	}
}

// A rejection without a comment is refused next to its field, keeping the
// quote pending; with one, it is recorded on the timeline and the
// assignee is emailed.
func TestQuoteRejectionNeedsAComment(t *testing.T) {
	t.Parallel()
	l := newLets(t)
	desk := l.f.AddStaff("acme", "Dee Desk", "dee@acme.example")
	// The ticket's assignee, as the desk's screens set it.
	l.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE tickets SET assignee_id = ? WHERE id = ?`, desk.ID, l.houseTick.ID)
		return err
	})
	if rec := ask(t, l.mgr, quotesPath(l.houseTick), url.Values{"amount": {"450.00"}, "supplier": {"Swift Plumbing"}}, nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("ask: %d %.300s", rec.Code, rec.Body.String())
	}
	q := l.quoteOf(t, l.houseTick)
	owner := l.as(l.olu)
	if rec := owner.Post("/approvals/"+q.PublicID, url.Values{"decision": {"maybe"}, "comment": {"Hmm"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("an unknown decision: %d", rec.Code)
	}
	rec := owner.Post("/approvals/"+q.PublicID, url.Values{"decision": {"reject"}, "comment": {"   "}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("reject without comment: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	if got := webtest.FieldErrorByID(d.Selection, "reject-comment"); !strings.Contains(got, "Say why you are rejecting") {
		t.Errorf("message %q", got)
	}
	if l.quoteOf(t, l.houseTick).Status != tickets.QuotePending {
		t.Fatal("a refused rejection changed the quote")
	}
	rec = owner.Post("/approvals/"+q.PublicID, url.Values{"decision": {"reject"}, "comment": {"Too dear: please get a second quote."}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("reject: %d", rec.Code)
	}
	ctx := context.Background()
	evs, _ := tickets.Events(ctx, l.f.DB("acme").Read(), l.houseTick.ID, true)
	if !hasEvent(evs, "Owner rejected the quote: £450.00 from Swift Plumbing. “Too dear: please get a second quote.”") {
		t.Errorf("timeline %+v", evs)
	}
	if tk, _ := tickets.Get(ctx, l.f.DB("acme").Read(), l.houseTick.PublicID); tk.Status != tickets.StatusOpen {
		t.Errorf("a rejection moved the ticket to %s", tk.Status)
	}
	if subject, text := l.f.LastMail("acme", "dee@acme.example"); !strings.Contains(subject, "Quote rejected") || !strings.Contains(text, "Too dear") {
		t.Errorf("assignee's mail %q: %s", subject, text)
	}
	if l.f.MailCount("acme", "office@acme.example") != 0 {
		t.Error("the office was emailed though the ticket has an assignee")
	}
	d = webtest.Doc(t, l.mgr.Get(quotesPath(l.houseTick)))
	if !strings.Contains(d.Find(`.quote-comment`).Text(), "Too dear") || d.Find(`#quote-ask`).Length() != 1 {
		t.Errorf("panel after rejection: %s", d.Find(`#desk-ticket-quotes`).Text())
	}
}

// A second quote while one is pending, and a quote on a block's ticket,
// are refused and save nothing; bad amounts get their message.
func TestQuoteRefusals(t *testing.T) {
	t.Parallel()
	l := newLets(t)
	path := quotesPath(l.houseTick)
	rec := ask(t, l.mgr, path, url.Values{"amount": {"lots"}, "supplier": {""}}, pdf)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad fields: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	if webtest.FieldError(d.Selection, "amount") == "" || webtest.FieldError(d.Selection, "supplier") == "" ||
		d.Find(`input[name="kept_document"]`).Length() != 1 || d.Find(`h1`).Length() != 1 {
		t.Errorf("refused ask: %s", d.Find(`main`).Text())
	}
	kept := d.Find(`input[name="kept_document"]`).AttrOr("value", "")
	if rec := ask(t, l.mgr, path, url.Values{"amount": {"450"}, "supplier": {"Swift Plumbing"}, "kept_document": {kept}}, nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("ask with the kept document: %d", rec.Code)
	}
	if q := l.quoteOf(t, l.houseTick); !q.HasDoc() {
		t.Error("the kept document was not attached")
	}
	rec = ask(t, l.mgr, path, url.Values{"amount": {"500"}, "supplier": {"Other Co"}}, nil, "HX-Request", "true", "HX-Target", "desk-ticket-quotes")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.Doc(t, rec).Find(`.notice.error`).Text(), "Withdraw it before") {
		t.Errorf("second pending quote: %d %.300s", rec.Code, rec.Body.String())
	}
	rec = ask(t, l.mgr, quotesPath(l.blockTick), url.Values{"amount": {"500"}, "supplier": {"Other Co"}}, nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.Doc(t, rec).Find(`.notice.error`).Text(), "let home") {
		t.Errorf("block ticket: %d", rec.Code)
	}
	var n int
	l.f.DB("acme").ReadPool().QueryRow(`SELECT count(*) FROM ticket_quotes`).Scan(&n)
	if n != 1 {
		t.Errorf("%d quotes saved, want 1", n)
	}
	q := l.quoteOf(t, l.houseTick)
	if rec := l.mgr.Post(path+"/"+q.PublicID+"/withdraw", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", rec.Code)
	}
	if l.quoteOf(t, l.houseTick).Status != tickets.QuoteWithdrawn || l.f.AuditCount("acme", "ticket.quote_withdrawn", q.PublicID) != 1 {
		t.Error("not withdrawn")
	}
	ro := l.as(l.f.AddStaffAs("acme", "Rita Reader", "rita@acme.example", estate.StaffRoleReadOnly))
	if rec := ask(t, ro, path, url.Values{"amount": {"450"}, "supplier": {"Swift Plumbing"}}, nil); rec.Code != http.StatusForbidden {
		t.Errorf("read-only ask: %d", rec.Code)
	}
}
