package lettings_test

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"
	"time"

	"porch/estate"
	"porch/internal/smtptest"
	"porch/internal/webtest"
	"porch/mail"
)

func invitePath(p estate.Person) string { return "/admin/ledger/owners/" + p.PublicID + "/invite" }

// "Email sign-in details" on the landlords' list sends the portal
// invitation, which reaches a real SMTP server with a link that signs
// the landlord in and no password; htmx gets the landlord's cell back
// with the confirmation, a plain post the list with it. A landlord whose
// access is off is told why, and nothing is sent.
func TestOwnerListEmailsSignInDetails(t *testing.T) {
	t.Parallel()
	lb := newLettingsBook(t)
	d := webtest.Doc(t, lb.Mgr.Get("/admin/ledger/owners"))
	cell := "#invite-" + lb.lena.PublicID
	if got := ownerText(d.Find(cell + " button")); got != "Email sign-in details to Lena Landlord" {
		t.Fatalf("Lena's button: %q", got)
	}

	// Lena's portal access is off, as it is for a landlord added by hand.
	rec := lb.Mgr.Post(invitePath(lb.lena), nil, ownerHX("invite-"+lb.lena.PublicID)...)
	if got := ownerText(webtest.Doc(t, rec).Find(cell + " .error-text")); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(got, "Portal access is turned off for Lena Landlord") {
		t.Errorf("access off: %d %q", rec.Code, got)
	}
	if n := lb.F.MailCount("acme", "lena@example.com"); n != 0 {
		t.Fatalf("%d emails to Lena with her access off", n)
	}

	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		return estate.SetPortalEnabled(ctx, tx, lb.lena.ID, true, webtest.Now)
	})
	rec = lb.Mgr.Post(invitePath(lb.lena), nil, ownerHX("invite-"+lb.lena.PublicID)...)
	if got := ownerText(webtest.Doc(t, rec).Find(cell + ` [role="status"]`)); rec.Code != http.StatusOK || !strings.HasPrefix(got, "Sign-in details sent to lena@example.com") {
		t.Errorf("sent: %d %q %.300s", rec.Code, got, rec.Body.String())
	}
	if lb.F.AuditCount("acme", "auth.invited", lb.lena.PublicID) != 1 {
		t.Error("the invitation was not audited")
	}

	// Without JavaScript: back to the list, the confirmation on Lena's row.
	rec = lb.Mgr.Post(invitePath(lb.lena), nil)
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != "/admin/ledger/owners?invited="+lb.lena.PublicID {
		t.Fatalf("plain post: %d %q", rec.Code, loc)
	}
	d = webtest.Doc(t, lb.Mgr.Get(rec.Header().Get("Location")))
	if got := ownerText(d.Find(cell + ` [role="status"]`)); !strings.HasPrefix(got, "Sign-in details sent to lena@example.com") {
		t.Errorf("list after a plain post: %q", got)
	}

	// The outbox goes to a real SMTP server: the invitation arrives with
	// its link, and no password travels.
	be := lb.F.DeliverOverSMTP("acme", webtest.Now.Add(48*time.Hour), &smtptest.Backend{})
	var got []string
	for _, r := range be.Messages() {
		if len(r.To) != 1 || r.To[0] != "lena@example.com" {
			continue
		}
		m, err := mail.ParseMessage(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m.Subject)
		if !strings.Contains(m.Text, "/invite/") || !strings.Contains(m.Text, "You do not need a password") {
			t.Errorf("invitation text:\n%s", m.Text)
		}
	}
	if len(got) != 2 {
		t.Errorf("Lena received %d emails over SMTP (%q), want the 2 invitations", len(got), got)
	}
	// The newest link signs her in.
	lena := lb.F.Browser("acme." + webtest.Base)
	if rec := lena.Get(lb.F.MailedInvite("lena@example.com")); rec.Code != http.StatusOK {
		t.Errorf("the invitation link: %d", rec.Code)
	}

	// Only those who manage residents' access may send it.
	reader := lb.F.Browser("acme." + webtest.Base)
	reader.SignInAs("acme", lb.F.AddStaffAs("acme", "Rae Reader", "rae@acme.example", estate.StaffRoleReadOnly))
	if rec := reader.Post(invitePath(lb.lena), nil); rec.Code != http.StatusForbidden {
		t.Errorf("read-only: %d", rec.Code)
	}
	if rec := lb.Mgr.Post("/admin/ledger/owners/nobody/invite", nil); rec.Code != http.StatusNotFound {
		t.Errorf("nobody: %d", rec.Code)
	}
}
