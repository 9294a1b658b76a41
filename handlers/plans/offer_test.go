package plans_test

import (
	"net/http"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/plans"
)

// The manager offers Alice a plan: the form shows her arrears, the
// preview lays out the instalments exactly as the plan will (pennies on
// the first) without saving anything, and the offer is saved, audited and
// emailed to her.
func TestOfferPreviewedThenMade(t *testing.T) {
	w := newWorld(t)
	d := w.doc(w.Mgr.Get(w.offerPath()), http.StatusOK)
	if got := squash(d.Find("#plan-arrears-heading").Text()); got != "Arrears: £550.25" {
		t.Fatalf("arrears heading %q", got)
	}
	if n := d.Find("#plan-arrears-heading").Parent().Find("tbody tr").Length(); n != 2 {
		t.Fatalf("%d overdue invoices listed, want 2", n)
	}
	form := terms("3", "monthly", "2026-04-01", "As we agreed on the phone.")
	form.Set("action", "preview")
	d = w.doc(w.Mgr.Post(w.offerPath(), form, "HX-Request", "true", "HX-Target", "plan-offer"), http.StatusOK)
	if d.Find("h1").Length() != 0 || d.Find("#plan-offer").Length() != 1 {
		t.Fatalf("the preview is not the form's block alone")
	}
	rows := tableRows(d.Find(".plan-preview tbody"))
	want := []string{"1 | 1 Apr 2026 | £183.43", "2 | 1 May 2026 | £183.41", "3 | 1 Jun 2026 | £183.41"}
	if strings.Join(rows, "|") != strings.Join(want, "|") {
		t.Fatalf("previewed %q, want %q", rows, want)
	}
	if v, _ := d.Find(`[name="note"]`).Html(); v != "As we agreed on the phone." {
		t.Fatalf("the note was not kept: %q", v)
	}
	if n := w.Count(`SELECT count(*) FROM payment_plans`); n != 0 {
		t.Fatalf("a preview saved %d plans", n)
	}

	journals := w.Journals()
	form.Set("action", "offer")
	rec := w.Mgr.Post(w.offerPath(), form)
	if rec.Code != http.StatusSeeOther || !strings.HasSuffix(rec.Header().Get("Location"), "?done=offered") {
		t.Fatalf("offer: %d %s %.1000s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	p, err := plans.OpenFor(t.Context(), w.F.DB("acme").Read(), w.Ppl.FlatA.ID, w.occ.ID)
	if err != nil || p.Status != plans.StatusOffered || p.Terms.Total != 550_25 || p.OfferedBy != w.Ppl.Manager.ID ||
		p.DecisionNote != "As we agreed on the phone." {
		t.Fatalf("plan %+v %v", p, err)
	}
	if w.Journals() != journals {
		t.Fatal("offering a plan posted to the ledger")
	}
	if n := w.F.AuditCount("acme", "plan.offered", w.Ppl.FlatA.PublicID); n != 1 {
		t.Fatalf("%d plan.offered entries", n)
	}
	subject, text := w.F.LastMail("acme", w.Ppl.Alice.Email)
	if !strings.Contains(subject, "payment plan for Flat 1, Harbour View is waiting") || !strings.Contains(text, "£550.25 in 3 monthly instalments") ||
		!strings.Contains(text, "As we agreed on the phone.") || !strings.Contains(text, "/money/plans/"+p.PublicID) {
		t.Fatalf("mail %q:\n%s", subject, text)
	}

	// The plan's page says what was done and shows the schedule.
	d = w.doc(w.Mgr.Get(rec.Header().Get("Location")), http.StatusOK)
	if !strings.Contains(d.Find(".notice.success").Text(), "Plan offered") {
		t.Fatalf("notice %q", d.Find(".notice.success").Text())
	}
	if n := d.Find(".plan-schedule tbody tr").Length(); n != 3 {
		t.Fatalf("%d instalments shown", n)
	}
	// A second offer for the same account is refused at the top of the form.
	rec = w.Mgr.Post(w.offerPath(), form)
	d = w.doc(rec, http.StatusUnprocessableEntity)
	if got := d.Find("#plan-offer .notice.error").Text(); !strings.Contains(got, "already has a payment plan (offered)") {
		t.Fatalf("second offer: %q", got)
	}
}

// Refused offers show each message next to its field (422) and save
// nothing, mail nobody and audit nothing.
func TestOfferRefusals(t *testing.T) {
	w := newWorld(t)
	mails := w.F.MailCount("acme", w.Ppl.Alice.Email)
	cases := []struct {
		name, action string
		form         map[string]string
		field, want  string
	}{
		{"one instalment", "offer", map[string]string{"instalments": "1"}, "instalments", "A plan has at least two instalments."},
		{"not a number", "preview", map[string]string{"instalments": "six"}, "instalments", "Enter the number of instalments, such as 6."},
		{"no frequency", "offer", map[string]string{"frequency": ""}, "frequency", "Choose weekly, fortnightly or monthly."},
		{"past first date", "offer", map[string]string{"first_date": "2026-03-01"}, "first_date", "The first instalment cannot be in the past."},
		{"far first date", "preview", map[string]string{"first_date": "2026-09-01"}, "first_date", "The first instalment must be within 92 days of today."},
		{"no first date", "offer", map[string]string{"first_date": ""}, "first_date", "Enter the date."},
	}
	for _, c := range cases {
		form := terms("3", "monthly", "2026-04-01", "")
		for k, v := range c.form {
			form.Set(k, v)
		}
		form.Set("action", c.action)
		d := w.doc(w.Mgr.Post(w.offerPath(), form), http.StatusUnprocessableEntity)
		if got := webtest.FieldError(d.Selection, c.field); got != c.want {
			t.Errorf("%s: %s says %q, want %q", c.name, c.field, got, c.want)
		}
		if strings.HasPrefix(d.Find("title").Text(), "Error: ") == false {
			t.Errorf("%s: title %q", c.name, d.Find("title").Text())
		}
	}
	if n := w.Count(`SELECT count(*) FROM payment_plans`); n != 0 {
		t.Fatalf("refused offers saved %d plans", n)
	}
	if w.F.MailCount("acme", w.Ppl.Alice.Email) != mails || w.F.AuditCount("acme", "plan.offered") != 0 {
		t.Fatal("a refused offer mailed or audited")
	}

	// Bob's account (Flat 2) has no arrears: the form says so at its top.
	var bobOcc string
	if err := w.F.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM occupancies WHERE unit_id = ?`, w.Ppl.FlatB.ID).Scan(&bobOcc); err != nil {
		t.Fatal(err)
	}
	form := terms("3", "monthly", "2026-04-01", "")
	form.Set("action", "offer")
	d := w.doc(w.Mgr.Post("/admin/plans/new?unit="+w.Ppl.FlatB.PublicID+"&account="+bobOcc, form), http.StatusUnprocessableEntity)
	if got := d.Find("#plan-offer .notice.error").Text(); !strings.Contains(got, "no arrears") {
		t.Fatalf("no arrears: %q", got)
	}
	// An account that is not the unit's is not found.
	if rec := w.Mgr.Get("/admin/plans/new?unit=" + w.Ppl.FlatA.PublicID + "&account=" + bobOcc); rec.Code != http.StatusNotFound {
		t.Fatalf("Bob's account under Flat 1: %d", rec.Code)
	}
}

// The manager's account page of Flat 1 offers a plan for Alice's arrears,
// and once there is one, says where it stands and links to it.
func TestUnitAccountLinksToPlans(t *testing.T) {
	w := newWorld(t)
	d := w.doc(w.Mgr.Get(w.UnitPath()), http.StatusOK)
	link := d.Find(`.unit-plans a[href="` + w.offerPath() + `"]`)
	if link.Length() != 1 || !strings.Contains(d.Find(".unit-plans").Text(), "£550.25 overdue") {
		t.Fatalf("offer link: %q", squash(d.Find(".unit-plans").Text()))
	}
	p := w.offered("3", "2026-04-01")
	d = w.doc(w.Mgr.Get(w.UnitPath()+"?account="+w.occ.PublicID), http.StatusOK)
	if got := squash(d.Find(".unit-plans").Text()); got != "Payment plan offered: £550.25. See the plan" ||
		d.Find(`.unit-plans a[href="/admin/plans/`+p.PublicID+`"]`).Length() != 1 {
		t.Fatalf("open plan: %q", got)
	}
	// The ledger overview links to the plans.
	if d := w.doc(w.Mgr.Get("/admin/ledger"), http.StatusOK); d.Find(`a[href="/admin/plans"]`).Length() == 0 {
		t.Fatal("no link to the payment plans from the accounts overview")
	}
}
