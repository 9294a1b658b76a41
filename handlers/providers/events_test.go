package providers_test

import (
	"net/http"
	"strings"
	"testing"

	"porch/internal/webtest"
)

func TestPaymentEventsReview(t *testing.T) {
	t.Parallel()
	pb := newPayBook(t, webtest.PayOptions{})
	// An event about a session Porch never created.
	pb.deliver(t, webtest.StripeEventBody("evt_stranger", "checkout.session.completed", pb.F.Clock.Now(), "cs_test_elsewhere", "paid", "", 4200))
	rec := pb.Mgr.Get(paySettingsPath + "/events")
	if rec.Code != http.StatusOK {
		t.Fatalf("events page: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	card := d.Find("#event-stripe-evt_stranger")
	if card.Length() != 1 || !strings.Contains(card.Text(), "No payment in Porch has the Stripe reference") ||
		!strings.Contains(card.Text(), "£42.00") || !strings.Contains(card.Text(), "cs_test_elsewhere") {
		t.Fatalf("unmatched event card: %q", card.Text())
	}
	if !strings.Contains(pb.Mgr.Get(paySettingsPath).Body.String(), "1 to review") {
		t.Error("the settings page does not count the event to review")
	}
	path := paySettingsPath + "/events/stripe/evt_stranger/reviewed"
	rec = pb.Mgr.Post(path, nil, "HX-Request", "true", "HX-Target", "event-stripe-evt_stranger")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Reviewed") || strings.Contains(rec.Body.String(), "Mark reviewed") ||
		!strings.Contains(rec.Body.String(), "Morgan Manager") {
		t.Fatalf("mark reviewed: %d %.800s", rec.Code, rec.Body.String())
	}
	if n := pb.Count(`SELECT count(*) FROM provider_events WHERE reviewed_at IS NOT NULL AND reviewed_by = ?`, pb.Ppl.Manager.ID); n != 1 {
		t.Errorf("%d events reviewed", n)
	}
	if n := pb.Count(`SELECT count(*) FROM audit_log WHERE action = 'payments.event_reviewed'`); n != 1 {
		t.Errorf("%d audit entries", n)
	}
	d = webtest.Doc(t, pb.Mgr.Get(paySettingsPath+"/events"))
	if d.Find("#event-stripe-evt_stranger").Length() != 0 || !strings.Contains(d.Text(), "Nothing to review") {
		t.Error("a reviewed event is still to review")
	}
	if rec := pb.Mgr.Post(paySettingsPath+"/events/stripe/evt_nope/reviewed", nil); rec.Code != http.StatusNotFound {
		t.Errorf("unknown event: %d", rec.Code)
	}
}
