package views

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/owners"
)

// renderNamed executes a template every page holds with data.
func renderNamed(t *testing.T, name string, data any) *goquery.Document {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.pages["home"].ExecuteTemplate(&b, name, data); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	d, err := goquery.NewDocumentFromReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func squashText(s *goquery.Selection) []string {
	return s.Map(func(_ int, s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") })
}

// The seller's sales blocks show amounts, positions, outcomes and feedback,
// never a buyer's or viewer's name, and say so when there is nothing yet.
func TestOwnerSalesBlocks(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	offers := []owners.Offer{
		{BuyerName: "Ben Buyer", Amount: 650_000_00, Position: owners.PositionCash, Status: owners.OfferReceived, MadeOn: day("2026-03-10")},
		{BuyerName: "Cara Chain", Amount: 600_000_00, Position: owners.PositionSoldSTC, Status: owners.OfferRejected,
			MadeOn: day("2026-02-20"), DecidedOn: day("2026-02-22")},
	}
	d := renderNamed(t, "owner-offers", offers)
	got := squashText(d.Find(".owner-sale-item"))
	want := []string{"£650,000.00 Under consideration Cash buyer · made 10 March 2026",
		"£600,000.00 Rejected Sold subject to contract · made 20 February 2026 · decided 22 February 2026"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("offers %q, want %q", got, want)
	}
	if strings.Contains(d.Text(), "Ben") || d.Find("h2#owner-offers-heading").Length() != 1 {
		t.Errorf("offers block %q", d.Text())
	}
	if !strings.Contains(renderNamed(t, "owner-offers", []owners.Offer(nil)).Text(), "No offer has been made yet.") {
		t.Error("no empty offers message")
	}

	at := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	done := owners.Viewing{ViewerName: "Ola", StartsAt: at.Add(-48 * time.Hour), Status: owners.ViewingDone, Interest: owners.InterestHigh,
		Feedback: "Loved the garden.\n\nWorried about the kitchen."}
	missed := owners.Viewing{ViewerName: "Max", StartsAt: at.Add(-24 * time.Hour), Status: owners.ViewingNoShow}
	soon := owners.Viewing{ViewerName: "Sam", StartsAt: at.Add(26 * time.Hour), Status: owners.ViewingBooked}
	d = renderNamed(t, "owner-viewings", owners.SplitViewings([]owners.Viewing{done, soon, missed}, at))
	lists := d.Find("ul.owner-sale-list")
	if lists.Length() != 2 {
		t.Fatalf("%d lists", lists.Length())
	}
	if got := squashText(lists.First().Find("li")); len(got) != 1 || got[0] != "15 Mar 2026, 12:00 Booked" {
		t.Errorf("to come %q", got)
	}
	if got := squashText(lists.Last().Find("li")); len(got) != 2 || got[0] != "13 Mar 2026, 10:00 Viewer did not come" || got[1] != "12 Mar 2026, 10:00 Done Very interested" {
		t.Errorf("past %q", got)
	}
	if strings.Contains(d.Text(), "Ola") || strings.Contains(d.Text(), "Sam") {
		t.Error("viewers are named")
	}
	if !strings.Contains(renderNamed(t, "owner-viewings", owners.ViewingsSplit{}).Text(), "No viewing is booked.") {
		t.Error("no empty viewings message")
	}

	d = renderNamed(t, "owner-feedback", owners.WithFeedback([]owners.Viewing{done, missed, soon}))
	if got := squashText(d.Find(".owner-sale-item")); len(got) != 1 || got[0] != "12 March 2026 Very interested Loved the garden. Worried about the kitchen." {
		t.Errorf("feedback %q", got)
	}
	if d.Find("blockquote p").Length() != 2 || d.Find(".badge.ok").Length() != 1 {
		t.Error("feedback paragraphs or badge")
	}
	if !strings.Contains(renderNamed(t, "owner-feedback", []owners.Viewing{}).Text(), "No feedback yet") {
		t.Error("no empty feedback message")
	}
}
