package webhookuri

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestStanding(t *testing.T) {
	s, err := New("https://app.example/api/connect/webhook", bytes.Repeat([]byte{7}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Standing("https://app.example/api/connect/trigger-events")
	if err != nil {
		t.Fatal(err)
	}
	uri := st.URI("user 1", time.Time{})
	if !strings.HasPrefix(uri, "https://app.example/api/connect/trigger-events?") {
		t.Fatalf("URI = %s", uri)
	}
	if user, err := st.Authenticate(httptest.NewRequest("POST", uri, nil), nil, time.Now().Add(100*24*time.Hour)); err != nil || user != "user 1" {
		t.Fatalf("Authenticate(own URI, 100 days later) = %q, %v", user, err)
	}
	forged := strings.Replace(uri, "user+1", "user+2", 1)
	if _, err := st.Authenticate(httptest.NewRequest("POST", forged, nil), nil, time.Now()); err != ErrBadSignature {
		t.Errorf("another user's name: err = %v", err)
	}
	// A connection webhook URI does not pass for a standing one, nor back.
	hook := s.URI("user 1", time.Now())
	if _, err := st.Authenticate(httptest.NewRequest("POST", hook, nil), nil, time.Now()); err == nil {
		t.Error("a webhook URI authenticated as a standing URI")
	}
	if _, err := s.Authenticate(httptest.NewRequest("POST", uri+"&exp=99999999999", nil), nil, time.Now()); err == nil {
		t.Error("a standing URI authenticated as a webhook URI")
	}
}
