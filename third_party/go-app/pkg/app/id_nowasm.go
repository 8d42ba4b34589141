//go:build !wasm

package app

import "github.com/google/uuid"

func newID() string { return uuid.NewString() }
