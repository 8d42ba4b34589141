package macs

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"sync"
	"testing"
)

func want(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// Sum is HMAC-SHA256 of the concatenated parts, however often its hashes
// are reused and by however many goroutines at once.
func TestSumIsHMACSHA256OfTheParts(t *testing.T) {
	key := bytes.Repeat([]byte("k"), 32)
	k := New(key)
	key[0] = 'x' // New keeps its own copy
	key[0] = 'k'
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 500 {
				parts := []string{"v1\x00", strings.Repeat("u", (g*500+i)%300), "\x00", "17"}
				got := k.Sum(parts...)
				if !bytes.Equal(got[:], want(key, strings.Join(parts, ""))) {
					t.Errorf("Sum(%q) is not the HMAC of their concatenation", parts)
					return
				}
			}
		})
	}
	wg.Wait()
	long := strings.Repeat("L", 10<<10)
	if got := k.Sum(long); !bytes.Equal(got[:], want(key, long)) {
		t.Error("a long message's MAC is wrong")
	}
	if got := New([]byte("other key 32 bytes long.........")).Sum("m"); bytes.Equal(got[:], want(key, "m")) {
		t.Error("another key gave the same MAC")
	}
}

func BenchmarkSum(b *testing.B) {
	k := New(bytes.Repeat([]byte("k"), 32))
	b.ReportAllocs()
	for b.Loop() {
		k.Sum("pdconnect session v2\x00", "user-0123456789abcdefghij", "\x00", "1767225600")
	}
}
