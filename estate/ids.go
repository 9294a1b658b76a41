// Package estate holds what an organisation manages: its settings and
// branding, sites, units, people and the links between them, staff and the
// audit log.
package estate

import (
	"crypto/rand"
)

// idAlphabet avoids look-alike characters so an id read aloud or typed from
// a letter survives.
const idAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// NewPublicID returns a random 16-character id for use in URLs: about 79
// bits of entropy, so ids cannot be guessed or enumerated.
func NewPublicID() string {
	const n = 16
	b := make([]byte, n)
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
