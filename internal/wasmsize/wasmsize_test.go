package wasmsize

import (
	"bytes"
	"testing"
)

// section is a wasm section: its id, then its size and contents.
func section(id byte, content ...byte) []byte {
	return append([]byte{id, byte(len(content))}, content...)
}

func name(s string) []byte { return append([]byte{byte(len(s))}, s...) }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func TestParse(t *testing.T) {
	imports := section(2, cat([]byte{1}, name("go"), name("debug"), []byte{0, 0})...)
	code := section(10, cat([]byte{2}, []byte{2, 0, 0x0b}, []byte{4, 0, 1, 1, 0x0b})...)
	data := section(11, 1, 0, 0x41, 0, 0x0b, 3, 'a', 'b', 'c')
	funcNames := cat([]byte{2}, []byte{1}, name("fmt.Println"), []byte{2}, name("github.com_a_b.__T_.M"))
	names := section(0, cat(name("name"), []byte{1, byte(len(funcNames))}, funcNames)...)
	bin := cat([]byte("\x00asm\x01\x00\x00\x00"), imports, code, data, names)

	m, err := Parse(bin)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Funcs) != 2 || m.Funcs[0].Name != "fmt.Println" || len(m.Funcs[0].Body) != 2 ||
		m.Funcs[1].Name != "github.com_a_b.__T_.M" || len(m.Funcs[1].Body) != 4 {
		t.Errorf("funcs = %+v; want fmt.Println (2 B) then github.com_a_b.__T_.M (4 B), the import not counted", m.Funcs)
	}
	if len(m.Data) != 9 || m.Custom["name"] != len(names)-2 {
		t.Errorf("data %d B, name section %d B; want 9 and %d", len(m.Data), m.Custom["name"], len(names)-2)
	}
	if _, err := Parse(bin[:len(bin)-3]); err == nil {
		t.Error("a truncated binary parsed")
	}
	if _, err := Parse([]byte("not wasm")); err == nil {
		t.Error("a text parsed")
	}
}

func TestPackage(t *testing.T) {
	pkgs := []string{Sanitize("github.com/a/b"), Sanitize("github.com/a/b/c"), "fmt"}
	for fn, want := range map[string]string{
		"github.com_a_b.__T_.M":       "github.com_a_b",
		"github.com_a_b_c.F":          "github.com_a_b_c",
		"type_.eq.github.com_a_b_c.T": "github.com_a_b_c",
		"fmt.Println":                 "fmt",
		"github.com_a_bc.F":           "",
		"runtime.main":                "",
	} {
		if got := Package(fn, pkgs); got != want {
			t.Errorf("Package(%q) = %q; want %q", fn, got, want)
		}
	}
	if got := Sanitize("github.com/a/b.(*T).M"); got != "github.com_a_b.__T_.M" {
		t.Errorf("Sanitize = %q", got)
	}
}
