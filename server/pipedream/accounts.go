package pipedream

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// AccountsQuery filters and pages a list of connected accounts. Zero
// fields are not sent.
type AccountsQuery struct {
	ExternalUserID     string // external_user_id: one end user's accounts
	App                string // app: an app id or name slug
	OAuthAppID         string // oauth_app_id
	IncludeCredentials bool   // include_credentials; never forward credentials to a browser
	Limit              int    // page size
	After              string // cursor: the page after this one
	Before             string // cursor: the page before this one
}

func (q AccountsQuery) values() url.Values {
	v := url.Values{}
	setNonEmpty(v, "external_user_id", q.ExternalUserID)
	setNonEmpty(v, "app", q.App)
	setNonEmpty(v, "oauth_app_id", q.OAuthAppID)
	if q.IncludeCredentials {
		v.Set("include_credentials", "true")
	}
	setPaging(v, q.Limit, q.After, q.Before)
	return v
}

func setPaging(v url.Values, limit int, after, before string) {
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	setNonEmpty(v, "after", after)
	setNonEmpty(v, "before", before)
}

// ListAccounts returns one page of the project's connected accounts.
func (c *Client) ListAccounts(ctx context.Context, q AccountsQuery) (AccountList, error) {
	var list AccountList
	err := c.do(ctx, call{
		op:     "list accounts",
		method: http.MethodGet,
		path:   c.projectPath("/accounts"),
		query:  q.values(),
		out:    &list,
	})
	return list, err
}

// Accounts iterates over every account matching q (all of one end user's
// with q.ExternalUserID), fetching pages of
// q.Limit as needed by following page_info.end_cursor, starting after
// q.After. On an error it yields the error once and stops.
func (c *Client) Accounts(ctx context.Context, q AccountsQuery) iter.Seq2[Account, error] {
	q.Before = ""
	return pages(q.After, func(after string) ([]Account, PageInfo, error) {
		q.After = after
		page, err := c.ListAccounts(ctx, q)
		return page.Data, page.PageInfo, err
	})
}

// AccountOptions are the options of [Client.GetAccount].
type AccountOptions struct {
	// IncludeCredentials asks for the account's credentials
	// (include_credentials); never forward them to a browser.
	IncludeCredentials bool
}

// GetAccount returns one account, with its credentials when
// opts.IncludeCredentials. It accepts the account bare or wrapped as
// {"data": account}.
func (c *Client) GetAccount(ctx context.Context, id string, opts AccountOptions) (Account, error) {
	seg, err := segment("account id", id)
	if err != nil {
		return Account{}, failed("get account", err)
	}
	query := url.Values{}
	if opts.IncludeCredentials {
		query.Set("include_credentials", "true")
	}
	var a Account
	err = c.do(ctx, call{
		op:     "get account",
		method: http.MethodGet,
		path:   c.projectPath("/accounts/" + seg),
		query:  query,
		out:    &envelope[Account]{&a},
	})
	return a, err
}

// DeleteAccount deletes one connected account. An unknown id is an
// *APIError with status 404 (see IsNotFound), also when a retried DELETE
// finds its first attempt already took effect.
func (c *Client) DeleteAccount(ctx context.Context, id string) error {
	seg, err := segment("account id", id)
	if err != nil {
		return failed("delete account", err)
	}
	return c.do(ctx, call{
		op:     "delete account",
		method: http.MethodDelete,
		path:   c.projectPath("/accounts/" + seg),
	})
}

// DeleteAppAccounts deletes every connected account of one app.
func (c *Client) DeleteAppAccounts(ctx context.Context, appID string) error {
	seg, err := segment("app id", appID)
	if err != nil {
		return failed("delete app accounts", err)
	}
	return c.do(ctx, call{
		op:     "delete app accounts",
		method: http.MethodDelete,
		path:   c.projectPath("/apps/" + seg + "/accounts"),
	})
}
