package testsupport

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

var (
	postForm    = regexp.MustCompile(`(?s)<form method="post" action="([^"]+)"[^>]*>(.*?)</form>`)
	hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
)

// FollowConnectLink does with a Connect Link (the sandbox's) what a person
// does: opens it, presses Continue, then Allow on the simulated provider's
// consent page (OAuth apps) or enters fields (keys apps: field name to
// value), as a browser without scripts would post the forms. It fails
// unless the flow ends on the page saying the account is connected.
func FollowConnectLink(ctx context.Context, c *http.Client, link string, fields map[string]string) error {
	base, err := url.Parse(link)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return err
	}
	page, err := fetchPage(c, req)
	if err != nil {
		return err
	}
	for range 4 {
		m := postForm.FindStringSubmatch(page)
		if m == nil {
			break
		}
		form := url.Values{}
		for _, in := range hiddenInput.FindAllStringSubmatch(m[2], -1) {
			form.Set(html.UnescapeString(in[1]), html.UnescapeString(in[2]))
		}
		if strings.Contains(m[2], `name="decision"`) {
			form.Set("decision", "allow")
		}
		for name, v := range fields {
			if strings.Contains(m[2], `name="f_`+name+`"`) {
				form.Set("f_"+name, v)
			}
		}
		action, err := base.Parse(html.UnescapeString(m[1]))
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, action.String(), strings.NewReader(form.Encode()))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base.Scheme+"://"+base.Host)
		if page, err = fetchPage(c, req); err != nil {
			return err
		}
	}
	if !strings.Contains(page, `class="result ok"`) {
		return fmt.Errorf("the Connect Link flow did not end connected:\n%.2000s", page)
	}
	return nil
}

func fetchPage(c *http.Client, req *http.Request) (string, error) {
	res, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if res.StatusCode >= 400 {
		return "", fmt.Errorf("%s %s: %d\n%.2000s", req.Method, req.URL.Path, res.StatusCode, b)
	}
	return string(b), nil
}
