package jsonhttp

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestErrorIsUncachedJSON(t *testing.T) {
	rec := httptest.NewRecorder()
	Error(rec, http.StatusTeapot, "teapot", `short "and" stout`)
	if rec.Code != http.StatusTeapot {
		t.Errorf("status %d", rec.Code)
	}
	if ct, cc := rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"); ct != "application/json; charset=utf-8" || cc != "no-store" {
		t.Errorf("Content-Type %q, Cache-Control %q", ct, cc)
	}
	if got, want := rec.Body.String(), `{"error":{"code":"teapot","message":"short \"and\" stout"}}`+"\n"; got != want {
		t.Errorf("body %s, want %s", got, want)
	}
}
