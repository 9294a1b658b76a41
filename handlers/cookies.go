package handlers

import (
	"net/http"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"porch/auth"
)

// Cookie names, without their prefix. Over TLS every cookie carries the
// __Host- prefix, which browsers accept only with Secure, Path=/ and no
// Domain: a cookie set by one organisation's subdomain can never be sent to
// another's.
const (
	CookieSession = "session" // the signed-in session, until the browser closes
	CookieDevice  = "device"  // the device, for up to 400 days
	CookiePending = "pending" // binds an emailed code to the browser that asked for it
)

// DeviceCookieAge is the longest lifetime browsers honour. It is
// auth.DeviceLife, from which the retention policy knows when a device can
// no longer sign in.
const DeviceCookieAge = auth.DeviceLife

// CookieJar reads and writes Porch's cookies through gorilla/sessions, which
// signs and encrypts them. Each holds a random token and the org it was
// minted for; the server-side rows behind the tokens are the truth.
type CookieJar struct {
	store  *sessions.CookieStore
	secure bool
}

func newCookieJar(hashKey, blockKey []byte, secure bool) *CookieJar {
	st := sessions.NewCookieStore(hashKey, blockKey)
	st.MaxAge(int(DeviceCookieAge / time.Second)) // the codecs refuse anything older
	return &CookieJar{store: st, secure: secure}
}

func (j *CookieJar) name(base string) string {
	if j.secure {
		return "__Host-porch-" + base
	}
	return "porch-" + base
}

// Read returns the token in the named cookie if it is intact and was
// minted for slug; otherwise "".
func (j *CookieJar) Read(c echo.Context, base, slug string) string {
	sess, err := j.store.New(c.Request(), j.name(base))
	if err != nil || sess.IsNew {
		return ""
	}
	if org, _ := sess.Values["org"].(string); org != slug {
		return ""
	}
	tok, _ := sess.Values["t"].(string)
	return tok
}

// Write sets the named cookie to token for slug; maxAge 0 makes it end with
// the browser session.
func (j *CookieJar) Write(c echo.Context, base, slug, token string, maxAge time.Duration) error {
	sess := sessions.NewSession(j.store, j.name(base))
	sess.Values["t"] = token
	sess.Values["org"] = slug
	sess.Options = j.options(int(maxAge / time.Second))
	return j.store.Save(c.Request(), c.Response(), sess)
}

// Clear deletes the named cookie.
func (j *CookieJar) Clear(c echo.Context, base string) {
	http.SetCookie(c.Response(), &http.Cookie{Name: j.name(base), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: j.secure, SameSite: http.SameSiteLaxMode})
}

func (j *CookieJar) options(maxAge int) *sessions.Options {
	return &sessions.Options{Path: "/", MaxAge: maxAge, Secure: j.secure, HttpOnly: true, SameSite: http.SameSiteLaxMode}
}
