package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestSweep(t *testing.T) {
	contract(t, func(t *testing.T, s Store) {
		ctx := context.Background()
		for _, tok := range []Token{
			token("ctok_short", "u1", t0.Add(time.Second)),
			token("ctok_spent", "u1", t0.Add(time.Hour)),
			token("ctok_live", "u1", t0.Add(time.Hour)),
		} {
			if err := s.PutToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Connect(ctx, "ctok_spent", account("apn_1", "proj_a", "development", "u1", "slack", t0), t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		// Nothing has ended before t0: everything stays.
		if n, err := s.Sweep(ctx, t0); err != nil || n != 0 {
			t.Fatalf("sweep at t0: %d, %v", n, err)
		}
		if n, err := s.Sweep(ctx, t0.Add(2*time.Minute)); err != nil || n != 2 {
			t.Fatalf("sweep: removed %d, %v; want the expired and the spent token", n, err)
		}
		for id, want := range map[string]error{"ctok_short": ErrNotFound, "ctok_spent": ErrNotFound, "ctok_live": nil} {
			if _, err := s.Token(ctx, id); !errors.Is(err, want) {
				t.Errorf("%s after sweep: %v, want %v", id, err, want)
			}
		}
		if _, err := s.Account(ctx, "proj_a", "apn_1"); err != nil {
			t.Fatalf("the sweep took an account: %v", err)
		}
		if n, err := s.Sweep(ctx, t0.Add(2*time.Hour)); err != nil || n != 1 {
			t.Fatalf("second sweep: %d, %v", n, err)
		}
	})
}

// TestBoltStaysBoundedUnderMinting mints short-lived tokens round after
// round, sweeping between rounds: the file stops growing, and once the
// minting stops a sweep compacts it.
func TestBoltStaysBoundedUnderMinting(t *testing.T) {
	const rounds, perRound = 8, 3000
	path := filepath.Join(t.TempDir(), "sandbox.db")
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.db.NoSync = true // fsyncs are not what this test is about
	b.CompactAbove = 1 << 20
	ctx := context.Background()
	size := func() int64 {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return info.Size()
	}
	var sizes []int64
	for r := range rounds {
		now := t0.Add(time.Duration(r) * time.Minute)
		var wg sync.WaitGroup
		for w := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < perRound; i += 50 {
					if err := b.PutToken(ctx, token(fmt.Sprintf("ctok_%d_%d", r, i), fmt.Sprintf("u%d", i%200), now.Add(time.Second))); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		if n, err := b.Sweep(ctx, now); err != nil || (r > 0 && n != perRound) {
			t.Fatalf("round %d: swept %d, %v; want the previous round's %d", r, n, err, perRound)
		}
		sizes = append(sizes, size())
	}
	t.Logf("file size after each round: %v", sizes)
	// bbolt grows its file in doubling steps, so a bounded file may step
	// between two sizes from round to round (2 and 4 MiB here); growing
	// is going past the biggest size the first half of the rounds reached.
	if early, late := slices.Max(sizes[:rounds/2]), slices.Max(sizes[rounds/2:]); late > early {
		t.Fatalf("file grew from %d to %d bytes while the live tokens stayed at %d: %v", early, late, perRound, sizes)
	}
	if _, err := b.Sweep(ctx, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	after := size()
	t.Logf("after the last sweep: %d bytes", after)
	if after >= sizes[rounds-1]/2 {
		t.Fatalf("file of %d bytes after the last sweep, want under half of %d: not compacted", after, sizes[rounds-1])
	}
	// The compacted store still works.
	if err := b.PutToken(ctx, token("ctok_after", "u", t0.Add(2*time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Token(ctx, "ctok_after"); err != nil {
		t.Fatalf("token after compaction: %v", err)
	}
}
