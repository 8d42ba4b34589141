// Package sample is what the apicheck tests read: see [Thing.Do], [Gone],
// [strings.Builder], [hidden] and [text].
package sample

import "context"

// Kinds of things.
const (
	KindA  Kind = "a"
	KindB       = KindA
	hidden      = 1
)

// Kind is a kind of [Thing].
type Kind string

// Thing has a [Thing.Missing] field, a [Doer], and an [ID] that is text.
type Thing struct {
	Name  string
	On    func(ctx context.Context, n int) error
	Kind  // embedded
	inner int
}

// Do does, unlike [InBrowser] on the host.
func (t *Thing) Do(ctx context.Context, n, m int) (int, error) { return 0, nil }

func (t *Thing) undo() {}

// Doer does.
type Doer interface {
	Do(context.Context, int, int) (int, error)
}

// List is a generic list.
type List[T any] struct{ Data []T }

// Err is an error.
var Err error
