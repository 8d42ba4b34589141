package connect

import (
	"context"
	"sync"
	"time"
)

// Token is a Connect token as the app's token endpoint returns it.
type Token struct {
	// Token is the token itself (ctok_...).
	Token string
	// ExpiresAt is when it expires; the zero time means unknown.
	ExpiresAt time.Time
	// ConnectLinkURL is the Connect Link for this token, if the source gave one.
	ConnectLinkURL string
}

// TokenSource supplies Connect tokens for the end user, typically from the
// app's backend, as oauth2.TokenSource does access tokens. A [Client]
// caches what it returns in [Tokens] (unless it is one already): a
// TokenSource should fetch a fresh token every call.
type TokenSource interface {
	Token(ctx context.Context) (Token, error)
}

// TokenFunc adapts a function to a [TokenSource], as [net/http.HandlerFunc]
// does a function to an http.Handler.
type TokenFunc func(ctx context.Context) (Token, error)

// Token calls f.
func (f TokenFunc) Token(ctx context.Context) (Token, error) { return f(ctx) }

// expiryMargin is how long before its expiry a cached token is dropped.
const expiryMargin = time.Minute

// Tokens is the [TokenSource] that caches the tokens of another: a token is reused until
// shortly before it expires (a token without expiry is reused until spent),
// only one fetch runs at a time however many callers wait, and a token is
// dropped once marked spent. It is safe for concurrent use.
type Tokens struct {
	src TokenSource
	now func() time.Time

	mu       sync.Mutex
	cur      Token
	have     bool
	inflight *tokenCall
}

// tokenCall is one fetch that callers wait on.
type tokenCall struct {
	done chan struct{}
	tok  Token
	err  error
}

// NewTokens returns a cache in front of src.
func NewTokens(src TokenSource) *Tokens {
	return &Tokens{src: src, now: time.Now}
}

// cache is src as a *Tokens: itself when it is one, else a cache in front
// of it; nil for nil.
func cache(src TokenSource) *Tokens {
	switch t := src.(type) {
	case nil:
		return nil
	case *Tokens:
		return t
	}
	return NewTokens(src)
}

// Token returns the cached token when it is still fresh, else waits for a
// fetch (joining the one in flight, if any). The fetch itself is not
// cancelled when ctx ends, since other callers may wait on it.
func (t *Tokens) Token(ctx context.Context) (Token, error) {
	if tok, ok := t.Cached(); ok {
		return tok, nil
	}
	c := t.start()
	select {
	case <-c.done:
		return c.tok, c.err
	case <-ctx.Done():
		return Token{}, newError(CodeTokenFetchFailed, "", ctx.Err())
	}
}

// Cached returns the cached token without waiting, when there is a fresh one.
func (t *Tokens) Cached() (Token, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.have && t.fresh(t.cur) {
		return t.cur, true
	}
	t.have = false
	return Token{}, false
}

// Prefetch starts a fetch in the background unless a fresh token is cached
// or a fetch is already running, so that a later [Tokens.Token] or
// [Client.ConnectAccount] does not wait for the network. Errors surface on
// that later call, which fetches again.
func (t *Tokens) Prefetch() {
	if _, ok := t.Cached(); ok {
		return
	}
	t.start()
}

// MarkSpent drops tok from the cache: a Connect token is single-use.
func (t *Tokens) MarkSpent(tok string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.have && t.cur.Token == tok {
		t.cur, t.have = Token{}, false
	}
}

// fresh reports whether tok may still be handed out. t.mu is held.
func (t *Tokens) fresh(tok Token) bool {
	return tok.ExpiresAt.IsZero() || t.now().Add(expiryMargin).Before(tok.ExpiresAt)
}

// start returns the fetch in flight, starting one when there is none.
func (t *Tokens) start() *tokenCall {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.inflight != nil {
		return t.inflight
	}
	c := &tokenCall{done: make(chan struct{})}
	t.inflight = c
	go func() {
		tok, err := t.fetchOne()
		t.mu.Lock()
		c.tok, c.err = tok, err
		if err == nil && t.fresh(tok) {
			t.cur, t.have = tok, true
		}
		t.inflight = nil
		t.mu.Unlock()
		close(c.done)
	}()
	return c
}

// fetchOne calls the source and checks what it returned.
func (t *Tokens) fetchOne() (Token, error) {
	tok, err := t.src.Token(context.Background())
	switch {
	case err != nil:
		return Token{}, newError(CodeTokenFetchFailed, "", err)
	case tok.Token == "":
		return Token{}, newError(CodeTokenFetchFailed, "the token source returned no token", nil)
	case !tok.ExpiresAt.IsZero() && !t.now().Before(tok.ExpiresAt):
		return Token{}, newError(CodeTokenExpired, "the token source returned an expired token", nil)
	}
	return tok, nil
}
