package providers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

const keysRefusal = "Only administrators can change payment providers and their keys."

// signInAs adds a member of staff with the role and signs them in.
func signInAs(t *testing.T, f *webtest.Fixture, role string) (*webtest.Browser, estate.Person) {
	t.Helper()
	p := f.AddStaffAs("acme", "Member "+role, role+"@acme.example", role)
	b := f.Browser("acme." + webtest.Base)
	b.SignInAs("acme", p)
	return b, p
}

// settingsRow is the stored payment settings row as JSON, every column
// (sealed secrets and timestamps too), so any change to it shows.
func settingsRow(t *testing.T, f *webtest.Fixture) string {
	t.Helper()
	db := f.DB("acme").ReadPool()
	var cols, row string
	err := db.QueryRow(`SELECT group_concat(name) FROM pragma_table_info('payment_settings')`).Scan(&cols)
	if err == nil {
		err = db.QueryRow(`SELECT json_group_array(json_array(` + cols + `)) FROM payment_settings`).Scan(&row)
	}
	if err != nil || row == "[]" {
		t.Fatalf("payment settings: %q, %v", row, err)
	}
	return row
}

// A manager runs the money but cannot change where it goes: every request
// about the providers and their keys is refused with the reason, nothing
// is saved, and only the refusals are audited. An administrator still can.
func TestManagersCannotChangePaymentKeys(t *testing.T) {
	t.Parallel()
	// Stripe's address answers nothing: a refusal must come before it is asked.
	pb := newPayBook(t, webtest.PayOptions{StripeURL: "http://127.0.0.1:1"})
	mgr, person := signInAs(t, pb.F, estate.StaffRoleManager)
	before := settingsRow(t, pb.F)
	intruder := settingsForm("sk_live_51IntrudersOwnAccount0000", "whsec_IntrudersSigningSecret", "", "")
	intruder.Set("stripe_payout_account", pb.BankID())
	tries := []struct {
		name string
		rec  *httptest.ResponseRecorder
	}{
		{"open the settings", mgr.Get(paySettingsPath)},
		{"save", mgr.Post(paySettingsPath, intruder)},
		{"save by htmx", mgr.Post(paySettingsPath, intruder, "HX-Request", "true", "HX-Target", "payment-settings")},
		{"remove", mgr.Post(paySettingsPath+"/remove", url.Values{"provider": {"stripe"}})},
		{"test Stripe", mgr.Post(paySettingsPath+"/test/stripe", nil)},
		{"test GoCardless", mgr.Post(paySettingsPath+"/test/gocardless", nil, "HX-Request", "true", "HX-Target", "gocardless-test")},
	}
	for _, try := range tries {
		if body := try.rec.Body.String(); try.rec.Code != http.StatusForbidden || !strings.Contains(body, keysRefusal) {
			t.Errorf("manager %s: %d %.300s", try.name, try.rec.Code, body)
		}
	}
	if after := settingsRow(t, pb.F); after != before {
		t.Errorf("a manager changed the payment settings:\n%s\nwas\n%s", after, before)
	}
	if _, creds := settingsOf(t, pb.F); creds.StripeKey != webtest.TestStripeKey {
		t.Error("the Stripe key is no longer the one saved")
	}
	if n := pb.Count(`SELECT count(*) FROM audit_log WHERE action = 'settings.payments'`); n != 0 {
		t.Errorf("%d payment settings changes audited", n)
	}
	if n := pb.Count(`SELECT count(*) FROM audit_log WHERE action = 'access.denied' AND person_id = ?`, person.ID); n != len(tries) {
		t.Errorf("%d refusals audited, want %d", n, len(tries))
	}

	// The administrator opens the settings and removes the keys.
	if rec := pb.Mgr.Get(paySettingsPath); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="payment-settings"`) {
		t.Fatalf("administrator: settings %d", rec.Code)
	}
	if rec := pb.Mgr.Post(paySettingsPath+"/remove", url.Values{"provider": {"stripe"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("administrator: remove %d", rec.Code)
	}
	if _, creds := settingsOf(t, pb.F); creds.StripeKey != "" ||
		pb.Count(`SELECT count(*) FROM audit_log WHERE action = 'settings.payments' AND person_id = ?`, pb.Ppl.Manager.ID) != 1 {
		t.Error("the administrator's removal was not saved and audited")
	}
}

// Managers check with the providers from the events page: the button is
// there, and its answer comes back on that page whatever the form claims.
func TestManagersCheckWithTheProvidersFromTheEventsPage(t *testing.T) {
	t.Parallel()
	db := newDDBook(t, true)
	db.SetUpMandate(t)
	db.Fake.ConfirmPayment(db.ddPayment(t, "120.00"))
	// GoCardless's webhooks for the payment never arrive.
	pending := len(db.Fake.Pending())
	known := db.Events()
	mgr, _ := signInAs(t, db.F, estate.StaffRoleManager)
	const events, sync = paySettingsPath + "/events", paySettingsPath + "/sync"

	rec := mgr.Get(events)
	if rec.Code != http.StatusOK {
		t.Fatalf("events page: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	form := d.Find(`#provider-sync form[action="` + sync + `"]`)
	if strings.TrimSpace(form.Find("button").Text()) != "Check with the providers now" ||
		form.Find(`input[name="from"]`).AttrOr("value", "") != "events" || form.AttrOr("hx-target", "") != "#payment-events" {
		t.Errorf("the events page has no providers check for the manager: %q", form.Text())
	}
	if d.Find(`a[href="`+paySettingsPath+`"]`).Length() != 0 {
		t.Error("the events page links a manager to the settings they cannot open")
	}

	// htmx: the screen comes back with the answer and the events found.
	rec = mgr.Post(sync, url.Values{"from": {"events"}}, "HX-Request", "true", "HX-Target", "payment-events")
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || d.Find("#payment-events").Length() != 1 || d.Find("h1").Length() != 0 {
		t.Fatalf("htmx check: %d %.500s", rec.Code, rec.Body.String())
	}
	if !strings.Contains(rec.Body.String(), "<strong>"+strconv.Itoa(pending)+" newly applied</strong>, "+strconv.Itoa(known)+" already known.") ||
		!strings.Contains(d.Find("table.pay-events-table").Text(), "by a check with the provider") {
		t.Errorf("htmx check answer: %.3000s", rec.Body.String())
	}
	if db.Balance(t) != 0 || db.Count(`SELECT count(*) FROM provider_events WHERE via = 'sync'`) != pending {
		t.Errorf("after the manager's check: balance %d", db.Balance(t))
	}

	// Aimed at the section alone, only the section comes back.
	rec = mgr.Post(sync, url.Values{"from": {"events"}}, "HX-Request", "true", "HX-Target", "provider-sync")
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(body), `<section id="provider-sync"`) ||
		strings.Contains(body, `id="payment-events"`) {
		t.Errorf("section check: %d %.500s", rec.Code, body)
	}

	// Without JavaScript the whole events page comes back with the answer,
	// even when the form claims the settings page: a manager cannot open it.
	for _, from := range []string{"events", "settings", ""} {
		rec = mgr.Post(sync, url.Values{"from": {from}})
		d = webtest.Doc(t, rec)
		if rec.Code != http.StatusOK || d.Find("h1").Text() != "Payment events" || d.Find("#payment-settings").Length() != 0 ||
			!strings.Contains(rec.Body.String(), "<strong>0 newly applied</strong>") {
			t.Errorf("plain check from %q: %d %q", from, rec.Code, d.Find("h1").Text())
		}
	}

	// The administrator is answered on the page the button was on.
	for from, h1 := range map[string]string{"events": "Payment events", "settings": "Payment settings", "": "Payment settings", "elsewhere": "Payment settings"} {
		if d := webtest.Doc(t, db.Mgr.Post(sync, url.Values{"from": {from}})); d.Find("h1").Text() != h1 {
			t.Errorf("administrator's check from %q: %q", from, d.Find("h1").Text())
		}
	}
	if webtest.Doc(t, db.Mgr.Get(events)).Find(`.breadcrumbs a[href="`+paySettingsPath+`"]`).Length() != 1 {
		t.Error("the administrator's events page does not lead back to the settings")
	}
}
