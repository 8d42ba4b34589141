//go:build wasm

package app

import "github.com/maxence-charriere/go-app/v10/pkg/errors"

// errNoCrypto is what Context.Encrypt, Context.Decrypt and a state persisted
// with encryption get in a wasm build of this copy: AES-GCM with crypto/rand
// would link crypto's fips140 packages (about 40 KB brotli) into every wasm
// binary, for a feature this repository does not use.
var errNoCrypto = errors.New("encryption is left out of this wasm build of go-app (see third_party/go-app/README.md)")

func encrypt(key string, v []byte) ([]byte, error) { return nil, errNoCrypto }

func decrypt(key string, v []byte) ([]byte, error) { return nil, errNoCrypto }
