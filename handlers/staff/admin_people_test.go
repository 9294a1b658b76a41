package staff_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
)

func TestPeopleListAndSearch(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	mgr.Post("/admin/people/"+ppl.Alice.PublicID+"/invite", nil)

	names := func(d *goquery.Document) []string {
		var out []string
		d.Find("#people-rows tr th a").Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
		return out
	}
	tests := []struct {
		q    string
		htmx bool
		want string
	}{
		{"", false, "Alice Adeyemi|Bob Brennan|Morgan Manager"},
		{"ALICE", false, "Alice Adeyemi"},
		{"example.com", false, "Alice Adeyemi|Bob Brennan"},
		{"bren", true, "Bob Brennan"},
		{"nobody", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			var hdr []string
			if tt.htmx {
				hdr = []string{"HX-Request", "true", "HX-Target", "people-rows"}
			}
			rec := mgr.Get("/admin/people?q="+url.QueryEscape(tt.q), hdr...)
			body := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			if tt.htmx && !strings.HasPrefix(strings.TrimSpace(body), `<div id="people-rows"`) {
				t.Errorf("htmx answer is not the results block: %.200s", body)
			}
			if !tt.htmx && !strings.Contains(body, "<html") {
				t.Error("plain request got a fragment")
			}
			d, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
			if !tt.htmx {
				d = webtest.Doc(t, rec)
			}
			if got := strings.Join(names(d), "|"); got != tt.want {
				t.Errorf("rows %q, want %q", got, tt.want)
			}
			if tt.want == "" && !strings.Contains(d.Find("td.empty").Text(), "nobody") {
				t.Error("no empty-result message")
			}
			// The count is in the swapped block, so it changes with the
			// search and is read out by screen readers.
			if n := len(names(d)); tt.q != "" && !strings.Contains(d.Find("#people-rows [data-announce]").Text(), fmt.Sprintf("%d of ", n)) {
				t.Errorf("count %q for %d rows", d.Find("#people-rows [data-announce]").Text(), n)
			}
		})
	}

	status := func() map[string]string {
		out := map[string]string{}
		d := webtest.Doc(t, mgr.Get("/admin/people"))
		d.Find("#people-rows tr").Each(func(_ int, s *goquery.Selection) {
			out[s.Find("th a").Text()] = s.Find(".badge").Last().Text()
		})
		return out
	}
	got := status()
	want := map[string]string{"Morgan Manager": "Active", "Bob Brennan": "Not invited"}
	for name, st := range want {
		if got[name] != st {
			t.Errorf("%s: %q, want %q", name, got[name], st)
		}
	}
	if !strings.HasPrefix(got["Alice Adeyemi"], "Invited, expires ") {
		t.Errorf("Alice: %q", got["Alice Adeyemi"])
	}
	f.Clock.Advance(15 * 24 * time.Hour)
	mgr.SignInAs("acme", ppl.Manager) // the session has ended meanwhile
	mgr.Post("/admin/people/"+ppl.Bob.PublicID+"/access", url.Values{"enabled": {"0"}})
	got = status()
	if got["Alice Adeyemi"] != "Invitation expired" || got["Bob Brennan"] != "Access disabled" {
		t.Errorf("after expiry and disabling: %q", got)
	}
	d := webtest.Doc(t, mgr.Get("/admin/people"))
	if d.Find("#person-"+ppl.Bob.PublicID+" form").Length() != 0 {
		t.Error("invite button for a person without access")
	}
	if !strings.Contains(d.Find("#person-"+ppl.Alice.PublicID).Text(), "Flat 1, Harbour View (leaseholder)") {
		t.Errorf("Alice's homes: %q", d.Find("#person-"+ppl.Alice.PublicID).Text())
	}
	if !strings.Contains(d.Find("#person-"+ppl.Manager.PublicID).Text(), "Staff: Administrator") {
		t.Error("staff role not shown")
	}
}

func TestPersonPage(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme, webtest.Bravo)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	alice := f.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", ppl.Alice)

	if rec := mgr.Get("/admin/people/nosuchperson1234"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown person: %d", rec.Code)
	}
	rec := mgr.Get("/admin/people/" + ppl.Alice.PublicID)
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || d.Find("h1").Text() != "Alice Adeyemi" {
		t.Fatalf("%d %q", rec.Code, d.Find("h1").Text())
	}
	details := detailsOf(d.Selection)
	want := map[string]string{"Email": "alice@example.com", "Staff role": "Not staff", "Status": "Active",
		"Signed-in devices": "1", "Invitation": "Sent 15 Mar 2026, 10:00; accepted"}
	for k, v := range want {
		if details[k] != v {
			t.Errorf("%s: %q, want %q", k, details[k], v)
		}
	}
	if got := strings.Join(cellsOf(d.Find("main table tbody tr").First()), "|"); got != "Flat 1|Harbour View|leaseholder|14 March 2024 to now|Nothing owed, Flat 1" {
		t.Errorf("homes row %q", got)
	}
	var buttons []string
	d.Find("#person-access button").Each(func(_ int, s *goquery.Selection) { buttons = append(buttons, s.Text()) })
	if strings.Join(buttons, "|") != "Re-send invitation|Sign out of all devices|Disable portal access" {
		t.Errorf("actions %q", buttons)
	}
	// Their own page offers a manager no way to lock themselves out.
	d = webtest.Doc(t, mgr.Get("/admin/people/"+ppl.Manager.PublicID))
	if strings.Contains(d.Find("#person-access").Text(), "Disable portal access") || !strings.Contains(d.Find("#person-access").Text(), "This is you") {
		t.Errorf("own page: %q", d.Find("#person-access").Text())
	}
}

// detailsOf reads the dt/dd pairs of the description lists in sel, with
// white space collapsed.
func detailsOf(sel *goquery.Selection) map[string]string {
	out := map[string]string{}
	sel.Find("dl dt").Each(func(_ int, dt *goquery.Selection) {
		out[squash(dt.Text())] = squash(dt.NextFiltered("dd").Text())
	})
	return out
}

// cellsOf returns the text of each cell of a table row.
func cellsOf(tr *goquery.Selection) []string {
	var out []string
	tr.Children().Each(func(_ int, c *goquery.Selection) { out = append(out, squash(c.Text())) })
	return out
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
