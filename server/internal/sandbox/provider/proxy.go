package provider

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Answer is the provider's answer to a proxied request.
type Answer struct {
	Status int
	Body   any // encoded as JSON
}

// Serve answers a request the Connect proxy sends to the provider for
// account a, when it is one of the main resources the provider keeps:
//
//   - Slack: conversations.list, conversations.history, chat.postMessage
//   - GitHub: GET /user/repos, GET and POST /repos/{owner}/{repo}/issues
//   - Google Sheets: GET .../spreadsheets/{id}/values/{range} and
//     POST .../values/{range}:append
//
// It reads and changes the same state as the actions. ok is false for
// anything else, which the proxy answers by echoing the request.
func (p *Provider) Serve(ctx context.Context, a Account, method string, target *url.URL, body []byte) (ans Answer, ok bool, err error) {
	host, path := strings.ToLower(target.Hostname()), target.Path
	switch {
	case a.App == "slack" && host == "slack.com":
		ans, ok, err = p.serveSlack(ctx, a, method, strings.TrimPrefix(path, "/api/"), target.Query(), body)
	case a.App == "github" && host == "api.github.com":
		ans, ok, err = p.serveGitHub(ctx, a, method, path, target.Query(), body)
	case a.App == "google_sheets" && host == "sheets.googleapis.com":
		ans, ok, err = p.serveSheets(ctx, a, method, path, body)
	}
	var full *LimitError
	if errors.As(err, &full) {
		return Answer{http.StatusUnprocessableEntity, map[string]any{"error": full.Error(), "message": full.Error()}}, true, nil
	}
	return ans, ok, err
}

// params merges a Slack call's query, form or JSON body.
func params(q url.Values, body []byte) map[string]string {
	out := map[string]string{}
	for k := range q {
		out[k] = q.Get(k)
	}
	var js map[string]any
	if json.Unmarshal(body, &js) == nil {
		for k, v := range js {
			if s, ok := v.(string); ok {
				out[k] = s
			} else if f, ok := v.(float64); ok {
				out[k] = strconv.FormatFloat(f, 'f', -1, 64)
			}
		}
	} else if form, err := url.ParseQuery(string(body)); err == nil {
		for k := range form {
			out[k] = form.Get(k)
		}
	}
	return out
}

// slackError is how Slack reports a failed call: 200 with ok false.
func slackError(code string) Answer {
	return Answer{Status: http.StatusOK, Body: map[string]any{"ok": false, "error": code}}
}

func (p *Provider) serveSlack(ctx context.Context, a Account, method, call string, q url.Values, body []byte) (Answer, bool, error) {
	in := params(q, body)
	limit := 100
	if n, err := strconv.Atoi(in["limit"]); err == nil && n > 0 {
		limit = min(n, 1000)
	}
	switch call {
	case "conversations.list":
		chans, err := p.SlackChannels(ctx, a)
		if err != nil {
			return Answer{}, true, err
		}
		start, _ := strconv.Atoi(in["cursor"])
		start = min(max(start, 0), len(chans))
		end := min(start+limit, len(chans))
		next := ""
		if end < len(chans) {
			next = strconv.Itoa(end)
		}
		return Answer{http.StatusOK, map[string]any{"ok": true, "channels": chans[start:end], "response_metadata": map[string]any{"next_cursor": next}}}, true, nil
	case "conversations.history":
		msgs, _, err := p.SlackMessages(ctx, a, in["channel"], limit)
		var nf *NotFoundError
		if errors.As(err, &nf) || in["channel"] == "" {
			return slackError("channel_not_found"), true, nil
		}
		if err != nil {
			return Answer{}, true, err
		}
		if msgs == nil {
			msgs = []SlackMessage{}
		}
		return Answer{http.StatusOK, map[string]any{"ok": true, "messages": msgs, "has_more": false}}, true, nil
	case "chat.postMessage":
		if method != http.MethodPost {
			return slackError("method_not_supported_for_channel_type"), true, nil
		}
		if in["text"] == "" {
			return slackError("no_text"), true, nil
		}
		m, err := p.SlackPost(ctx, a, in["channel"], in["text"])
		var nf *NotFoundError
		if errors.As(err, &nf) {
			return slackError("channel_not_found"), true, nil
		}
		if err != nil {
			return Answer{}, true, err
		}
		return Answer{http.StatusOK, map[string]any{"ok": true, "channel": m.Channel, "ts": m.TS, "message": m}}, true, nil
	}
	return Answer{}, false, nil
}

// githubError is GitHub's error body.
func githubError(status int, msg string) Answer {
	return Answer{Status: status, Body: map[string]any{"message": msg, "documentation_url": "https://docs.github.com/rest"}}
}

func (p *Provider) serveGitHub(ctx context.Context, a Account, method, path string, q url.Values, body []byte) (Answer, bool, error) {
	if path == "/user/repos" && method == http.MethodGet {
		repos, err := p.GitHubRepos(ctx, a)
		if err != nil {
			return Answer{}, true, err
		}
		perPage, page := 30, 1
		if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 {
			perPage = min(n, 100)
		}
		if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 {
			page = n
		}
		start := min((page-1)*perPage, len(repos))
		return Answer{http.StatusOK, repos[start:min(start+perPage, len(repos))]}, true, nil
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) != 4 || parts[0] != "repos" || parts[3] != "issues" {
		return Answer{}, false, nil
	}
	repo := parts[1] + "/" + parts[2]
	var nf *NotFoundError
	switch method {
	case http.MethodGet:
		state := q.Get("state")
		if state == "" {
			state = "open"
		}
		issues, err := p.GitHubIssues(ctx, a, repo, state)
		if errors.As(err, &nf) {
			return githubError(http.StatusNotFound, "Not Found"), true, nil
		}
		if err != nil {
			return Answer{}, true, err
		}
		if issues == nil {
			issues = []GitHubIssue{}
		}
		return Answer{http.StatusOK, issues}, true, nil
	case http.MethodPost:
		var in struct {
			Title  string            `json:"title"`
			Body   string            `json:"body"`
			Labels []json.RawMessage `json:"labels"`
		}
		if err := json.Unmarshal(body, &in); err != nil {
			return githubError(http.StatusBadRequest, "Problems parsing JSON"), true, nil
		}
		if in.Title == "" {
			return githubError(http.StatusUnprocessableEntity, "Validation Failed: title is missing"), true, nil
		}
		var labels []string
		for _, l := range in.Labels {
			var name string
			var obj struct{ Name string }
			if json.Unmarshal(l, &name) != nil && json.Unmarshal(l, &obj) == nil {
				name = obj.Name
			}
			if name != "" {
				labels = append(labels, name)
			}
		}
		iss, err := p.GitHubCreateIssue(ctx, a, repo, in.Title, in.Body, labels)
		if errors.As(err, &nf) {
			return githubError(http.StatusNotFound, "Not Found"), true, nil
		}
		if err != nil {
			return Answer{}, true, err
		}
		return Answer{http.StatusCreated, iss}, true, nil
	}
	return Answer{}, false, nil
}

func (p *Provider) serveSheets(ctx context.Context, a Account, method, path string, body []byte) (Answer, bool, error) {
	rest, ok := strings.CutPrefix(path, "/v4/spreadsheets/")
	if !ok {
		return Answer{}, false, nil
	}
	id, rng, ok := strings.Cut(rest, "/values/")
	if !ok || id == "" || rng == "" {
		return Answer{}, false, nil
	}
	notFound := Answer{http.StatusNotFound, map[string]any{"error": map[string]any{"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}}}
	var nf *NotFoundError
	if r, isAppend := strings.CutSuffix(rng, ":append"); isAppend {
		if method != http.MethodPost {
			return Answer{}, false, nil
		}
		var in struct{ Values [][]any }
		if err := json.Unmarshal(body, &in); err != nil || len(in.Values) == 0 {
			return Answer{http.StatusBadRequest, map[string]any{"error": map[string]any{"code": 400, "message": "values are required", "status": "INVALID_ARGUMENT"}}}, true, nil
		}
		var last SheetRow
		for _, row := range in.Values {
			vals := make([]string, len(row))
			for i, v := range row {
				if s, ok := v.(string); ok {
					vals[i] = s
				} else {
					b, _ := json.Marshal(v)
					vals[i] = string(b)
				}
			}
			var err error
			if last, err = p.SheetAppend(ctx, a, id, vals); errors.As(err, &nf) {
				return notFound, true, nil
			} else if err != nil {
				return Answer{http.StatusBadRequest, map[string]any{"error": map[string]any{"code": 400, "message": err.Error(), "status": "INVALID_ARGUMENT"}}}, true, nil
			}
		}
		return Answer{http.StatusOK, map[string]any{"spreadsheetId": id, "tableRange": r, "updates": map[string]any{
			"spreadsheetId": id, "updatedRows": len(in.Values), "updatedRange": "Sheet1!A" + strconv.Itoa(last.Number),
		}}}, true, nil
	}
	if method != http.MethodGet {
		return Answer{}, false, nil
	}
	sh, err := p.Sheet(ctx, a, id)
	if errors.As(err, &nf) {
		return notFound, true, nil
	}
	if err != nil {
		return Answer{}, true, err
	}
	return Answer{http.StatusOK, map[string]any{"range": rng, "majorDimension": "ROWS", "values": append([][]string{sh.Header}, sh.Rows...)}}, true, nil
}
