// Package macs computes HMAC-SHA256s under one key with hashes that are
// reset and reused: a MAC on a hot path (a session cookie checked, a
// webhook URI signed on every request) costs no allocation, and the key's
// padded blocks are not hashed again for each one.
package macs

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"sync"
)

// Size is the size of a MAC, in bytes.
const Size = sha256.Size

// Key makes the MACs of one key. It is safe for concurrent use.
type Key struct{ pool sync.Pool }

// mac is one reusable HMAC and the buffer its message is gathered in.
type mac struct {
	h   hash.Hash
	msg []byte
	sum [Size]byte
}

// New returns a Key for key (copied).
func New(key []byte) *Key {
	key = append([]byte(nil), key...)
	return &Key{pool: sync.Pool{New: func() any { return &mac{h: hmac.New(sha256.New, key)} }}}
}

// Sum is the HMAC-SHA256 of the concatenation of parts.
func (k *Key) Sum(parts ...string) [Size]byte {
	m := k.pool.Get().(*mac)
	m.msg = m.msg[:0]
	for _, p := range parts {
		m.msg = append(m.msg, p...)
	}
	m.h.Reset()
	m.h.Write(m.msg)
	m.h.Sum(m.sum[:0])
	out := m.sum
	if cap(m.msg) <= 4<<10 { // a rare long message's buffer is not kept
		k.pool.Put(m)
	}
	return out
}
