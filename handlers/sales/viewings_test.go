package sales_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/owners"
)

func TestViewingBookedThenOutcomeAndFeedback(t *testing.T) {
	t.Parallel()
	sb := newSaleBook(t)
	// Refused: no name, a time that is not one, someone not on the staff.
	rec := sb.mgr.Post(sb.path()+"/viewings", url.Values{"viewer_name": {""}, "starts_at": {"tomorrow"}, "staff": {sb.grace.PublicID}},
		"HX-Request", "true", "HX-Target", "sale-viewing-form")
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad viewing: %d %.300s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	for field, want := range map[string]string{
		"viewer_name": "Enter the viewer's name.",
		"starts_at":   "Enter a date and time",
		"staff":       "Choose a member of staff, or nobody.",
	} {
		if got := webtest.FieldError(d.Selection, field); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if sb.count("sale_viewings") != 0 {
		t.Fatal("a refused viewing was saved")
	}

	// Booked: one held yesterday (recorded after the fact) and one to come.
	for _, v := range []url.Values{
		{"viewer_name": {"Ola Earlier"}, "starts_at": {"2026-03-14T10:00"}, "staff": {sb.nia.PublicID}},
		{"viewer_name": {"Tom Tomorrow"}, "starts_at": {"2026-03-16T17:15"}},
	} {
		if rec := sb.mgr.Post(sb.path()+"/viewings", v); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != sb.path()+"?done=viewing" {
			t.Fatalf("book %v: %d %.300s", v, rec.Code, rec.Body.String())
		}
	}
	if n := sb.f.AuditCount("acme", "sale.viewing_booked", sb.house.PublicID); n != 2 {
		t.Errorf("%d bookings audited", n)
	}
	vs := sb.viewings(t)
	ola, tom := vs[0], vs[1]
	if ola.ViewerName != "Ola Earlier" || ola.StaffName != "Nia Negotiator" || tom.StaffID != 0 || tom.StartsAt.Format("2006-01-02 15:04") != "2026-03-16 17:15" {
		t.Errorf("viewings %+v", vs)
	}
	page := webtest.Doc(t, sb.mgr.Get(sb.path()))
	if got := squash(page.Find(`section[aria-labelledby="sale-future-heading"] tbody`).Text()); !strings.Contains(got, "Tom Tomorrow") || strings.Contains(got, "Ola") {
		t.Errorf("to come: %q", got)
	}
	if got := squash(page.Find(`section[aria-labelledby="sale-past-heading"] tbody`).Text()); !strings.Contains(got, "Ola Earlier") || !strings.Contains(got, "Nia Negotiator") {
		t.Errorf("past: %q", got)
	}
	// The viewing to come can only be cancelled.
	if opts := page.Find("#outcome-" + tom.PublicID + " option"); opts.Length() != 1 || opts.AttrOr("value", "") != owners.ViewingCancelled {
		t.Errorf("outcomes offered for a viewing to come: %d", opts.Length())
	}

	// Done without the viewer's interest is refused on the row, in place.
	rec = sb.mgr.Post(sb.path()+"/viewings/"+ola.PublicID, url.Values{"status": {owners.ViewingDone}, "feedback": {"Liked it."}},
		"HX-Request", "true", "HX-Target", "viewing-"+ola.PublicID)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("outcome without interest: %d", rec.Code)
	}
	rd := rowDoc(t, rec)
	if got := webtest.FieldErrorByID(rd.Selection, "interest-"+ola.PublicID); got != "Choose how interested the viewer is." {
		t.Errorf("interest message %q", got)
	}
	if got := rd.Find("#feedback-" + ola.PublicID).Text(); got != "Liked it." {
		t.Errorf("feedback kept as %q", got)
	}
	if _, open := rd.Find("details.sale-outcome").Attr("open"); !open {
		t.Error("the refused outcome form is closed")
	}
	if vs := sb.viewings(t); vs[0].Status != owners.ViewingBooked {
		t.Error("a refused outcome was saved")
	}

	rec = sb.mgr.Post(sb.path()+"/viewings/"+ola.PublicID, url.Values{"status": {owners.ViewingDone}, "interest": {owners.InterestHigh},
		"feedback": {"Loved the garden; worried about the kitchen."}}, "HX-Request", "true", "HX-Target", "viewing-"+ola.PublicID)
	if rec.Code != http.StatusOK || rec.Header().Get("HX-Retarget") != "#sale-screen" {
		t.Fatalf("outcome: %d %q", rec.Code, rec.Header().Get("HX-Retarget"))
	}
	d = webtest.Doc(t, rec)
	row := squash(d.Find("#viewing-" + ola.PublicID).Text())
	for _, want := range []string{"Done", "Very interested", "Loved the garden; worried about the kitchen."} {
		if !strings.Contains(row, want) {
			t.Errorf("row %q lacks %q", row, want)
		}
	}
	// The seller's view of the feedback shows it, without the viewer's name.
	seller := squash(d.Find(".sale-seller-view").Text())
	if !strings.Contains(seller, "Loved the garden") || !strings.Contains(seller, "Very interested") || strings.Contains(seller, "Ola") {
		t.Errorf("seller's view %q", seller)
	}
	if n := sb.f.AuditCount("acme", "sale.viewing_outcome", sb.house.PublicID); n != 1 {
		t.Errorf("%d outcomes audited", n)
	}

	// Done is refused for a viewing still to come; cancelling it works.
	rec = sb.mgr.Post(sb.path()+"/viewings/"+tom.PublicID, url.Values{"status": {owners.ViewingDone}, "interest": {owners.InterestSome}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldErrorByID(webtest.Doc(t, rec).Selection, "outcome-"+tom.PublicID), "once it has happened") {
		t.Errorf("done before it happened: %d", rec.Code)
	}
	if rec := sb.mgr.Post(sb.path()+"/viewings/"+tom.PublicID, url.Values{"status": {owners.ViewingCancelled}}); rec.Code != http.StatusSeeOther {
		t.Errorf("cancel: %d", rec.Code)
	}
	vs = sb.viewings(t)
	if vs[0].Status != owners.ViewingDone || vs[0].Interest != owners.InterestHigh || vs[1].Status != owners.ViewingCancelled {
		t.Errorf("viewings %+v", vs)
	}
	if rec := sb.mgr.Post(sb.path()+"/viewings/nosuchviewing0000", url.Values{"status": {owners.ViewingCancelled}}); rec.Code != http.StatusNotFound {
		t.Errorf("unknown viewing: %d", rec.Code)
	}
}
