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
