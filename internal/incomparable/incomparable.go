// Package incomparable holds Marker, a field that makes a struct not
// comparable.
//
// Go generates an equality function for every comparable struct type, and
// the linker keeps it with the type's descriptor (an interface, a map key
// or reflection may need it): about 0.5 KB of wasm each. A struct with a
// Marker field cannot be compared with ==, so it has no such function. The
// page's internal types, which are never compared, carry one to keep those
// functions out of the wasm bundles.
package incomparable

// Marker is a zero-size field that makes the struct holding it not
// comparable: `_ incomparable.Marker`.
type Marker [0]func()
