package sqldb

import (
	"crypto/rand"
	"strings"
)

// PublicIDLen is the length of every id NewPublicID makes.
const PublicIDLen = 16

// idAlphabet avoids look-alike characters so an id read aloud or typed from
// a letter survives.
const idAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// NewPublicID returns a random 16-character id for use in URLs: about 79
// bits of entropy, so ids cannot be guessed or enumerated. Integer primary
// keys stay inside the database; anything a URL, an email or a provider's
// metadata carries is a public id.
func NewPublicID() string {
	b := make([]byte, PublicIDLen)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	for i := range b {
		// 256 % 31 != 0, so reject bytes from the short last bucket to keep
		// every character equally likely.
		for b[i] >= 248 {
			var one [1]byte
			if _, err := rand.Read(one[:]); err != nil {
				panic(err)
			}
			b[i] = one[0]
		}
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return string(b)
}

// ValidPublicID reports whether s has the form NewPublicID gives: exactly
// PublicIDLen characters of its alphabet. Text from a URL or a form can be
// checked with it before it is looked up, echoed or put in a link.
func ValidPublicID(s string) bool {
	if len(s) != PublicIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(idAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}
