//go:build wasm

package app

import (
	"encoding/hex"
	"math/rand/v2"
)

// newID returns a random (version 4) UUID, as uuid.NewString does, but drawn
// from math/rand/v2, which the runtime seeds from crypto.getRandomValues:
// the ids name contexts and the state broadcast's sender, so they must be
// unique, not secret, and crypto/rand would link crypto's fips140 packages
// into the wasm binary (about 40 KB brotli).
func newID() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rand.Uint32())
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
