package agentkeys

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// File is a Store in one JSON file, rewritten whole (through a temporary
// file and a rename) on every change, for a single replica.
type File struct {
	path string

	mu     sync.Mutex
	byHash map[string]Record
}

// OpenFile loads the store at path, creating none until the first key.
func OpenFile(path string) (*File, error) {
	f := &File{path: path, byHash: map[string]Record{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("agent keys: %w", err)
	}
	var recs []Record
	if err := json.Unmarshal(b, &recs); err != nil {
		return nil, fmt.Errorf("agent keys: %s: %w", path, err)
	}
	for _, r := range recs {
		f.byHash[r.Hash] = r
	}
	return f, nil
}

// Add implements Store.
func (f *File) Add(_ context.Context, r Record) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.byHash[r.Hash] = r
	return f.save()
}

// List implements Store.
func (f *File) List(_ context.Context, user string) ([]Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Record
	for _, r := range f.byHash {
		if r.User == user {
			out = append(out, r)
		}
	}
	sortRecords(out)
	return out, nil
}

// Delete implements Store.
func (f *File) Delete(_ context.Context, user, id string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for h, r := range f.byHash {
		if r.User == user && r.ID == id {
			delete(f.byHash, h)
			return true, f.save()
		}
	}
	return false, nil
}

// Find implements Store.
func (f *File) Find(_ context.Context, hash string) (Record, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.byHash[hash]
	return r, ok, nil
}

// Touch implements Store.
func (f *File) Touch(_ context.Context, hash string, t time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.byHash[hash]
	if !ok {
		return nil
	}
	r.LastUsed = t
	f.byHash[hash] = r
	return f.save()
}

// save writes every record; f.mu is held.
func (f *File) save() error {
	recs := make([]Record, 0, len(f.byHash))
	for _, r := range f.byHash {
		recs = append(recs, r)
	}
	sortRecords(recs)
	b, err := json.MarshalIndent(recs, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return fmt.Errorf("agent keys: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".agent-keys-*")
	if err != nil {
		return fmt.Errorf("agent keys: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("agent keys: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("agent keys: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		return fmt.Errorf("agent keys: %w", err)
	}
	return nil
}

func sortRecords(rs []Record) {
	slices.SortFunc(rs, func(a, b Record) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return compareStrings(a.ID, b.ID)
	})
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
