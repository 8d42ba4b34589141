package agentkeys_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pdconnect/pdconnect/server/internal/agentkeys"
	"github.com/pdconnect/pdconnect/server/internal/testsupport"
)

// stores runs f against each Store: the file and a real Redis.
func stores(t *testing.T, f func(t *testing.T, open func() agentkeys.Store)) {
	t.Run("file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "agent-keys.json")
		f(t, func() agentkeys.Store {
			s, err := agentkeys.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
	t.Run("redis", func(t *testing.T) {
		rds := testsupport.StartRedis(t)
		f(t, func() agentkeys.Store {
			opts, _ := redis.ParseURL(rds.URL)
			c := redis.NewClient(opts)
			t.Cleanup(func() { c.Close() })
			return agentkeys.NewRedis(c, "test:mcpkeys:")
		})
	})
}

func TestKeysMintCheckRevoke(t *testing.T) {
	stores(t, func(t *testing.T, open func() agentkeys.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
		keys := agentkeys.New(open(), func() time.Time { return now })
		rec, secret, err := keys.Mint(ctx, "alice", " laptop ")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, agentkeys.Prefix) || len(secret) < 40 || rec.Name != "laptop" || rec.User != "alice" {
			t.Fatalf("minted %+v %q", rec, secret)
		}
		if rec.Hash == secret || strings.Contains(rec.Hash, secret[len(agentkeys.Prefix):]) {
			t.Fatal("the record holds the secret")
		}
		_, other, _ := keys.Mint(ctx, "bob", "")
		if other == secret {
			t.Fatal("two keys alike")
		}

		// Another process (a restart, or another replica) knows the key.
		again := agentkeys.New(open(), func() time.Time { return now })
		got, err := again.Check(ctx, secret)
		if err != nil || got.User != "alice" || got.ID != rec.ID {
			t.Fatalf("Check after reopen = %+v, %v", got, err)
		}
		list, _ := again.List(ctx, "alice")
		if len(list) != 1 || !list[0].LastUsed.Equal(now) {
			t.Fatalf("alice's keys after a use = %+v", list)
		}
		for _, bad := range []string{"", "pdmcp_nope", secret + "x", strings.ToUpper(secret), other[:len(other)-1]} {
			if _, err := again.Check(ctx, bad); !errors.Is(err, agentkeys.ErrUnknown) {
				t.Errorf("Check(%q) = %v, want ErrUnknown", bad, err)
			}
		}

		// Bob cannot revoke Alice's key; Alice can, and then it is gone everywhere.
		if err := keys.Revoke(ctx, "bob", rec.ID); !errors.Is(err, agentkeys.ErrUnknown) {
			t.Fatalf("bob revoking alice's key: %v", err)
		}
		if err := keys.Revoke(ctx, "alice", rec.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := agentkeys.New(open(), nil).Check(ctx, secret); !errors.Is(err, agentkeys.ErrUnknown) {
			t.Fatalf("a revoked key checks: %v", err)
		}
		if got, err := keys.Check(ctx, other); err != nil || got.User != "bob" {
			t.Fatalf("bob's key after alice revoked hers: %+v %v", got, err)
		}
	})
}

func TestKeysLimitPerUser(t *testing.T) {
	stores(t, func(t *testing.T, open func() agentkeys.Store) {
		ctx := context.Background()
		keys := agentkeys.New(open(), nil)
		for i := range agentkeys.MaxPerUser {
			if _, _, err := keys.Mint(ctx, "alice", ""); err != nil {
				t.Fatalf("key %d: %v", i, err)
			}
		}
		if _, _, err := keys.Mint(ctx, "alice", ""); !errors.Is(err, agentkeys.ErrTooMany) {
			t.Fatalf("one key too many: %v", err)
		}
		if _, _, err := keys.Mint(ctx, "alice", strings.Repeat("n", agentkeys.MaxNameLen+1)); !errors.Is(err, agentkeys.ErrBadInput) {
			t.Fatalf("a long name: %v", err)
		}
	})
}
