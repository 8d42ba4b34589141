// Package jsonhttp writes the server's JSON answers, never cached, and its
// error answers, {"error":{"code","message"}} ([connectapi.ErrorBody]),
// for the packages that serve them: connecthttp, connectmcp and agentkeys.
package jsonhttp

import (
	"encoding/json"
	"net/http"

	"github.com/pdconnect/pdconnect/server/connectapi"
)

// Write sends v as JSON with status, never cached.
func Write(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h["Content-Type"], h["Cache-Control"] = contentType, noStore
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// The header values of every answer, built once and shared (never
// modified in place).
var contentType, noStore = []string{"application/json; charset=utf-8"}, []string{"no-store"}

// Error sends {"error":{"code","message"}} with status.
func Error(w http.ResponseWriter, status int, code, msg string) {
	Write(w, status, connectapi.ErrorBody{Error: connectapi.Error{Code: code, Message: msg}})
}
