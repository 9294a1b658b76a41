package files

import (
	"context"
	"image"
	"os"
	"strings"
	"testing"

	"porch/errs"
)

// fieldMessage is the message an upload error shows by the file field.
func fieldMessage(t *testing.T, err error) string {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid || e.Fields[field] == "" {
		t.Fatalf("want an invalid error on the file field, got %v", err)
	}
	return e.Fields[field]
}

func TestUploadsAreJudgedByContent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	org := openOrg(t)
	s := New(Config{MaxBytes: 1 << 20})

	// A PNG named as a PDF is stored as the PNG it is.
	ref, err := s.Put(ctx, org, Upload{Name: "lease.pdf", Data: pngBytes(t, twoTone(40, 30))})
	if err != nil {
		t.Fatal(err)
	}
	if ref.Type != TypePNG || !ref.IsImage() {
		t.Fatalf("a PNG named .pdf was stored as %q", ref.Type)
	}

	// A PDF is stored byte for byte, with no thumbnail.
	pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	ref, err = s.Put(ctx, org, Upload{Name: "scan.jpg", Data: pdf})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, org, ref.Hash)
	if err != nil {
		t.Fatal(err)
	}
	if ref.Type != TypePDF || string(got.Data) != string(pdf) || ref.Thumb != "" {
		t.Fatalf("PDF stored as %+v, bytes equal: %v", ref, string(got.Data) == string(pdf))
	}
	if _, err := s.Thumb(ctx, org, ref.Hash); !errs.Is(err, errs.NotFound) {
		t.Fatalf("thumbnail of a PDF: %v", err)
	}

	webp, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	ref, err = s.Put(ctx, org, Upload{Name: "leak.webp", Data: webp})
	if err != nil {
		t.Fatalf("WebP photo: %v", err)
	}
	if ref.Type != TypeJPEG {
		t.Fatalf("an opaque WebP photo was stored as %q, not re-encoded as JPEG", ref.Type)
	}

	refused := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"text named .jpg", "photo.jpg", []byte("this is not a photo at all"), "not a photo or a PDF"},
		{"empty", "photo.jpg", nil, "empty"},
		{"HEIC", "IMG_0001.jpg", append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 64)...), "HEIC"},
		{"damaged JPEG", "photo.jpg", []byte{0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0}, "could not be read"},
		{"over the size limit", "scan.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 1<<20)...), "the largest file accepted is 1 MB"},
		{"a header claiming 100000 × 100000 pixels", "bomb.png", pngClaiming(100_000, 100_000), "100000 × 100000 pixels"},
	}
	for _, c := range refused {
		_, err := s.Put(ctx, org, Upload{Name: c.file, Data: c.data})
		if msg := fieldMessage(t, err); !strings.Contains(msg, c.want) {
			t.Errorf("%s: message %q does not say %q", c.name, msg, c.want)
		}
	}
}

func TestHugeHeaderIsRefusedBeforeDecoding(t *testing.T) {
	t.Parallel()
	// The header alone is enough to refuse: the file has no pixels, so a
	// decoder would fail with "could not be read", not name the size.
	bomb := pngClaiming(60_000, 60_000)
	if _, _, err := image.Decode(strings.NewReader(string(bomb))); err == nil {
		t.Fatal("the bomb should not be decodable")
	}
	s := New(Config{})
	_, err := s.decodePhoto(kindPNG, bomb)
	if msg := fieldMessage(t, err); !strings.Contains(msg, "megapixels") {
		t.Fatalf("message %q", msg)
	}
}

func TestMegabytes(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{10 << 20: "10 MB", 12<<20 + 1<<19: "12.5 MB"} {
		if got := megabytes(n); got != want {
			t.Errorf("megabytes(%d) = %q, want %q", n, got, want)
		}
	}
}
