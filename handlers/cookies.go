package handlers

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/securecookie"
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

// lifetimes is how long each cookie lasts from when it is written, as the
// handlers that write it choose (0: until the browser closes). A cookie
// re-issued in the current format keeps the expiry it was first given.
var lifetimes = map[string]time.Duration{
	CookieSession: 0,
	CookieDevice:  DeviceCookieAge,
	CookiePending: auth.CodeTTL,
}

// CookieJar reads and writes Porch's cookies, signed and encrypted by
// gorilla/securecookie. Each holds a random token and the org it was minted
// for; the server-side rows behind the tokens are the truth.
//
// The value is the plain text "v1|<org>|<token>" rather than a gob-encoded
// map: gob's decoder cost about a tenth of a signed-in page. Cookies from
// before that change hold a gob map under the same keys; Read still accepts
// them and swaps them for the current format on the same response.
type CookieJar struct {
	codec  *securecookie.SecureCookie
	secure bool

	// decoded keeps what cookie values decoded to, so a browser sending
	// the same cookies on every request has them checked (HMAC, AES) once
	// every decodedFor rather than every time: a tenth of a kept page.
	mu      sync.Mutex
	decoded map[string]decodedCookie
}

type decodedCookie struct {
	raw []byte
	at  time.Time
}

const (
	maxDecoded = 4096
	// decodedFor bounds how long a decoded value is trusted without
	// checking it again, so the codec's own age limit still holds to
	// within this much.
	decodedFor = 10 * time.Minute
)

// decode is the codec's Decode of the named cookie's value, from memory
// when the same value was decoded lately. Only values that decoded are
// kept; the bytes returned are shared and never modified.
func (j *CookieJar) decode(name, value string) ([]byte, bool) {
	key := name + "\x00" + value
	now := time.Now() // the codec checks ages on the wall clock too
	j.mu.Lock()
	d, ok := j.decoded[key]
	j.mu.Unlock()
	if ok && now.Sub(d.at) < decodedFor {
		return d.raw, true
	}
	var raw []byte
	if err := j.codec.Decode(name, value, &raw); err != nil {
		return nil, false
	}
	j.mu.Lock()
	if j.decoded == nil || len(j.decoded) >= maxDecoded {
		j.decoded = make(map[string]decodedCookie)
	}
	j.decoded[key] = decodedCookie{raw: raw, at: now}
	j.mu.Unlock()
	return raw, true
}

// payloadPrefix starts every current cookie value. A gob stream of the old
// format never starts with it (its first byte is a small message length).
const payloadPrefix = "v1|"

func newCookieJar(hashKey, blockKey []byte, secure bool) *CookieJar {
	codec := securecookie.New(hashKey, blockKey).
		MaxAge(int(DeviceCookieAge / time.Second)). // refuse anything older than a device may live
		SetSerializer(securecookie.NopEncoder{})
	return &CookieJar{codec: codec, secure: secure}
}

func (j *CookieJar) name(base string) string {
	if j.secure {
		return "__Host-porch-" + base
	}
	return "porch-" + base
}

// sent is the session and device cookies of req as sent, for the page
// cache's key: a page kept for one browser is never sent to another.
func (j *CookieJar) sent(req *http.Request) string {
	var v [2]string
	for i, base := range [2]string{CookieSession, CookieDevice} {
		if ck, err := req.Cookie(j.name(base)); err == nil {
			v[i] = ck.Value
		}
	}
	return v[0] + "\x00" + v[1]
}

// Read returns the token in the named cookie if it is intact and was
// minted for slug; otherwise "".
func (j *CookieJar) Read(c echo.Context, base, slug string) string {
	name := j.name(base)
	ck, err := c.Request().Cookie(name)
	if err != nil {
		return ""
	}
	raw, ok := j.decode(name, ck.Value)
	if !ok {
		return ""
	}
	if rest, ok := bytes.CutPrefix(raw, []byte(payloadPrefix)); ok {
		org, tok, ok := bytes.Cut(rest, []byte("|"))
		if !ok || string(org) != slug || len(tok) == 0 {
			return ""
		}
		return string(tok)
	}
	org, tok := legacyPayload(raw)
	if org != slug || tok == "" {
		return ""
	}
	j.reissue(c, base, slug, tok, ck.Value)
	return tok
}

// Write sets the named cookie to token for slug; maxAge 0 makes it end with
// the browser session.
func (j *CookieJar) Write(c echo.Context, base, slug, token string, maxAge time.Duration) error {
	name := j.name(base)
	v, err := j.codec.Encode(name, []byte(payloadPrefix+slug+"|"+token))
	if err != nil {
		return err
	}
	http.SetCookie(c.Response(), j.cookie(name, v, int(maxAge/time.Second)))
	return nil
}

// Clear deletes the named cookie.
func (j *CookieJar) Clear(c echo.Context, base string) {
	http.SetCookie(c.Response(), j.cookie(j.name(base), "", -1))
}

// cookie carries the attributes every Porch cookie has. An expiry date goes
// with Max-Age for the browsers that only read Expires.
func (j *CookieJar) cookie(name, value string, maxAge int) *http.Cookie {
	ck := &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: j.secure, SameSite: http.SameSiteLaxMode}
	if maxAge > 0 {
		ck.Expires = time.Now().Add(time.Duration(maxAge) * time.Second)
	}
	return ck
}

// legacyPayload reads the org and token from a value in the old format:
// the map gorilla/sessions gob-encoded, with the same keys and the same
// signed and encrypted envelope, so only the serializer differs.
func legacyPayload(raw []byte) (org, token string) {
	values := map[any]any{}
	if err := (securecookie.GobEncoder{}).Deserialize(raw, &values); err != nil {
		return "", ""
	}
	org, _ = values["org"].(string)
	token, _ = values["t"].(string)
	return org, token
}

// reissue writes a cookie read in the old format again in the current one,
// with the expiry it was first given, unless this response already sets
// that cookie (a handler's own Write or Clear must win) or has begun.
func (j *CookieJar) reissue(c echo.Context, base, slug, token, old string) {
	res := c.Response()
	name := j.name(base)
	if res.Committed || setsCookie(res.Header(), name) {
		return
	}
	age := lifetimes[base]
	if age > 0 {
		if at, ok := issuedAt(old); ok {
			age = time.Until(at.Add(age)).Truncate(time.Second)
		}
		if age < time.Second {
			return // about to expire anyway; a session cookie would outlive it
		}
	}
	if err := j.Write(c, base, slug, token, age); err != nil {
		Log(c).Warn("re-issuing a cookie", "cookie", base, "err", err)
	}
}

// issuedAt is when a verified cookie value was made: securecookie signs
// the time in with the value, as the first field of "time|value|mac".
func issuedAt(value string) (time.Time, bool) {
	b, err := base64.URLEncoding.DecodeString(value)
	if err != nil {
		return time.Time{}, false
	}
	ts, _, _ := bytes.Cut(b, []byte("|"))
	sec, err := strconv.ParseInt(string(ts), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(sec, 0), true
}

// setsCookie reports whether header already sets the cookie called name.
func setsCookie(header http.Header, name string) bool {
	for _, v := range header.Values("Set-Cookie") {
		if strings.HasPrefix(v, name+"=") {
			return true
		}
	}
	return false
}
