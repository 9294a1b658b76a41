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
)

// A resident who turned off updates on their requests gets no email of a
// reply, a visit or the resolution, though each is on their request's
// page; turned back on, the next one comes.
func TestDeskRespectsTheResidentsEmailChoice(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	tk := b.raise(t, "Boiler not working", webtest.Now)
	path := "/admin/tickets/" + tk.PublicID
	set := func(wanted ...string) {
		t.Helper()
		b.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
			_, err := estate.SetMailPrefs(ctx, tx, b.ppl.Alice.ID, wanted, webtest.Now)
			return err
		})
	}
	set(string(estate.MailNotices))
	for _, step := range []struct{ path, what string }{
		{path + "/reply", "body=A+plumber+will+call.&kind=reply"},
		{path + "/visit", "contractor=Swift+Plumbing&date=2026-03-17&from=08:00&to=12:00"},
		{path + "/status", "status=resolved"},
	} {
		form, _ := url.ParseQuery(step.what)
		if rec := b.mgr.Post(step.path, form); rec.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d %.300s", step.path, rec.Code, rec.Body.String())
		}
	}
	if n := b.f.MailCount("acme", "alice@example.com"); n != 0 {
		t.Errorf("Alice, who turned updates off, got %d emails", n)
	}
	alice := b.f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", b.ppl.Alice)
	if page := alice.Get("/requests/" + tk.PublicID).Body.String(); !strings.Contains(page, "A plumber will call.") {
		t.Error("the reply is not on Alice's request")
	}

	set(string(estate.MailRequests))
	b.mgr.Post(path+"/status", url.Values{"status": {"in_progress"}})
	if rec := b.mgr.Post(path+"/reply", url.Values{"body": {"Parts ordered."}, "kind": {"reply"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reply: %d", rec.Code)
	}
	if _, text := b.f.LastMail("acme", "alice@example.com"); !strings.Contains(text, "Parts ordered.") {
		t.Errorf("after turning updates back on: %q", text)
	}
	// Over a real SMTP conversation only that one reaches her.
	msgs := deliverOverSMTP(t, b.f).Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "alice@example.com" || !strings.Contains(string(msgs[0].Data), "Parts ordered.") {
		t.Errorf("SMTP took %d messages", len(msgs))
	}
}
