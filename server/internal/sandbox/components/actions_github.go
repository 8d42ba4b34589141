package components

import (
	"fmt"
	"net/url"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// repoPage is how many repositories one configure call lists, as GitHub's
// own page size.
const repoPage = 30

func githubActions(p *provider.Provider) []*Definition {
	type opts = map[string]func(*Call) (pipedream.ConfigurePropResult, error)
	repo := pipedream.ConfigurableProp{
		Name: "repo", Type: pipedream.PropString, Label: "Repository",
		Description: "The repository, as owner/name.", RemoteOptions: true, UseQuery: true,
	}
	repoOptions := githubRepoOptions(p)
	state := pipedream.ConfigurableProp{
		Name: "state", Type: pipedream.PropString, Label: "State", Description: "Which issues to list.", Optional: true, Default: "open",
		Options: []pipedream.PropOption{{Label: "Open", Value: "open"}, {Label: "Closed", Value: "closed"}, {Label: "All", Value: "all"}},
	}

	create := action(pipedream.Component{
		Key: "github-create-issue", Name: "Create Issue",
		Description: "Open a new issue in a repository.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("github"), repo,
			{Name: "title", Type: pipedream.PropString, Label: "Title", Description: "The title of the issue."},
			{Name: "body", Type: pipedream.PropString, Label: "Body", Description: "The text of the issue, in Markdown.", Optional: true},
			{Name: "labels", Type: pipedream.PropStringArray, Label: "Labels", Description: "Labels to add to the issue.", Optional: true},
		},
	}, false)
	create.Options = opts{"repo": repoOptions}
	create.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("github")
		iss, err := p.GitHubCreateIssue(c.Ctx, a, c.String("repo"), c.String("title"), c.String("body"), c.Strings("labels"))
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: fmt.Sprintf("Created issue #%d in %s", iss.Number, c.String("repo")), Ret: iss}, nil
	}

	list := action(pipedream.Component{
		Key: "github-list-issues", Name: "List Issues",
		Description: "List the issues of a repository, newest first.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("github"), repo, state,
			{Name: "max", Type: pipedream.PropInteger, Label: "Max Results", Optional: true, Default: 30, Min: pipedream.Int64(1), Max: pipedream.Int64(100)},
		},
	}, true)
	list.Options = create.Options
	list.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("github")
		issues, err := p.GitHubIssues(c.Ctx, a, c.String("repo"), c.String("state"))
		if err != nil {
			return Result{}, err
		}
		issues = issues[:min(len(issues), int(c.Int("max")))]
		if issues == nil {
			issues = []provider.GitHubIssue{}
		}
		return Result{Summary: fmt.Sprintf("Found %d issues in %s", len(issues), c.String("repo")), Ret: issues}, nil
	}

	closeIssue := action(pipedream.Component{
		Key: "github-close-issue", Name: "Close Issue",
		Description: "Close an open issue.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("github"), repo,
			{Name: "issue_number", Type: pipedream.PropInteger, Label: "Issue", Description: "The issue to close.", RemoteOptions: true, Min: pipedream.Int64(1)},
		},
	}, false)
	closeIssue.Options = opts{"repo": repoOptions, "issue_number": func(c *Call) (pipedream.ConfigurePropResult, error) {
		a, err := c.Account("github")
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		if c.String("repo") == "" {
			return pipedream.ConfigurePropResult{}, fmt.Errorf("choose a repository first")
		}
		issues, err := p.GitHubIssues(c.Ctx, a, c.String("repo"), "open")
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		all := make([]pipedream.PropOption, len(issues))
		for i, iss := range issues {
			all[i] = pipedream.PropOption{Label: fmt.Sprintf("#%d %s", iss.Number, iss.Title), Value: iss.Number}
		}
		return pageOptions(c, all, optionsPage), nil
	}}
	closeIssue.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("github")
		iss, err := p.GitHubCloseIssue(c.Ctx, a, c.String("repo"), int(c.Int("issue_number")))
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: fmt.Sprintf("Closed issue #%d", iss.Number), Ret: iss}, nil
	}

	repos := action(pipedream.Component{
		Key: "github-list-repos", Name: "List Repositories",
		Description: "List the repositories of the connected user.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("github"),
			{Name: "include_private", Type: pipedream.PropBoolean, Label: "Include Private Repositories", Optional: true, Default: true},
		},
	}, true)
	repos.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("github")
		all, err := p.GitHubRepos(c.Ctx, a)
		if err != nil {
			return Result{}, err
		}
		out := []provider.GitHubRepo{}
		for _, r := range all {
			if !r.Private || c.Bool("include_private") {
				out = append(out, r)
			}
		}
		return Result{Summary: fmt.Sprintf("Found %d repositories", len(out)), Ret: out}, nil
	}

	hook := action(pipedream.Component{
		Key: "github-create-webhook", Name: "Create Repository Webhook",
		Description: "Send a repository's events to a URL.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("github"), repo,
			{Name: "url", Type: pipedream.PropString, Label: "Payload URL", Description: "Where GitHub posts the events (https)."},
			{Name: "secret", Type: pipedream.PropString, Label: "Secret", Description: "Signs each delivery (X-Hub-Signature-256).", Secret: true, Optional: true},
			{Name: "events", Type: pipedream.PropStringArray, Label: "Events", Default: []any{"push"}, Optional: true, Options: []pipedream.PropOption{
				{Label: "Pushes", Value: "push"}, {Label: "Issues", Value: "issues"}, {Label: "Pull requests", Value: "pull_request"}, {Label: "Releases", Value: "release"},
			}},
		},
	}, false)
	hook.Options = create.Options
	hook.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("github")
		u, err := url.Parse(c.String("url"))
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return Result{}, fmt.Errorf("validation failed: url must be an absolute https URL")
		}
		h, err := p.GitHubCreateHook(c.Ctx, a, c.String("repo"), u.String(), c.String("secret"), c.Strings("events"))
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: fmt.Sprintf("Created webhook %d on %s", h.ID, c.String("repo")), Ret: h}, nil
	}
	return []*Definition{create, list, closeIssue, repos, hook}
}

// githubRepoOptions lists the account's repositories, a page at a time.
func githubRepoOptions(p *provider.Provider) func(*Call) (pipedream.ConfigurePropResult, error) {
	return func(c *Call) (pipedream.ConfigurePropResult, error) {
		a, err := c.Account("github")
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		repos, err := p.GitHubRepos(c.Ctx, a)
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		all := make([]pipedream.PropOption, len(repos))
		for i, r := range repos {
			all[i] = pipedream.PropOption{Label: r.FullName, Value: r.FullName}
		}
		return pageOptions(c, all, repoPage), nil
	}
}
