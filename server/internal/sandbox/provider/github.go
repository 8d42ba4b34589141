package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// GitHub is a simulated GitHub user: repositories, their issues and hooks.
type GitHub struct {
	Login  string                   `json:"login"`
	Repos  []GitHubRepo             `json:"repos"`  // by full name
	Issues map[string][]GitHubIssue `json:"issues"` // by repository full name, by number
	Hooks  map[string][]GitHubHook  `json:"hooks"`  // by repository full name
	NextID int64                    `json:"next_id"`
}

// GitHubRepo is a repository in GitHub's API shape (in part).
type GitHubRepo struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	FullName      string `json:"full_name"`
	Description   string `json:"description"`
	Private       bool   `json:"private"`
	DefaultBranch string `json:"default_branch"`
	HTMLURL       string `json:"html_url"`
}

// GitHubIssue is an issue in GitHub's API shape (in part).
type GitHubIssue struct {
	ID        int64      `json:"id"`
	Number    int        `json:"number"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	State     string     `json:"state"` // open or closed
	Labels    []string   `json:"labels"`
	User      string     `json:"user"`
	HTMLURL   string     `json:"html_url"`
	CreatedAt time.Time  `json:"created_at"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
}

// GitHubHook is a repository webhook; its secret is kept but never shown.
type GitHubHook struct {
	ID        int64    `json:"id"`
	URL       string   `json:"url"`
	Events    []string `json:"events"`
	Active    bool     `json:"active"`
	HasSecret bool     `json:"has_secret"`
	secret    string
}

var (
	repoWords  = []string{"api", "web", "cli", "docs", "infra", "mobile", "sdk", "bot", "site", "data", "ml", "auth", "billing", "search", "design"}
	repoSuffix = []string{"service", "app", "tools", "kit", "lib", "core", "ui", "pipeline", "server", "client"}
	issueTitle = []string{"Crash when the config file is empty", "Add dark mode", "Docs: explain the setup steps",
		"Flaky test in CI", "Support Go 1.26", "Improve error message on timeout", "Pagination skips the last item",
		"Upgrade dependencies", "Slow start-up on large projects", "Typo in README"}
	labelNames = []string{"bug", "enhancement", "documentation", "good first issue", "help wanted"}
)

// seedGitHub builds 35 repositories (more than a page of 30) with issues.
func seedGitHub(a Account) *GitHub {
	r := rng(a, "github")
	g := &GitHub{Login: handle(a), Issues: map[string][]GitHubIssue{}, Hooks: map[string][]GitHubHook{}, NextID: 1000}
	seen := map[string]bool{}
	for len(g.Repos) < 35 {
		name := pick(r, repoWords) + "-" + pick(r, repoSuffix)
		if seen[name] {
			continue
		}
		seen[name] = true
		full := g.Login + "/" + name
		g.Repos = append(g.Repos, GitHubRepo{
			ID: int64(100000 + r.IntN(900000)), Name: name, FullName: full, Description: "The " + strings.ReplaceAll(name, "-", " "),
			Private: r.IntN(3) == 0, DefaultBranch: "main", HTMLURL: "https://github.com/" + full,
		})
		for n := range r.IntN(5) {
			g.NextID++
			iss := GitHubIssue{
				ID: g.NextID, Number: n + 1, Title: pick(r, issueTitle), State: "open", Labels: []string{pick(r, labelNames)},
				User: g.Login, HTMLURL: fmt.Sprintf("https://github.com/%s/issues/%d", full, n+1),
				CreatedAt: seedEpoch.Add(time.Duration(r.IntN(500)) * time.Hour),
			}
			if r.IntN(4) == 0 {
				iss.State = "closed"
				closed := iss.CreatedAt.Add(48 * time.Hour)
				iss.ClosedAt = &closed
			}
			g.Issues[full] = append(g.Issues[full], iss)
		}
	}
	slices.SortFunc(g.Repos, func(x, y GitHubRepo) int { return strings.Compare(x.FullName, y.FullName) })
	return g
}

func (g *GitHub) repo(fullName string) (*GitHubRepo, error) {
	for i := range g.Repos {
		if strings.EqualFold(g.Repos[i].FullName, fullName) {
			return &g.Repos[i], nil
		}
	}
	return nil, &NotFoundError{What: "repository", ID: fullName}
}

// GitHubLogin returns the account's login.
func (p *Provider) GitHubLogin(ctx context.Context, a Account) (string, error) {
	var login string
	err := p.view(ctx, a, func(s *State) error {
		g, err := s.github(a)
		if err != nil {
			return err
		}
		login = g.Login
		return nil
	})
	return login, err
}

// GitHubRepos returns the account's repositories by full name.
func (p *Provider) GitHubRepos(ctx context.Context, a Account) ([]GitHubRepo, error) {
	var out []GitHubRepo
	err := p.view(ctx, a, func(s *State) error {
		g, err := s.github(a)
		if err != nil {
			return err
		}
		out = slices.Clone(g.Repos)
		return nil
	})
	return out, err
}

// GitHubIssues returns a repository's issues in state ("open", "closed"
// or "all"), newest first.
func (p *Provider) GitHubIssues(ctx context.Context, a Account, repo, state string) ([]GitHubIssue, error) {
	var out []GitHubIssue
	err := p.view(ctx, a, func(s *State) error {
		g, rp, err := s.repo(a, repo)
		if err != nil {
			return err
		}
		list := g.Issues[rp.FullName]
		for i := len(list) - 1; i >= 0; i-- {
			if state == "all" || list[i].State == state {
				iss := list[i]
				iss.Labels = slices.Clone(iss.Labels)
				out = append(out, iss)
			}
		}
		return nil
	})
	return out, err
}

// GitHubCreateIssue opens an issue in a repository.
func (p *Provider) GitHubCreateIssue(ctx context.Context, a Account, repo, title, body string, labels []string) (GitHubIssue, error) {
	var iss GitHubIssue
	err := p.update(ctx, a, func(s *State, changes *[]Change) error {
		g, rp, err := s.repo(a, repo)
		if err != nil {
			return err
		}
		if len(g.Issues[rp.FullName]) >= maxIssuesPerRepo {
			return &LimitError{What: "issues per repository", Max: maxIssuesPerRepo}
		}
		g.NextID++
		n := len(g.Issues[rp.FullName]) + 1
		if labels == nil {
			labels = []string{}
		}
		iss = GitHubIssue{
			ID: g.NextID, Number: n, Title: title, Body: body, State: "open", Labels: slices.Clone(labels),
			User: g.Login, HTMLURL: fmt.Sprintf("https://github.com/%s/issues/%d", rp.FullName, n), CreatedAt: p.now().UTC(),
		}
		g.Issues[rp.FullName] = append(g.Issues[rp.FullName], iss)
		*changes = append(*changes, Change{Kind: KindGitHubIssue, Key: rp.FullName, Item: iss})
		return nil
	})
	return iss, err
}

// GitHubCloseIssue closes an issue by number.
func (p *Provider) GitHubCloseIssue(ctx context.Context, a Account, repo string, number int) (GitHubIssue, error) {
	var iss GitHubIssue
	err := p.update(ctx, a, func(s *State, changes *[]Change) error {
		g, rp, err := s.repo(a, repo)
		if err != nil {
			return err
		}
		list := g.Issues[rp.FullName]
		if number < 1 || number > len(list) {
			return &NotFoundError{What: "issue", ID: fmt.Sprintf("%s#%d", rp.FullName, number)}
		}
		it := &list[number-1]
		if it.State != "closed" {
			now := p.now().UTC()
			it.State, it.ClosedAt = "closed", &now
			*changes = append(*changes, Change{Kind: KindGitHubIssue, Key: rp.FullName, Item: *it})
		}
		iss = *it
		return nil
	})
	return iss, err
}

// GitHubCreateHook adds a webhook to a repository.
func (p *Provider) GitHubCreateHook(ctx context.Context, a Account, repo, url, secret string, events []string) (GitHubHook, error) {
	var h GitHubHook
	err := p.update(ctx, a, func(s *State, changes *[]Change) error {
		g, rp, err := s.repo(a, repo)
		if err != nil {
			return err
		}
		if len(g.Hooks[rp.FullName]) >= maxHooksPerRepo {
			return &LimitError{What: "webhooks per repository", Max: maxHooksPerRepo}
		}
		g.NextID++
		h = GitHubHook{ID: g.NextID, URL: url, Events: slices.Clone(events), Active: true, HasSecret: secret != "", secret: secret}
		g.Hooks[rp.FullName] = append(g.Hooks[rp.FullName], h)
		h.secret = ""
		*changes = append(*changes, Change{Kind: KindGitHubHook, Key: rp.FullName, Item: h})
		return nil
	})
	return h, err
}
