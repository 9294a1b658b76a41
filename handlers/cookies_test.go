package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/internal/webtest"
)

// cookieKit is a cookie jar on the test keys, behind TLS, with codecs for
// the current format and for the gob format cookies had before it.
type cookieKit struct {
	jar      *handlers.CookieJar
	current  *securecookie.SecureCookie
	legacy   *securecookie.SecureCookie
	echo     *echo.Echo
	response *httptest.ResponseRecorder
}

func newCookieKit(t testing.TB) *cookieKit {
	keys := webtest.Keys(t)
	return &cookieKit{
		jar:     handlers.NewCookieJar(keys.CookieHash, keys.CookieBlock, true),
		current: securecookie.New(keys.CookieHash, keys.CookieBlock).SetSerializer(securecookie.NopEncoder{}),
		// What gorilla/sessions wrote: its default codec, gob, over a map.
		legacy: securecookie.New(keys.CookieHash, keys.CookieBlock),
		echo:   echo.New(),
	}
}

// legacyValue is a cookie value as the old codec wrote it.
func (k *cookieKit) legacyValue(t testing.TB, name, org, token string) string {
	v, err := k.legacy.Encode(name, map[any]any{"t": token, "org": org})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// request is a context for a request carrying the cookie name=value.
func (k *cookieKit) request(name, value string) echo.Context {
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: name, Value: value})
	k.response = httptest.NewRecorder()
	return k.echo.NewContext(req, k.response)
}

// written ends the response to c and returns the cookies it set.
func (k *cookieKit) written(t *testing.T, c echo.Context) []*http.Cookie {
	t.Helper()
	_ = c.NoContent(http.StatusNoContent)
	return k.response.Result().Cookies()
}

func TestCookieFormatHasNoGob(t *testing.T) {
	k := newCookieKit(t)
	c := k.request("unused", "")
	if err := k.jar.Write(c, handlers.CookieDevice, "acme", "tok-1", handlers.DeviceCookieAge); err != nil {
		t.Fatal(err)
	}
	cks := k.written(t, c)
	if len(cks) != 1 || cks[0].Name != "__Host-porch-device" || cks[0].MaxAge != int(handlers.DeviceCookieAge/time.Second) ||
		!cks[0].Secure || !cks[0].HttpOnly || cks[0].SameSite != http.SameSiteLaxMode || cks[0].Domain != "" || cks[0].Path != "/" {
		t.Fatalf("cookies %+v", cks)
	}
	var raw []byte
	if err := k.current.Decode(cks[0].Name, cks[0].Value, &raw); err != nil || string(raw) != "v1|acme|tok-1" {
		t.Fatalf("payload %q, %v", raw, err)
	}
	c = k.request(cks[0].Name, cks[0].Value)
	if got := k.jar.Read(c, handlers.CookieDevice, "acme"); got != "tok-1" {
		t.Fatalf("read back %q", got)
	}
	if len(k.written(t, c)) != 0 {
		t.Error("a current cookie was re-issued")
	}
}

// TestLegacyCookieReissued reads each kind of cookie in the old gob format
// and expects the token, and the same cookie again in the new format with
// the lifetime that kind of cookie is written with.
func TestLegacyCookieReissued(t *testing.T) {
	k := newCookieKit(t)
	for _, tc := range []struct {
		base string
		age  time.Duration
	}{{handlers.CookieSession, 0}, {handlers.CookieDevice, handlers.DeviceCookieAge}, {handlers.CookiePending, 10 * time.Minute}} {
		name := "__Host-porch-" + tc.base
		c := k.request(name, k.legacyValue(t, name, "acme", "tok-"+tc.base))
		if got := k.jar.Read(c, tc.base, "acme"); got != "tok-"+tc.base {
			t.Fatalf("%s: read %q", tc.base, got)
		}
		if got := k.jar.Read(c, tc.base, "acme"); got != "tok-"+tc.base {
			t.Fatalf("%s: second read %q", tc.base, got)
		}
		cks := k.written(t, c)
		if len(cks) != 1 || cks[0].Name != name || !cks[0].Secure || !cks[0].HttpOnly || cks[0].SameSite != http.SameSiteLaxMode {
			t.Fatalf("%s: re-issued %+v", tc.base, cks)
		}
		want := int(tc.age / time.Second)
		if got := cks[0].MaxAge; got > want || got < want-60 {
			t.Errorf("%s: Max-Age %d, want about %d", tc.base, got, want)
		}
		var raw []byte
		if err := k.current.Decode(name, cks[0].Value, &raw); err != nil || string(raw) != "v1|acme|tok-"+tc.base {
			t.Errorf("%s: re-issued payload %q, %v", tc.base, raw, err)
		}
	}
}

// TestLegacyCookieYieldsToHandler: a response that already sets the cookie
// (a new session, a sign-out) is not overwritten by the re-issued one.
func TestLegacyCookieYieldsToHandler(t *testing.T) {
	k := newCookieKit(t)
	name := "__Host-porch-session"
	c := k.request(name, k.legacyValue(t, name, "acme", "old"))
	k.jar.Clear(c, handlers.CookieSession)
	if got := k.jar.Read(c, handlers.CookieSession, "acme"); got != "old" {
		t.Fatalf("read %q", got)
	}
	if cks := k.written(t, c); len(cks) != 1 || cks[0].MaxAge >= 0 {
		t.Fatalf("cookies %+v, want only the clearing one", cks)
	}
}

func TestCookieRefused(t *testing.T) {
	k := newCookieKit(t)
	name := "__Host-porch-session"
	c := k.request("unused", "")
	if err := k.jar.Write(c, handlers.CookieSession, "bravo", "tok", 0); err != nil {
		t.Fatal(err)
	}
	bravo := k.written(t, c)[0].Value
	other := webtest.Keys(t)
	other.CookieHash[0] ^= 1
	forged, err := securecookie.New(other.CookieHash, other.CookieBlock).SetSerializer(securecookie.NopEncoder{}).
		Encode(name, []byte("v1|acme|tok"))
	if err != nil {
		t.Fatal(err)
	}
	flip := func(v string) string {
		b := []byte(v)
		b[len(b)/2] ^= 'A' ^ 'B'
		return string(b)
	}
	for what, tc := range map[string]struct{ name, value string }{
		"another org's cookie":             {name, bravo},
		"another org's old cookie":         {name, k.legacyValue(t, name, "bravo", "tok")},
		"a tampered cookie":                {name, flip(bravo)},
		"a tampered old cookie":            {name, flip(k.legacyValue(t, name, "acme", "tok"))},
		"a cookie under another name":      {"__Host-porch-device", bravo},
		"an old cookie under another name": {"__Host-porch-device", k.legacyValue(t, name, "acme", "tok")},
		"a cookie signed with other keys":  {name, forged},
		"an unsigned payload":              {name, "v1|acme|tok"},
	} {
		c := k.request(tc.name, tc.value)
		base := strings.TrimPrefix(tc.name, "__Host-porch-")
		if got := k.jar.Read(c, base, "acme"); got != "" {
			t.Errorf("%s: read %q", what, got)
		}
		if cks := k.written(t, c); len(cks) != 0 {
			t.Errorf("%s: set %+v", what, cks)
		}
	}
}

// TestLegacyCookiesKeepPersonSignedIn replaces a signed-in browser's
// cookies with the same tokens in the old format: the person stays signed
// in and the browser ends up holding the new format.
func TestLegacyCookiesKeepPersonSignedIn(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	b := f.Browser("acme." + webtest.Base)
	b.SignIn("acme", ppl.Alice.Email)
	current := securecookie.New(f.Cfg.Keys.CookieHash, f.Cfg.Keys.CookieBlock).SetSerializer(securecookie.NopEncoder{})
	legacy := securecookie.New(f.Cfg.Keys.CookieHash, f.Cfg.Keys.CookieBlock)
	var old []*http.Cookie
	for _, name := range []string{"porch-session", "porch-device"} {
		ck := b.Cookie(name)
		var raw []byte
		if err := current.Decode(name, ck.Value, &raw); err != nil {
			t.Fatal(err)
		}
		tok := strings.TrimPrefix(string(raw), "v1|acme|")
		v, err := legacy.Encode(name, map[any]any{"t": tok, "org": "acme"})
		if err != nil {
			t.Fatal(err)
		}
		old = append(old, &http.Cookie{Name: name, Value: v, Path: "/"})
	}
	b.Jar.SetCookies(b.URL("/"), old)
	if !b.IsSignedIn() {
		t.Fatal("old-format cookies no longer sign in")
	}
	for _, name := range []string{"porch-session", "porch-device"} {
		var raw []byte
		if err := current.Decode(name, b.Cookie(name).Value, &raw); err != nil || !strings.HasPrefix(string(raw), "v1|acme|") {
			t.Errorf("%s not re-issued: %q %v", name, raw, err)
		}
	}
	if !b.IsSignedIn() {
		t.Fatal("re-issued cookies do not sign in")
	}
}

// BenchmarkCookieRead is the cost of reading one session cookie, as every
// signed-in request does twice (session and device).
func BenchmarkCookieRead(b *testing.B) {
	k := newCookieKit(b)
	c := k.request("unused", "")
	if err := k.jar.Write(c, handlers.CookieSession, "acme", "token-abc", 0); err != nil {
		b.Fatal(err)
	}
	c = k.request("__Host-porch-session", k.response.Result().Cookies()[0].Value)
	b.ReportAllocs()
	for b.Loop() {
		if k.jar.Read(c, handlers.CookieSession, "acme") != "token-abc" {
			b.Fatal("refused")
		}
	}
}
