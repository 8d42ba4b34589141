package webhookuri

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestVerifyAcceptsOnlyItsOwnUnexpiredURIs(t *testing.T) {
	key := bytes.Repeat([]byte("w"), KeySize)
	s, err := New("https://app.example/api/connect/webhook", key)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	uri := s.URI("user-a&b=c", now)
	if !strings.HasPrefix(uri, "https://app.example/api/connect/webhook?") {
		t.Fatalf("URI %s", uri)
	}
	u, _ := url.Parse(uri)
	q := u.Query()
	if user, err := s.Verify(q, now.Add(Lifetime-time.Second)); err != nil || user != "user-a&b=c" {
		t.Fatalf("Verify = %q, %v", user, err)
	}
	if _, err := s.Verify(q, now.Add(Lifetime)); !errors.Is(err, ErrExpired) {
		t.Errorf("at expiry: %v", err)
	}
	other, _ := New("https://app.example/api/connect/webhook", bytes.Repeat([]byte("x"), KeySize))
	if _, err := other.Verify(q, now); !errors.Is(err, ErrBadSignature) {
		t.Errorf("another key: %v", err)
	}
	for name, mod := range map[string]func(url.Values){
		"user changed":   func(v url.Values) { v.Set("user", "user-b") },
		"expiry pushed":  func(v url.Values) { v.Set("exp", "99999999999") },
		"sig not base64": func(v url.Values) { v.Set("sig", "!!") },
	} {
		v := url.Values{}
		for k, vs := range q {
			v[k] = append([]string(nil), vs...)
		}
		mod(v)
		if _, err := s.Verify(v, now); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := s.Verify(url.Values{"user": {"u"}}, now); !errors.Is(err, ErrUnsigned) {
		t.Errorf("unsigned: %v", err)
	}
	if _, err := New("x", key[:10]); err == nil {
		t.Error("a short key was accepted")
	}
	if bytes.Equal(DeriveKey(key), key) || len(DeriveKey(key)) < KeySize {
		t.Error("DeriveKey must give another key of full size")
	}
}

// URI builds its query by hand: it must be what url.Values would encode,
// whatever the user id holds.
func TestURIQueryIsURLValuesEncoding(t *testing.T) {
	s, err := New("https://app.example/api/connect/webhook", bytes.Repeat([]byte("w"), KeySize))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	for _, user := range []string{"user-AbC_09", "a b&c=d?e#f/g+h%i", "ü 東京", ""} {
		base, query, _ := strings.Cut(s.URI(user, now), "?")
		q, err := url.ParseQuery(query)
		if err != nil || base != "https://app.example/api/connect/webhook" || q.Get("user") != user {
			t.Fatalf("URI(%q): base %q, query %q (%v)", user, base, query, err)
		}
		if want := q.Encode(); query != want {
			t.Errorf("URI(%q) query %q, url.Values encodes %q", user, query, want)
		}
	}
}
