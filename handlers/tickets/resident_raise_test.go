package tickets_test

import (
	"context"
	"database/sql"
	"image/color"
	"net/http"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/tickets"
)

func TestResidentRaisesARequestWithAPhoto(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	d := webtest.Doc(t, h.alice.Get("/requests"))
	if !strings.Contains(d.Find("main").Text(), "You have not raised any requests yet") || d.Find(`a[href="/requests/new"]`).Length() != 1 {
		t.Errorf("empty list: %s", d.Find("main").Text())
	}
	d = webtest.Doc(t, h.alice.Get("/requests/new"))
	if d.Find(`select[name="unit"]`).Length() != 0 || d.Find(`input[type="hidden"][name="unit"]`).AttrOr("value", "") != h.ppl.FlatA.PublicID {
		t.Error("one home: no select, the home in a hidden field")
	}
	if n := d.Find(`#request-category option[value!=""]`).Length(); n != 12 {
		t.Errorf("%d categories offered", n)
	}
	if in := d.Find(`input[type="file"][name="photos"]`); in.AttrOr("accept", "") != "image/jpeg,image/png,image/webp" || in.AttrOr("multiple", "x") == "x" {
		t.Error("photos input")
	}
	tk := h.raise(t, h.alice, h.form(t), upload{"ceiling.jpg", photo(t, 800, 600, color.RGBA{200, 30, 30, 255})})
	if tk.RaisedBy != h.ppl.Alice.ID || tk.UnitID != h.ppl.FlatA.ID || !tk.MayEnter || tk.AccessNotes != "Cat indoors" || tk.Status != tickets.StatusOpen {
		t.Errorf("filed %+v", tk)
	}
	if h.f.AuditCount("acme", "ticket.raised", tk.PublicID) != 1 {
		t.Error("not audited")
	}
	rec := h.alice.Get("/requests/" + tk.PublicID + "?done=sent")
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || !strings.Contains(d.Find(".notice.success").Text(), "Request #1 sent") {
		t.Fatalf("page: %d %s", rec.Code, d.Find("main").Text())
	}
	img := d.Find(`.request-photo-list img`)
	if img.Length() != 1 {
		t.Fatalf("%d photos shown", img.Length())
	}
	thumb := h.alice.Get(img.AttrOr("src", ""))
	if thumb.Code != http.StatusOK || thumb.Header().Get("Content-Type") != "image/jpeg" ||
		thumb.Header().Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(thumb.Header().Get("Cache-Control"), "no-store") {
		t.Errorf("thumbnail: %d %v", thumb.Code, thumb.Header())
	}
	full := h.alice.Get(img.Parent().AttrOr("href", ""))
	if full.Code != http.StatusOK || len(full.Body.Bytes()) <= len(thumb.Body.Bytes()) {
		t.Errorf("full photo: %d, %d bytes against the thumbnail's %d", full.Code, len(full.Body.Bytes()), len(thumb.Body.Bytes()))
	}
	d = webtest.Doc(t, h.alice.Get("/requests"))
	if got := d.Find(".request-item-title a").Text(); got != "Water through the ceiling" || !strings.Contains(d.Find(".request-item").Text(), "Flat 1, Harbour View") {
		t.Errorf("list: %q", d.Find(".request-list").Text())
	}
	h.write(func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE tickets SET appointment_date = '2026-03-17', appointment_from = '08:00', appointment_to = '12:00' WHERE id = ?`, tk.ID)
		return err
	})
	for _, path := range []string{"/requests", "/requests/" + tk.PublicID} {
		if got := webtest.Doc(t, h.alice.Get(path)).Find(".request-visit").Text(); !strings.Contains(got, "Engineer booked for Tue 17 Mar 2026, 8:00–12:00") {
			t.Errorf("%s: appointment %q", path, got)
		}
	}
	d = webtest.Doc(t, h.alice.Get("/"))
	card := d.Find(".home-requests")
	if !strings.Contains(card.Text(), "You have 1 open request.") || card.Find(`a[href="/requests/new"]`).Length() != 1 ||
		d.Find(`nav a[href="/requests"]`).Length() != 1 {
		t.Errorf("home page: %q", card.Text())
	}
	mgr := h.signIn(h.ppl.Manager)
	if d := webtest.Doc(t, mgr.Get("/")); d.Find(`nav a[href="/requests"]`).Length() != 0 || d.Find(".home-requests").Length() != 0 {
		t.Error("staff who live in none of the homes are offered requests")
	}
}
