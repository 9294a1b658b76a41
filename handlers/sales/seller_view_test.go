package sales_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/owners"
)

func itemTexts(s *goquery.Selection) []string {
	return s.Map(func(_ int, s *goquery.Selection) string { return squash(s.Text()) })
}

// The seller's blocks (owner-offers, owner-viewings, owner-feedback),
// previewed on the sale page: amounts, positions, outcomes and feedback,
// never a buyer's or viewer's name nor the office's note; and what each
// says when there is nothing yet.
func TestSellerViewBlocks(t *testing.T) {
	t.Parallel()
	sb := newSaleBook(t)
	empty := webtest.Doc(t, sb.mgr.Get(sb.path())).Find(".sale-seller-preview")
	for _, want := range []string{"No offer has been made yet.", "No viewing is booked.", "No viewing has taken place yet.", "No feedback yet"} {
		if !strings.Contains(empty.Text(), want) {
			t.Errorf("empty seller's view lacks %q", want)
		}
	}

	sb.offer(t, "Ben Buyer", "650000", owners.PositionCash, "2026-03-10")
	cara := sb.offer(t, "Cara Chain", "600000", owners.PositionSoldSTC, "2026-02-20")
	if rec := sb.mgr.Post(sb.path()+"/offers/"+cara.PublicID, url.Values{"status": {owners.OfferRejected}, "decided_on": {"2026-02-22"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reject: %d", rec.Code)
	}
	for _, v := range []url.Values{
		{"viewer_name": {"Ola Earlier"}, "starts_at": {"2026-03-14T10:00"}},
		{"viewer_name": {"Max Missed"}, "starts_at": {"2026-03-14T12:00"}},
		{"viewer_name": {"Sam Soon"}, "starts_at": {"2026-03-16T12:00"}},
	} {
		if rec := sb.mgr.Post(sb.path()+"/viewings", v); rec.Code != http.StatusSeeOther {
			t.Fatalf("book: %d", rec.Code)
		}
	}
	vs := sb.viewings(t)
	for _, o := range []struct {
		id   string
		form url.Values
	}{
		{vs[0].PublicID, url.Values{"status": {owners.ViewingDone}, "interest": {owners.InterestHigh}, "feedback": {"Loved the garden.\r\n\r\nWorried about the kitchen."}}},
		{vs[1].PublicID, url.Values{"status": {owners.ViewingNoShow}}},
	} {
		if rec := sb.mgr.Post(sb.path()+"/viewings/"+o.id, o.form); rec.Code != http.StatusSeeOther {
			t.Fatalf("outcome: %d %.300s", rec.Code, rec.Body.String())
		}
	}

	view := webtest.Doc(t, sb.mgr.Get(sb.path())).Find(".sale-seller-preview")
	offers := view.Find(`section[aria-labelledby="owner-offers-heading"]`)
	want := []string{"£650,000.00 Under consideration Cash buyer · made 10 March 2026",
		"£600,000.00 Rejected Sold subject to contract · made 20 February 2026 · decided 22 February 2026"}
	if got := itemTexts(offers.Find(".owner-sale-item")); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("offers %q, want %q", got, want)
	}
	lists := view.Find(`section[aria-labelledby="owner-viewings-heading"] ul`)
	if got := itemTexts(lists.First().Find("li")); len(got) != 1 || got[0] != "16 Mar 2026, 12:00 Booked" {
		t.Errorf("viewings to come %q", got)
	}
	if got := itemTexts(lists.Last().Find("li")); len(got) != 2 || got[0] != "14 Mar 2026, 12:00 Viewer did not come" || got[1] != "14 Mar 2026, 10:00 Done Very interested" {
		t.Errorf("past viewings %q", got)
	}
	feedback := view.Find(`section[aria-labelledby="owner-feedback-heading"]`)
	if got := itemTexts(feedback.Find(".owner-sale-item")); len(got) != 1 || got[0] != "14 March 2026 Very interested Loved the garden. Worried about the kitchen." {
		t.Errorf("feedback %q", got)
	}
	if feedback.Find("blockquote p").Length() != 2 {
		t.Error("the feedback's paragraphs are not kept")
	}
	for _, name := range []string{"Ben", "Cara", "Ola", "Max", "Sam"} {
		if strings.Contains(view.Text(), name) {
			t.Errorf("the seller's view names %s", name)
		}
	}
}
