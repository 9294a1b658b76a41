package plans_test

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/smtptest"
	"porch/internal/webtest"
	"porch/ledger"
	"porch/mail"
	"porch/plans"
)

// A request Alice made waits first on the list; the manager sees it with
// her terms prefilled, refuses an approval with a bad date, then approves
// it on changed terms: it becomes an offer she is emailed about.
func TestApproveARequest(t *testing.T) {
	w := newWorld(t)
	p := w.request(4, "2026-04-10")
	d := w.doc(w.Mgr.Get("/admin/plans"), http.StatusOK)
	if got := squash(d.Find(".plan-waiting").Text()); got != "1 request waits for a decision" {
		t.Fatalf("waiting count %q", got)
	}
	rows := tableRows(d.Find(".plan-table tbody"))
	if len(rows) != 1 || !strings.Contains(rows[0], "Flat 1 Harbour View | Alice Adeyemi | Asked for | £550.25 | 4 monthly from 10 April 2026") {
		t.Fatalf("list rows %q", rows)
	}
	path := "/admin/plans/" + p.PublicID
	d = w.doc(w.Mgr.Get(path), http.StatusOK)
	for field, want := range map[string]string{"instalments": "4", "first_date": "2026-04-10"} {
		if v, _ := d.Find(`#plan-screen form[action$="/approve"] [name="` + field + `"]`).Attr("value"); v != want {
			t.Errorf("approval form %s = %q, want %q", field, v, want)
		}
	}
	if !strings.Contains(d.Find(".plan-history").Text(), "Asked for by Alice Adeyemi") ||
		!strings.Contains(d.Find(".plan-note").Text(), "I lost my job in January") {
		t.Fatalf("history %q, note %q", squash(d.Find(".plan-history").Text()), d.Find(".plan-note").Text())
	}
	if rows := tableRows(d.Find("#plan-invoices-heading").Parent().Find("tbody")); len(rows) != 2 || !strings.HasSuffix(rows[0], "£300.00 | £300.00") {
		t.Fatalf("covered invoices %q", rows)
	}

	mails := w.F.MailCount("acme", w.Ppl.Alice.Email)
	form := terms("5", "monthly", "2026-03-01", "Five months suits you better.")
	d = w.doc(w.Mgr.Post(path+"/approve", form, "HX-Request", "true", "HX-Target", "plan-screen"), http.StatusUnprocessableEntity)
	if got := webtest.FieldError(d.Selection, "first_date"); got != "The first instalment cannot be in the past." {
		t.Fatalf("approval with a past date: %q", got)
	}
	if w.plan(p.PublicID).Status != plans.StatusRequested || w.F.MailCount("acme", w.Ppl.Alice.Email) != mails {
		t.Fatal("a refused approval changed the plan or mailed")
	}
	form.Set("first_date", "2026-04-15")
	rec := w.Mgr.Post(path+"/approve", form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?done=approved" {
		t.Fatalf("approve: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	got := w.plan(p.PublicID)
	if got.Status != plans.StatusOffered || got.Terms.Instalments != 5 || got.OfferedBy != w.Ppl.Manager.ID || got.DecisionNote != "Five months suits you better." {
		t.Fatalf("approved %+v", got)
	}
	if n := w.F.AuditCount("acme", "plan.approved", w.Ppl.FlatA.PublicID); n != 1 {
		t.Fatalf("%d plan.approved entries", n)
	}
	subject, text := w.F.LastMail("acme", w.Ppl.Alice.Email)
	if !strings.Contains(subject, "is waiting for you") || !strings.Contains(text, "£550.25 in 5 monthly instalments from 15 April 2026") {
		t.Fatalf("mail %q:\n%s", subject, text)
	}
	d = w.doc(w.Mgr.Get(path), http.StatusOK)
	if !strings.Contains(d.Find(".plan-history").Text(), "Offered by Morgan Manager") || d.Find(`form[action$="/withdraw"]`).Length() != 1 {
		t.Fatalf("after approving: %q", squash(d.Find("#plan-screen").Text()))
	}
	// Declining what is now an offer is refused.
	if rec := w.Mgr.Post(path+"/decline", url.Values{"reason": {"Changed my mind"}}); rec.Code != http.StatusConflict {
		t.Fatalf("declining an offer: %d", rec.Code)
	}
}

// Declining needs a reason, which the resident is emailed.
func TestDeclineARequest(t *testing.T) {
	w := newWorld(t)
	p := w.request(4, "2026-04-10")
	path := "/admin/plans/" + p.PublicID
	d := w.doc(w.Mgr.Post(path+"/decline", url.Values{"reason": {"  "}}), http.StatusUnprocessableEntity)
	if got := webtest.FieldError(d.Selection, "reason"); !strings.Contains(got, "Say why") {
		t.Fatalf("decline without a reason: %q", got)
	}
	if w.plan(p.PublicID).Status != plans.StatusRequested || w.F.AuditCount("acme", "plan.declined") != 0 {
		t.Fatal("a refused decline changed the plan")
	}
	rec := w.Mgr.Post(path+"/decline", url.Values{"reason": {"Your arrears are covered by the insurance claim."}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("decline: %d %.500s", rec.Code, rec.Body.String())
	}
	if got := w.plan(p.PublicID); got.Status != plans.StatusDeclined || got.EndedBy != w.Ppl.Manager.ID {
		t.Fatalf("declined %+v", got)
	}
	if w.F.AuditCount("acme", "plan.declined", w.Ppl.FlatA.PublicID) != 1 {
		t.Fatal("decline not audited")
	}
	subject, text := w.F.LastMail("acme", w.Ppl.Alice.Email)
	if !strings.Contains(subject, "Your payment plan request") || !strings.Contains(text, "covered by the insurance claim") {
		t.Fatalf("mail %q:\n%s", subject, text)
	}
	// The list's default (open plans) no longer shows it; the declined do.
	if n := w.doc(w.Mgr.Get("/admin/plans"), http.StatusOK).Find(".plan-table tbody tr").Length(); n != 0 {
		t.Fatalf("%d open plans listed", n)
	}
	d = w.doc(w.Mgr.Get("/admin/plans?status=declined&site="+w.Ppl.FlatA.SitePublicID), http.StatusOK)
	if rows := tableRows(d.Find(".plan-table tbody")); len(rows) != 1 || !strings.Contains(rows[0], "Declined") {
		t.Fatalf("declined rows %q", rows)
	}
	d = w.doc(w.Mgr.Get(path), http.StatusOK)
	if !strings.Contains(d.Find(".plan-history").Text(), "Declined by Morgan Manager") || d.Find("#plan-screen form").Length() != 0 {
		t.Fatalf("declined plan's page: %q", squash(d.Find("#plan-screen").Text()))
	}
}

// An offer not yet accepted can be withdrawn; a plan being kept can be
// cancelled with a reason, which is emailed; the ledger is untouched.
func TestWithdrawAndCancel(t *testing.T) {
	w := newWorld(t)
	p := w.offered("3", "2026-04-01")
	path := "/admin/plans/" + p.PublicID
	rec := w.Mgr.Post(path+"/withdraw", nil, "HX-Request", "true", "HX-Target", "plan-screen")
	if rec.Code != http.StatusNoContent || rec.Header().Get("HX-Redirect") != path+"?done=withdrawn" {
		t.Fatalf("withdraw: %d %v", rec.Code, rec.Header())
	}
	if got := w.plan(p.PublicID); got.Status != plans.StatusWithdrawn || w.F.AuditCount("acme", "plan.withdrawn") != 1 {
		t.Fatalf("withdrawn %+v", got)
	}

	p = w.accept(w.offered("3", "2026-04-01"))
	path = "/admin/plans/" + p.PublicID
	journals := w.Journals()
	d := w.doc(w.Mgr.Get("/admin/plans"), http.StatusOK)
	if rows := tableRows(d.Find(".plan-table tbody")); len(rows) != 1 || !strings.Contains(rows[0], "Being kept | £550.25 | 3 monthly from 1 April 2026 | £0.00 | £183.43 on 1 Apr 2026 | 0") {
		t.Fatalf("kept plan's row %q", rows)
	}
	d = w.doc(w.Mgr.Post(path+"/cancel", url.Values{"reason": {""}}), http.StatusUnprocessableEntity)
	if got := webtest.FieldError(d.Selection, "reason"); !strings.Contains(got, "Say why") || d.Find("details.plan-cancel[open]").Length() != 1 {
		t.Fatalf("cancel without a reason: %q", got)
	}
	rec = w.Mgr.Post(path+"/cancel", url.Values{"reason": {"The flat is being sold; the arrears are paid on completion."}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("cancel: %d %.500s", rec.Code, rec.Body.String())
	}
	if got := w.plan(p.PublicID); got.Status != plans.StatusCancelled || w.F.AuditCount("acme", "plan.cancelled", w.Ppl.FlatA.PublicID) != 1 {
		t.Fatalf("cancelled %+v", got)
	}
	subject, text := w.F.LastMail("acme", w.Ppl.Alice.Email)
	if !strings.Contains(subject, "has been cancelled") || !strings.Contains(text, "being sold") || !strings.Contains(text, "£550.25 of the arrears") {
		t.Fatalf("mail %q:\n%s", subject, text)
	}
	if w.Journals() != journals {
		t.Fatal("cancelling a plan posted to the ledger")
	}
	// The outbox goes to a real SMTP server: Alice has the offer twice
	// (the first was withdrawn) and the cancellation, with its reason.
	be := w.F.DeliverOverSMTP("acme", webtest.Now.Add(48*time.Hour), &smtptest.Backend{})
	var subjects []string
	for _, r := range be.Messages() {
		if len(r.To) != 1 || r.To[0] != w.Ppl.Alice.Email {
			continue
		}
		m, err := mail.ParseMessage(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatal(err)
		}
		subjects = append(subjects, m.Subject)
		if strings.Contains(m.Subject, "cancelled") && !strings.Contains(m.Text, "being sold") {
			t.Errorf("cancellation over SMTP:\n%s", m.Text)
		}
	}
	if len(subjects) != 3 || !strings.Contains(subjects[2], "has been cancelled") {
		t.Errorf("Alice received %q over SMTP", subjects)
	}
	// Withdrawing a cancelled plan is a conflict, not a change.
	if rec := w.Mgr.Post(path+"/withdraw", nil); rec.Code != http.StatusConflict {
		t.Fatalf("withdrawing a cancelled plan: %d", rec.Code)
	}
}

// Staff without PostMoney read the plans but get the refusal for every
// decision, and see no forms; nothing changes.
func TestStaffWithoutPostMoneyAreRefused(t *testing.T) {
	w := newWorld(t)
	p := w.request(4, "2026-04-10")
	staff := w.F.Browser("acme." + webtest.Base)
	staff.SignInAs("acme", w.F.AddStaffAs("acme", "Sam Staff", "sam@acme.example", estate.StaffRoleStaff))
	path := "/admin/plans/" + p.PublicID
	d := w.doc(staff.Get(path), http.StatusOK)
	if d.Find("#plan-screen form").Length() != 0 {
		t.Fatal("staff without PostMoney are shown the decisions")
	}
	w.doc(staff.Get("/admin/plans"), http.StatusOK)
	w.doc(staff.Get("/admin/plans/limits"), http.StatusOK)
	for _, post := range []struct {
		path string
		form url.Values
	}{
		{path + "/approve", terms("4", "monthly", "2026-04-10", "")},
		{path + "/decline", url.Values{"reason": {"No"}}},
		{w.offerPath(), terms("4", "monthly", "2026-04-10", "")},
		{"/admin/plans/limits/" + w.Ppl.FlatA.SitePublicID, url.Values{"max_instalments": {"12"}}},
	} {
		if rec := staff.Post(post.path, post.form); rec.Code != http.StatusForbidden {
			t.Errorf("staff POST %s: %d, want 403", post.path, rec.Code)
		}
	}
	if rec := staff.Get(w.offerPath()); rec.Code != http.StatusForbidden {
		t.Errorf("staff GET the offer form: %d", rec.Code)
	}
	if w.plan(p.PublicID).Status != plans.StatusRequested || w.Count(`SELECT count(*) FROM plan_limits`) != 0 {
		t.Fatal("a refused member of staff changed something")
	}
}

// A plan being kept shows what was repaid, what is behind and the misses
// on the list and its page; once it lapses its history says the daily
// review ended it.
func TestKeptPlanShowsItsProgress(t *testing.T) {
	w := newWorld(t)
	p := w.accept(w.offered("3", "2026-03-20"))
	w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var bank int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM ledger_accounts WHERE purpose = 'bank'`).Scan(&bank); err != nil {
			return err
		}
		_, err := ledger.RecordReceipt(ctx, tx, webtest.Now, ledger.ReceiptInput{UnitID: w.Ppl.FlatA.ID, AccountID: bank,
			Date: webtest.ISODay("2026-03-16"), Amount: 100_00, Method: ledger.MethodBankTransfer, Reference: "ALICE"})
		return err
	})
	review := func(day string) {
		w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
			_, err := plans.Review(ctx, tx, webtest.Now, webtest.ISODay(day))
			return err
		})
	}
	review("2026-03-26") // the first instalment, £183.43, is missed
	w.F.Clock.Set(webtest.ISODay("2026-03-27").Add(10 * time.Hour))
	w.Mgr.SignInAs("acme", w.Ppl.Manager) // the session of twelve days ago has lapsed
	d := w.doc(w.Mgr.Get("/admin/plans"), http.StatusOK)
	if rows := tableRows(d.Find(".plan-table tbody")); len(rows) != 1 || !strings.HasSuffix(rows[0], "| £100.00 | £83.43 behind | 1") {
		t.Fatalf("row %q", rows)
	}
	d = w.doc(w.Mgr.Get("/admin/plans/"+p.PublicID), http.StatusOK)
	if got := tableRows(d.Find(".plan-schedule tbody")); len(got) != 3 || !strings.HasSuffix(got[0], "£83.43 | Missed") ||
		!strings.HasSuffix(got[1], "£183.41 | To pay") {
		t.Fatalf("instalments %q", got)
	}
	if got := strings.Join(d.Find(".plan-summary").Children().Map(func(_ int, s *goquery.Selection) string { return squash(s.Text()) }), " "); !strings.Contains(got, "Behind £83.43") || !strings.Contains(got, "Next instalment £183.41 on 20 April 2026") {
		t.Fatalf("summary %q", got)
	}
	review("2026-04-26") // the second is missed too: the plan lapses
	d = w.doc(w.Mgr.Get("/admin/plans/"+p.PublicID), http.StatusOK)
	if got := squash(d.Find(".plan-history").Text()); !strings.Contains(got, "Accepted by Alice Adeyemi") || !strings.Contains(got, "Lapsed by the daily review") {
		t.Fatalf("history %q", got)
	}
}
