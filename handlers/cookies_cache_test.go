package handlers

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/labstack/echo/v4"
)

// A cookie value is checked by the codec once and then read from memory
// for decodedFor; past that it is checked again, and a value that does not
// decode is never kept.
func TestCookieDecodedOnce(t *testing.T) {
	j := newCookieJar(securecookie.GenerateRandomKey(32), securecookie.GenerateRandomKey(32), false)
	name := j.name(CookieSession)
	value, err := j.codec.Encode(name, []byte(payloadPrefix+"acme|tok-1"))
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	read := func(v string) string {
		req := httptest.NewRequest("GET", "/", nil)
		req.AddCookie(&http.Cookie{Name: name, Value: v})
		return j.Read(e.NewContext(req, httptest.NewRecorder()), CookieSession, "acme")
	}
	if got := read(value); got != "tok-1" || len(j.decoded) != 1 {
		t.Fatalf("read %q, %d kept", got, len(j.decoded))
	}
	key := name + "\x00" + value
	// What is kept is what is read, for as long as it is trusted...
	j.decoded[key] = decodedCookie{raw: []byte(payloadPrefix + "acme|kept"), at: time.Now()}
	if got := read(value); got != "kept" {
		t.Errorf("a value decoded lately was decoded again: %q", got)
	}
	// ...and no longer.
	j.decoded[key] = decodedCookie{raw: []byte(payloadPrefix + "acme|kept"), at: time.Now().Add(-decodedFor)}
	if got := read(value); got != "tok-1" {
		t.Errorf("a value kept past decodedFor was trusted: %q", got)
	}
	if got := read(value[:len(value)-2] + "xx"); got != "" || len(j.decoded) != 1 {
		t.Errorf("a tampered value read as %q, %d kept", got, len(j.decoded))
	}
}
