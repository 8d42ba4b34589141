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

// TokenFunc gets a fresh Connect token for the end user, typically from the
// app's backend.
type TokenFunc func(ctx context.Context) (Token, error)

// expiryMargin is how long before its expiry a cached token is dropped.
const expiryMargin = time.Minute

// Tokens caches the tokens a [TokenFunc] returns: a token is reused until
// shortly before it expires (a token without expiry is reused until spent),
// only one fetch runs at a time however many callers wait, and a token is
// dropped once marked spent. It is safe for concurrent use.
type Tokens struct {
	fetch TokenFunc
	now   func() time.Time

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

// NewTokens returns a cache in front of fetch.
func NewTokens(fetch TokenFunc) *Tokens {
	return &Tokens{fetch: fetch, now: time.Now}
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

// fetchOne calls the TokenFunc and checks what it returned.
func (t *Tokens) fetchOne() (Token, error) {
	tok, err := t.fetch(context.Background())
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
