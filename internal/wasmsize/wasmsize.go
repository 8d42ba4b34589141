// Package wasmsize attributes the bytes of a Go js/wasm binary to the Go
// packages they come from, to find what is worth cutting from a bundle.
//
// Go's linker writes one wasm function per Go function and names it in the
// "name" custom section (absent when linked with -ldflags=-s), so code bytes
// can be attributed exactly. Data segments are not per symbol: they are
// reported as a whole.
package wasmsize

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Func is one function of a wasm binary's code section.
type Func struct {
	Name string // from the name section; "" when the binary has none
	Body []byte // its body, locals included
}

// Module is what Parse reads of a wasm binary.
type Module struct {
	Funcs []Func
	// Data is the data section's bytes; Custom the custom sections' sizes.
	Data   []byte
	Custom map[string]int
	// Sections is each section's size by its id (0 custom, 10 code, 11 data).
	Sections map[byte]int
}

// Parse reads a wasm binary's functions, their names and its data.
func Parse(b []byte) (*Module, error) {
	if len(b) < 8 || !bytes.Equal(b[:4], []byte("\x00asm")) {
		return nil, errors.New("wasmsize: not a wasm binary")
	}
	m := &Module{Custom: map[string]int{}, Sections: map[byte]int{}}
	var imported int
	var bodies [][]byte
	names := map[int]string{}
	r := &reader{b: b[8:]}
	for !r.done() {
		id := r.byte()
		size := r.uleb()
		sec := r.bytes(int(size))
		if r.err != nil {
			return nil, r.err
		}
		m.Sections[id] += len(sec)
		s := &reader{b: sec}
		switch id {
		case 0:
			name := s.name()
			m.Custom[name] += len(sec)
			if name == "name" {
				readNames(s, names)
			}
		case 2: // imports: their functions come first in the index space
			for n := s.uleb(); n > 0 && s.err == nil; n-- {
				s.name()
				s.name()
				switch kind := s.byte(); kind {
				case 0:
					s.uleb()
					imported++
				case 1: // table
					s.byte()
					s.limits()
				case 2: // memory
					s.limits()
				case 3: // global
					s.byte()
					s.byte()
				default:
					return nil, fmt.Errorf("wasmsize: import kind %d", kind)
				}
			}
		case 10:
			for n := s.uleb(); n > 0 && s.err == nil; n-- {
				bodies = append(bodies, s.bytes(int(s.uleb())))
			}
		case 11:
			m.Data = sec
		}
		if s.err != nil {
			return nil, fmt.Errorf("wasmsize: section %d: %w", id, s.err)
		}
	}
	for i, body := range bodies {
		m.Funcs = append(m.Funcs, Func{Name: names[imported+i], Body: body})
	}
	return m, nil
}

// readNames reads the function names subsection (id 1) of a name section.
func readNames(s *reader, names map[int]string) {
	for !s.done() && s.err == nil {
		id := s.byte()
		sub := &reader{b: s.bytes(int(s.uleb()))}
		if id != 1 {
			continue
		}
		for n := sub.uleb(); n > 0 && sub.err == nil; n-- {
			i := int(sub.uleb())
			names[i] = sub.name()
		}
	}
}

// Sanitize spells a package path or symbol as the name section does: the
// linker replaces each character other than letters, digits, '_' and '.' by
// '_'.
func Sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '.' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return r
		}
		return '_'
	}, s)
}

// Package returns which of pkgs (import paths, as Sanitize spells them) a
// function named fn belongs to: the longest p such that fn starts with p
// followed by a dot, once the linker's prefixes of generated functions
// (type:.eq. and the like) are removed. It returns "" for none.
func Package(fn string, pkgs []string) string {
	for _, p := range []string{"type_.eq.", "type_.hash.", "go_itab."} {
		fn = strings.TrimPrefix(fn, p)
	}
	best := ""
	for _, p := range pkgs {
		if len(p) > len(best) && len(fn) > len(p) && fn[len(p)] == '.' && strings.HasPrefix(fn, p) {
			best = p
		}
	}
	return best
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) done() bool { return len(r.b) == 0 }

func (r *reader) fail() {
	if r.err == nil {
		r.err = errors.New("truncated")
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.fail()
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) uleb() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		c := r.byte()
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
	r.fail()
	return 0
}

func (r *reader) name() string { return string(r.bytes(int(r.uleb()))) }

func (r *reader) limits() {
	if r.byte()&1 != 0 {
		r.uleb()
	}
	r.uleb()
}
