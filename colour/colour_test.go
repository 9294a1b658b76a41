package colour

import "testing"

func TestReadableIsTheNearestPassingStep(t *testing.T) {
	for _, c := range []string{"#ffcc00", "#ffffff", "#00ff00", "#7fb3d5", "#1d5e8c", "#0f6e6e", "#e4002b"} {
		got, ok := Readable(c)
		if !ok {
			t.Fatalf("Readable(%s) not ok", c)
		}
		if OnWhite(got) < MinContrast {
			t.Errorf("Readable(%s) = %s with contrast %.2f, want >= 4.5", c, got, OnWhite(got))
		}
		if Passes(c) {
			if got != c {
				t.Errorf("Readable(%s) = %s, want the colour itself: it passes", c, got)
			}
			continue
		}
		// The step before it, a shade lighter, must fail: nothing nearer passes.
		r, g, b, _ := Parse(c)
		k := 0
		for k = steps; k > 0 && scaled(r, g, b, k) != got; k-- {
		}
		if k == 0 || k == steps {
			t.Fatalf("Readable(%s) = %s is no darkening step of it", c, got)
		}
		if lighter := scaled(r, g, b, k+1); Passes(lighter) {
			t.Errorf("Readable(%s) = %s, but the lighter %s passes too (%.3f)", c, got, lighter, OnWhite(lighter))
		}
	}
}

func TestYellowIsRefusedAndDarkenedKeepingItsHue(t *testing.T) {
	if Passes("#ffcc00") {
		t.Fatalf("#ffcc00 passes with %.2f", OnWhite("#ffcc00"))
	}
	got, _ := Readable("#ffcc00")
	r, g, b, _ := Parse(got)
	if b != 0 || r == 0 || g/r < 0.79 || g/r > 0.81 {
		t.Errorf("Readable(#ffcc00) = %s: not the same hue", got)
	}
	if _, ok := Readable("yellow"); ok {
		t.Error("Readable accepted a colour name")
	}
	if OnWhite("#000000") < 20.9 || OnWhite("#ffffff") != 1 {
		t.Errorf("contrast of black %.2f, white %.2f", OnWhite("#000000"), OnWhite("#ffffff"))
	}
}
