// Package auth is sign-in and access: one-time email codes bound to the
// browser that asked, devices, server-side sessions, invitations, optional
// passwords, rate limits, and the scope that decides what a signed-in
// person may see.
package auth

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// MinSecretBytes is the shortest secret accepted.
const MinSecretBytes = 32

// Keys are derived from the server secret, one per use, so that no key
// serves two purposes.
type Keys struct {
	CookieHash  []byte // signs cookies
	CookieBlock []byte // encrypts cookies (AES-256)
	Secrets     []byte // seals payment providers' credentials stored in org databases (AES-256-GCM)
	mac         []byte // keys the hashes of codes and tokens stored in databases
}

// NewKeys derives the keys from secret with HKDF-SHA256.
func NewKeys(secret []byte) (*Keys, error) {
	if len(secret) < MinSecretBytes {
		return nil, fmt.Errorf("the secret key must be at least %d bytes", MinSecretBytes)
	}
	derive := func(info string, n int) []byte {
		k, err := hkdf.Key(sha256.New, secret, nil, "porch "+info, n)
		if err != nil {
			panic(err) // only for lengths HKDF cannot produce
		}
		return k
	}
	return &Keys{
		CookieHash:  derive("cookie hash", 64),
		CookieBlock: derive("cookie block", 32),
		Secrets:     derive("provider secrets", 32),
		mac:         derive("stored secret mac", 32),
	}, nil
}

// hash is the keyed hash under which a secret (a token, a code) is stored:
// without the server key a copy of the database reveals nothing usable.
func (k *Keys) hash(purpose string, parts ...string) string {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte(purpose))
	for _, p := range parts {
		m.Write([]byte{0})
		m.Write([]byte(p))
	}
	return hex.EncodeToString(m.Sum(nil))
}

// NewToken returns 256 random bits, URL-safe.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseSecret reads a secret given as hex or base64 (standard or URL-safe).
func ParseSecret(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := hex.DecodeString(s); err == nil && len(b) >= MinSecretBytes {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) >= MinSecretBytes {
			return b, nil
		}
	}
	return nil, fmt.Errorf("the secret key must be at least %d random bytes written as hex or base64 (e.g. the output of: openssl rand -hex 32)", MinSecretBytes)
}

// LoadOrCreateSecret returns the secret from the environment value when
// given, else from <dataDir>/secret.key, creating that file with a new
// random secret on first run. created reports that a new one was made.
func LoadOrCreateSecret(dataDir, fromEnv string) (secret []byte, created bool, err error) {
	if strings.TrimSpace(fromEnv) != "" {
		b, err := ParseSecret(fromEnv)
		return b, false, err
	}
	path := filepath.Join(dataDir, "secret.key")
	data, err := os.ReadFile(path)
	if err == nil {
		b, err := ParseSecret(string(data))
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", path, err)
		}
		return b, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, false, err
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, err
	}
	if _, err := f.WriteString(hex.EncodeToString(b) + "\n"); err != nil {
		f.Close()
		return nil, false, err
	}
	if err := f.Close(); err != nil {
		return nil, false, err
	}
	return b, true, nil
}

// Sign is a keyed signature of parts for purpose, for a value a page
// carries and a later post returns, such as a photo already uploaded.
func (k *Keys) Sign(purpose string, parts ...string) string {
	return k.hash("signed "+purpose, parts...)
}

// Verify reports whether sig is Sign(purpose, parts...).
func (k *Keys) Verify(sig, purpose string, parts ...string) bool {
	return hmac.Equal([]byte(sig), []byte(k.Sign(purpose, parts...)))
}
