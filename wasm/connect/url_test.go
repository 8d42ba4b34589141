package connect

import "testing"

// TestHostedURL: the official query, in its order, encoded as
// URLSearchParams does; the options' flags only when set.
func TestHostedURL(t *testing.T) {
	for _, tc := range []struct {
		frontend, tok string
		o             Options
		want          string
	}{
		{"https://pipedream.com", "ctok_1", Options{App: "slack"},
			"https://pipedream.com/_static/connect.html?token=ctok_1&app=slack"},
		{"http://localhost:3001", "ctok_1", Options{App: "slack", AccountID: "apn_1", HideClose: true},
			"http://localhost:3001/_static/connect.html?token=ctok_1&app=slack&accountId=apn_1&hideClose=true"},
		{"https://pipedream.com", "c tok&=", Options{App: "a b&c=d/é", OAuthAppID: "oa 1", CustomOAuthClient: true},
			"https://pipedream.com/_static/connect.html?token=c+tok%26%3D&app=a+b%26c%3Dd%2F%C3%A9&oauthAppId=oa+1&customOauthClient=true"},
		{"https://pipedream.com", "ctok_1", Options{App: "slack", AppOverrideID: "ov", OAuthScopeProfile: "p"},
			"https://pipedream.com/_static/connect.html?token=ctok_1&app=slack&appOverrideId=ov&oauthScopeProfile=p"},
	} {
		if got := hostedURL(tc.frontend, tc.tok, tc.o); got != tc.want {
			t.Errorf("HostedURL(%q, %+v) =\n %s\nwant %s", tc.tok, tc.o, got, tc.want)
		}
	}
}

// TestConnectLinkURL: the app (and the OAuth client) added to a token's
// Connect Link, replacing any already there.
func TestConnectLinkURL(t *testing.T) {
	const link = "https://pipedream.com/_static/connect.html?token=ctok_1&connectLink=true"
	for _, tc := range []struct{ link, app, oauth, want string }{
		{link, "slack", "", link + "&app=slack"},
		{link, "slack", "oa_1", link + "&app=slack&oauthAppId=oa_1"},
		{link, "a b&c", "", link + "&app=a+b%26c"},
		{link + "&app=old&oauthAppId=old", "new", "oa_2", link + "&app=new&oauthAppId=oa_2"},
		{"http://localhost:3001/_static/connect.html", "slack", "", "http://localhost:3001/_static/connect.html?app=slack"},
	} {
		if got, err := ConnectLinkURL(tc.link, tc.app, tc.oauth); err != nil || got != tc.want {
			t.Errorf("ConnectLinkURL(%q, %q, %q) =\n %s, %v\nwant %s", tc.link, tc.app, tc.oauth, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ link, app string }{{link, ""}, {"not a URL", "slack"}, {"javascript:alert(1)", "slack"}, {"/relative?token=x", "slack"}, {"%zz", "slack"}} {
		if _, err := ConnectLinkURL(tc.link, tc.app, ""); code(err) != CodeInvalidOptions {
			t.Errorf("ConnectLinkURL(%q, %q) err = %v, want invalid_options", tc.link, tc.app, err)
		}
	}
}

// TestConnectLinkURLKeepsTheLink: the link's own query stays as it was.
func TestConnectLinkURLKeepsTheLink(t *testing.T) {
	for _, tc := range []struct{ link, app, want string }{
		{"http://localhost:3001/_static/connect.html?", "a&b", "http://localhost:3001/_static/connect.html?app=a%26b"},
		{"https://h/c.html?token=a%2Bb&x=%20", "slack", "https://h/c.html?token=a%2Bb&x=%20&app=slack"},
	} {
		if got, err := ConnectLinkURL(tc.link, tc.app, ""); err != nil || got != tc.want {
			t.Errorf("ConnectLinkURL(%q, %q) = %s, %v; want %s", tc.link, tc.app, got, err, tc.want)
		}
	}
}

// TestConnectLinkURLRefuses: what is not an http(s) URL with a host.
func TestConnectLinkURLRefuses(t *testing.T) {
	for _, link := range []string{"", "https://", "http:///x", "ftp://h/x", "javascript:alert(1)//https://x", "https://h x/", "https://h\\@evil/"} {
		if got, err := ConnectLinkURL(link, "slack", ""); code(err) != CodeInvalidOptions {
			t.Errorf("ConnectLinkURL(%q) = %q, %v; want invalid_options", link, got, err)
		}
	}
	got, err := ConnectLinkURL("HTTPS://h/c?token=1#top", "slack", "")
	if want := "HTTPS://h/c?token=1&app=slack#top"; err != nil || got != want {
		t.Errorf("ConnectLinkURL = %q, %v; want %s", got, err, want)
	}
}
