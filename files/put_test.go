package files

import (
	"bytes"
	"context"
	"errors"
	"image"
	"path/filepath"
	"testing"

	"porch/errs"
	"porch/tenants"
)

func TestPhotosLoseExifAndLocationAndTurnUpright(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	org := openOrg(t)
	s := New(Config{})

	// A camera held upright records a landscape picture and orientation 6.
	upload := withExif(jpegBytes(t, twoTone(64, 48)), 6, "GPSLatitude 51.5074N GPSLongitude 0.1278W")
	if o := jpegOrientation(upload); o != 6 {
		t.Fatalf("the test photo's orientation reads as %d", o)
	}
	ref, err := s.Put(ctx, org, Upload{Name: "leak.jpg", Data: upload})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Get(ctx, org, ref.Hash)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Exif", "GPSLatitude", "51.5074"} {
		if bytes.Contains(b.Data, []byte(secret)) {
			t.Errorf("the stored photo still contains %q", secret)
		}
	}
	if jpegOrientation(b.Data) != 0 {
		t.Error("the stored photo still has an orientation tag")
	}
	img, _, err := image.Decode(bytes.NewReader(b.Data))
	if err != nil {
		t.Fatal(err)
	}
	// Turned a quarter clockwise: 48 wide, 64 high, the left (red) half
	// now on top.
	if bd := img.Bounds(); bd.Dx() != 48 || bd.Dy() != 64 || b.Width != 48 || b.Height != 64 {
		t.Fatalf("stored %dx%d (recorded %dx%d), want 48x64", bd.Dx(), bd.Dy(), b.Width, b.Height)
	}
	top, bottom := redBlue(img.At(24, 5)), redBlue(img.At(24, 58))
	if top != "red" || bottom != "blue" {
		t.Fatalf("top is %s and bottom %s; want red over blue", top, bottom)
	}
}

func redBlue(c interface{ RGBA() (r, g, b, a uint32) }) string {
	r, _, b, _ := c.RGBA()
	switch {
	case r > 2*b:
		return "red"
	case b > 2*r:
		return "blue"
	}
	return "mixed"
}

func TestSameBytesStoredOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	org := openOrg(t)
	s := New(Config{})
	photo := jpegBytes(t, twoTone(800, 600))
	first, err := s.Put(ctx, org, Upload{Name: "a.jpg", Data: photo})
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Put(ctx, org, Upload{Name: "b.jpg", Data: photo})
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Fatalf("the same photo twice gave %+v and %+v", first, second)
	}
	fdb, err := s.open(ctx, org)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := fdb.Read().QueryRowContext(ctx, `SELECT count(*) FROM blobs`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 { // the photo and its thumbnail
		t.Fatalf("%d blobs stored for one photo uploaded twice", n)
	}
	got, err := s.Get(ctx, org, first.Hash)
	if err != nil {
		t.Fatal(err)
	}
	if hashOf(got.Data) != first.Hash || got.Size != int64(len(got.Data)) {
		t.Fatal("the stored bytes do not match their hash and size")
	}
}

func TestThumbnails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	org := openOrg(t)
	s := New(Config{})
	cases := []struct {
		name         string
		data         []byte
		wantW, wantH int
		wantType     string
	}{
		{"landscape JPEG", jpegBytes(t, twoTone(1000, 500)), 320, 160, TypeJPEG},
		{"portrait PNG", pngBytes(t, twoTone(300, 1200)), 80, 320, TypePNG},
		{"small photo is its own thumbnail", pngBytes(t, twoTone(100, 60)), 100, 60, TypePNG},
	}
	for _, c := range cases {
		ref, err := s.Put(ctx, org, Upload{Name: c.name, Data: c.data})
		if err != nil {
			t.Fatal(err)
		}
		th, err := s.Thumb(ctx, org, ref.Hash)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		img, _, err := image.Decode(bytes.NewReader(th.Data))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != c.wantW || b.Dy() != c.wantH || th.Type != c.wantType || th.Hash != ref.Thumb {
			t.Errorf("%s: thumbnail %dx%d %s (hash %s, ref says %s), want %dx%d %s",
				c.name, b.Dx(), b.Dy(), th.Type, th.Hash, ref.Thumb, c.wantW, c.wantH, c.wantType)
		}
	}
}

// A photo larger than MaxSide is stored scaled down to it, its shape kept.
func TestLargePhotosScaledDown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	org := openOrg(t)
	s := New(Config{MaxSide: 800})
	ref, err := s.Put(ctx, org, Upload{Name: "wide.png", Data: pngBytes(t, twoTone(2000, 500))})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Get(ctx, org, ref.Hash)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(b.Data))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds(); got.Dx() != 800 || got.Dy() != 200 || b.Width != 800 || b.Height != 200 {
		t.Errorf("stored %dx%d (recorded %dx%d), want 800x200", got.Dx(), got.Dy(), b.Width, b.Height)
	}
}

func TestPutFailsWhenTheFileCannotBeShipped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	org := openOrg(t)
	var shipped []string
	s := New(Config{Stored: func(_ context.Context, db *tenants.DB) error {
		shipped = append(shipped, filepath.Base(db.Path))
		return errors.New("replica unreachable")
	}})
	_, err := s.Put(ctx, org, Upload{Name: "a.png", Data: pngBytes(t, twoTone(10, 10))})
	if !errs.Is(err, errs.Unavailable) || len(shipped) != 1 || shipped[0] != "acme.files.db" {
		t.Fatalf("Put with a failing hook: %v, shipped %v", err, shipped)
	}
}

// Requests storing at once share one open file store and each get their
// own photo back.
func TestConcurrentPuts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	org := openOrg(t)
	s := New(Config{})
	refs := make([]Ref, 6)
	errc := make(chan error, len(refs))
	for i := range refs {
		data := pngBytes(t, twoTone(20+i, 20))
		go func() {
			var err error
			refs[i], err = s.Put(ctx, org, Upload{Name: "p.png", Data: data})
			errc <- err
		}()
	}
	for range refs {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	for i, ref := range refs {
		b, err := s.Get(ctx, org, ref.Hash)
		if err != nil || b.Width != 20+i {
			t.Fatalf("photo %d: %dx%d, %v", i, b.Width, b.Height, err)
		}
	}
}
