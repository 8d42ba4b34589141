package connecthttp

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pdconnect/pdconnect/server/connectapi"
	"github.com/pdconnect/pdconnect/server/internal/jsonhttp"
	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Proxy sends requests as an end user with one of their accounts through
// the Connect proxy. *pipedream.Client implements it.
type Proxy interface {
	ProxyClient(externalUserID, accountID string) *http.Client
}

var _ Proxy = (*pipedream.Client)(nil)

// Test request limits. Test requests spend the project's Connect proxy
// quota (1,000 requests per 5 minutes, which the backend's own proxy calls
// share), so beside each user's rate they have a budget of their own, per
// client address and in all, well below that quota.
const (
	// DefaultTestRequestRate is how many test requests a user may send per
	// minute when Config.TestRequestRate is zero.
	DefaultTestRequestRate = 10
	// TestRequestsPerAddress is how many test requests one client address
	// may send per minute, whoever its users.
	TestRequestsPerAddress = 30
	// TestRequestBudget is how many test requests all users together may
	// send per TestRequestBudgetPeriod: a tenth of the project's proxy quota.
	TestRequestBudget       = 100
	TestRequestBudgetPeriod = 5 * time.Minute
	// testRequestTimeout bounds one test request, proxy included.
	testRequestTimeout = 15 * time.Second
	// maxTestBody is how much of the provider's answer is shown.
	maxTestBody = 16 << 10
)

// testRequest answers POST /connect/accounts/{id}/test-request, body
// optional: {"method":"GET"}. It sends that method (one of
// Config.TestRequestMethods) to the app's base_proxy_target_url through
// the Connect proxy, as the user with their own account only.
func (a *Handler) testRequest(w http.ResponseWriter, r *http.Request) {
	user, ok := a.user(w, r)
	if !ok {
		return
	}
	var in struct {
		Method string `json:"method"`
	}
	if err := optionalObject(w, r, &in); err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
		return
	}
	method := strings.ToUpper(cmp.Or(in.Method, http.MethodGet))
	if !slices.Contains(a.opts.TestRequestMethods, method) {
		writeError(w, http.StatusBadRequest, CodeBadRequest, fmt.Sprintf("test requests may use %s only, not %s",
			strings.Join(a.opts.TestRequestMethods, ", "), truncate(method, 16)))
		return
	}
	if ok, wait := a.tests.Allow(r.Context(), user, a.opts.Now()); !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		writeError(w, http.StatusTooManyRequests, CodeRateLimited,
			fmt.Sprintf("at most %d test requests a minute; try again in %s s", a.opts.TestRequestRate, ratelimit.RetryAfter(wait)))
		return
	}
	if ok, wait := a.testsFrom.Allow(r.Context(), a.opts.ClientAddress(r), a.opts.Now()); !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		writeError(w, http.StatusTooManyRequests, CodeRateLimited,
			fmt.Sprintf("too many test requests from your address; try again in %s s", ratelimit.RetryAfter(wait)))
		return
	}
	acc, ok := a.usersAccount(w, r, user)
	if !ok {
		return
	}
	// Last, so that only a request the proxy will get spends the budget.
	if ok, wait := a.testsAll.Allow(r.Context(), "", a.opts.Now()); !ok {
		w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
		writeError(w, http.StatusTooManyRequests, CodeRateLimited,
			fmt.Sprintf("this app's test requests are used up for now; try again in %s s", ratelimit.RetryAfter(wait)))
		return
	}
	if acc.App == nil || acc.App.Connect == nil || !acc.App.Connect.ProxyEnabled || acc.App.Connect.BaseProxyTargetURL == "" {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "the Connect proxy does not serve this account's app")
		return
	}
	target := acc.App.Connect.BaseProxyTargetURL
	ctx, cancel := context.WithTimeout(r.Context(), testRequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "the app's base_proxy_target_url is not a URL")
		return
	}
	res, err := a.opts.Proxy.ProxyClient(user, acc.ID).Do(req)
	if err != nil {
		var refused *pipedream.ProxyError
		if errors.As(err, &refused) && refused.Kind == pipedream.ProxyUnknownAccount {
			writeError(w, http.StatusNotFound, CodeNotFound, "you have no account "+acc.ID)
			return
		}
		a.upstreamError(w, r, "send a test request", err)
		return
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxTestBody+1))
	if err != nil {
		a.upstreamError(w, r, "read a test request's answer", err)
		return
	}
	out := connectapi.TestRequest{Method: method, URL: target, Status: res.StatusCode, ContentType: res.Header.Get("Content-Type")}
	if len(body) > maxTestBody {
		body, out.Truncated = body[:maxTestBody], true
	}
	out.Body = strings.ToValidUTF8(string(body), string(utf8.RuneError))
	jsonhttp.Write(w, http.StatusOK, out)
}

// truncate shortens s to at most n bytes for an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}
