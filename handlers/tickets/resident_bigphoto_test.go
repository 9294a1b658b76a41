package tickets_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"net/http"
	"testing"

	"porch/handlers"
)

// noisyPNG is a PNG that does not compress: every pixel a random grey,
// so its size is about w×h bytes.
func noisyPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A request's form takes photos larger together than the body every other
// form is held to (handlers.MaxBody): its route is one that takes uploads.
func TestRequestTakesPhotosOverTheFormLimit(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	big := noisyPNG(t, 1800, 1400)
	if len(big) <= handlers.MaxBody {
		t.Fatalf("the photo is %d bytes, not over the %d-byte limit of other forms", len(big), handlers.MaxBody)
	}
	tk := h.raise(t, h.alice, h.form(t), upload{"wall.png", big}, upload{"ceiling.jpg", photo(t, 800, 600, color.RGBA{90, 90, 200, 255})})
	if n := h.count(t, `SELECT count(*) FROM ticket_photos WHERE ticket_id = ?`, tk.ID); n != 2 {
		t.Errorf("%d photos stored, want 2", n)
	}
	// The same body to a form that takes no uploads is refused whole.
	if rec := post(h.alice, "/profile/email", h.form(t), []upload{{"wall.png", big}}); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a form that takes no uploads answered %d, want 413", rec.Code)
	}
}
