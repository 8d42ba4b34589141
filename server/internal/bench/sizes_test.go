package bench

import (
	"bytes"
	"testing"
)

// withBuildID changes the build ID's bytes only, differently for each k.
func TestWithBuildID(t *testing.T) {
	wasm := []byte("\x00asm\x01\x00\x00\x00\x00\x1ago:buildid\xff Go build ID: \"abc/def\"\n \xff rest of the module")
	seen := map[string]bool{}
	for k := range buildIDs {
		b, err := withBuildID(wasm, k)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != len(wasm) || !bytes.HasSuffix(b, []byte("\"\n \xff rest of the module")) || !bytes.HasPrefix(b, wasm[:bytes.Index(wasm, []byte("abc"))]) {
			t.Fatalf("build ID %d: %q", k, b)
		}
		seen[string(b)] = true
	}
	if len(seen) != buildIDs {
		t.Errorf("%d distinct build IDs of %d", len(seen), buildIDs)
	}
	if _, err := withBuildID([]byte("\x00asm no id"), 0); err == nil {
		t.Error("a wasm without a build ID was taken")
	}
}
