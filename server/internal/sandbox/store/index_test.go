package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestBoltListingCostsWhatItReturns lists one user's accounts, and the
// accounts of an app, while other users' accounts pile up: the work done
// (counted in allocations) stays the same.
func TestBoltListingCostsWhatItReturns(t *testing.T) {
	b, err := OpenBolt(filepath.Join(t.TempDir(), "sandbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.db.NoSync = true // fsyncs are not what this test is about
	ctx := context.Background()
	connect := func(id, user, app string) {
		tok := "ctok_" + id
		if err := b.PutToken(ctx, token(tok, user, t0.Add(time.Hour))); err != nil {
			t.Fatal(err)
		}
		if err := b.Connect(ctx, tok, account(id, "proj_a", "development", user, app, t0), t0); err != nil {
			t.Fatal(err)
		}
	}
	connect("apn_mine1", "me", "slack")
	connect("apn_mine2", "me", "github")
	connect("apn_rare", "someone", "rare")
	cost := func() float64 {
		return testing.AllocsPerRun(20, func() {
			mine, err := b.Accounts(ctx, AccountFilter{ProjectID: "proj_a", Environment: "development", ExternalID: "me"})
			if err != nil || len(mine) != 2 {
				t.Fatalf("my accounts: %d, %v", len(mine), err)
			}
			rare, err := b.Accounts(ctx, AccountFilter{ProjectID: "proj_a", Environment: "development", AppSlug: "rare"})
			if err != nil || len(rare) != 1 {
				t.Fatalf("the rare app's accounts: %d, %v", len(rare), err)
			}
		})
	}
	idle := cost()

	var wg sync.WaitGroup
	for w := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				connect(fmt.Sprintf("apn_%d_%d", w, i), fmt.Sprintf("anon_%d_%d", w, i), "slack")
			}
		}()
	}
	wg.Wait()
	// A deeper tree costs a few more; a scan would cost thousands.
	if loaded := cost(); loaded > idle*2 {
		t.Fatalf("listing 3 accounts took %.0f allocations with 2,000 other accounts stored, %.0f without", loaded, idle)
	}
}

// TestBoltIndexesAnOlderFile opens a file written without the indexes:
// they are built, so listings and sweeps find what it holds.
func TestBoltIndexesAnOlderFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	ctx := context.Background()
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	_ = b.PutToken(ctx, token("ctok_1", "u1", t0.Add(time.Second)))
	if err := b.Connect(ctx, "ctok_1", account("apn_1", "proj_a", "development", "u1", "slack", t0), t0); err != nil {
		t.Fatal(err)
	}
	_ = b.PutToken(ctx, token("ctok_2", "u1", t0.Add(time.Second)))
	err = b.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketAccountIndex, bucketTokenEnds} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()

	if b, err = OpenBolt(path); err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	as, err := b.Accounts(ctx, AccountFilter{ProjectID: "proj_a", Environment: "development", ExternalID: "u1"})
	if err != nil || len(as) != 1 || as[0].ID != "apn_1" {
		t.Fatalf("accounts of an older file: %+v, %v", as, err)
	}
	if n, err := b.Sweep(ctx, t0.Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("sweep of an older file: %d, %v; want 2", n, err)
	}
}
