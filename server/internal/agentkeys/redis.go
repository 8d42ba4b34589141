package agentkeys

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a Store every replica shares: a key's record at
// <prefix>key:<hash>, and each user's keys as a hash <prefix>user:<user>
// from key id to key hash. Unlike limits, keys do not fall back to a
// replica's own memory while Redis is down: a key minted or revoked on one
// replica must hold on all, so requests fail (and agents retry) instead.
type Redis struct {
	client *redis.Client
	prefix string
}

// NewRedis is the store in client's database under keys starting with
// prefix (e.g. "pdconnect:mcpkeys:").
func NewRedis(client *redis.Client, prefix string) *Redis {
	return &Redis{client: client, prefix: prefix}
}

func (s *Redis) recordKey(hash string) string { return s.prefix + "key:" + hash }
func (s *Redis) userKey(user string) string   { return s.prefix + "user:" + user }

// Add implements Store.
func (s *Redis) Add(ctx context.Context, r Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = s.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, s.recordKey(r.Hash), b, 0)
		p.HSet(ctx, s.userKey(r.User), r.ID, r.Hash)
		return nil
	})
	return wrap(err)
}

// List implements Store.
func (s *Redis) List(ctx context.Context, user string) ([]Record, error) {
	ids, err := s.client.HGetAll(ctx, s.userKey(user)).Result()
	if err != nil {
		return nil, wrap(err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	keys := make([]string, 0, len(ids))
	for _, h := range ids {
		keys = append(keys, s.recordKey(h))
	}
	vals, err := s.client.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, wrap(err)
	}
	var out []Record
	for _, v := range vals {
		str, ok := v.(string)
		if !ok {
			continue
		}
		var r Record
		if json.Unmarshal([]byte(str), &r) == nil && r.User == user {
			out = append(out, r)
		}
	}
	sortRecords(out)
	return out, nil
}

// Delete implements Store.
func (s *Redis) Delete(ctx context.Context, user, id string) (bool, error) {
	h, err := s.client.HGet(ctx, s.userKey(user), id).Result()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, wrap(err)
	}
	_, err = s.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, s.recordKey(h))
		p.HDel(ctx, s.userKey(user), id)
		return nil
	})
	return err == nil, wrap(err)
}

// Find implements Store.
func (s *Redis) Find(ctx context.Context, hash string) (Record, bool, error) {
	b, err := s.client.Get(ctx, s.recordKey(hash)).Bytes()
	if errors.Is(err, redis.Nil) {
		return Record{}, false, nil
	}
	if err != nil {
		return Record{}, false, wrap(err)
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return Record{}, false, fmt.Errorf("agent keys: a stored record: %w", err)
	}
	return r, true, nil
}

// touchScript sets the last use of the record at KEYS[1], if it still
// exists (a revocation in between must not bring it back).
var touchScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local r = cjson.decode(v)
r['last_used_at'] = ARGV[1]
redis.call('SET', KEYS[1], cjson.encode(r))
return 1
`)

// Touch implements Store.
func (s *Redis) Touch(ctx context.Context, hash string, t time.Time) error {
	return wrap(touchScript.Run(ctx, s.client, []string{s.recordKey(hash)}, t.UTC().Format(time.RFC3339)).Err())
}

func wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("agent keys: redis: %w", err)
}
