package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Slack is a simulated Slack workspace as one account sees it.
type Slack struct {
	TeamID   string                    `json:"team_id"`
	Team     string                    `json:"team"`
	UserID   string                    `json:"user_id"`
	User     string                    `json:"user"`
	Channels []SlackChannel            `json:"channels"` // by name
	Messages map[string][]SlackMessage `json:"messages"` // by channel id, oldest first
}

// SlackChannel is a conversation in Slack's API shape.
type SlackChannel struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	IsPrivate bool   `json:"is_private"`
	IsMember  bool   `json:"is_member"`
	Topic     string `json:"topic"`
	Created   int64  `json:"created"` // unix seconds
}

// SlackMessage is a message in Slack's API shape.
type SlackMessage struct {
	Type    string `json:"type"` // always "message"
	TS      string `json:"ts"`   // seconds.micros, unique per channel
	Channel string `json:"channel"`
	User    string `json:"user"`
	Text    string `json:"text"`
}

var slackChannelNames = []string{
	"general", "random", "announcements", "engineering", "design", "marketing", "sales", "support",
	"product", "finance", "hiring", "ops", "security", "data", "mobile", "frontend", "backend",
	"infra", "releases", "incidents", "customer-feedback", "partnerships", "legal", "people",
	"events", "watercooler", "books", "music", "pets", "travel", "fitness", "food", "help-it",
	"help-design", "standup", "retro", "planning", "growth", "seo", "content", "social",
	"analytics", "qa", "docs", "api", "billing", "onboarding", "community", "research",
	"ux-writing", "accessibility", "performance", "devrel", "open-source", "ml", "platform",
	"payments", "integrations", "alerts", "deploys", "office-berlin", "office-nyc", "office-remote",
}

// slackProjects name the project channels ("proj-apollo") a company's
// workspace collects: more than a page of options match "proj".
var slackProjects = []string{
	"apollo", "artemis", "atlas", "aurora", "beacon", "bluebird", "borealis", "cascade", "catalyst", "cedar",
	"comet", "condor", "cosmos", "crescent", "delta", "eclipse", "ember", "falcon", "firefly", "fjord",
	"galaxy", "gemini", "glacier", "harbor", "horizon", "hydra", "ion", "jade", "jupiter", "kestrel",
	"lighthouse", "lotus", "lunar", "magnet", "maple", "mercury", "meridian", "meteor", "nebula", "neptune",
	"nova", "oasis", "orbit", "orion", "pegasus", "phoenix", "pioneer", "polaris", "prism", "pulsar",
	"quasar", "raven", "redwood", "saturn", "sequoia", "sierra", "solstice", "sparrow", "summit", "zenith",
}

var slackTexts = []string{
	"Morning all! Standup in 10.", "Shipped the new onboarding flow 🎉", "Can someone review my PR?",
	"Lunch order goes out at noon.", "Reminder: retro at 4pm.", "The staging deploy is green.",
	"Who owns the billing dashboard?", "Great work on the launch, team!", "Heads up: maintenance tonight.",
}

// seedSlack builds a workspace of more than 100 channels, some with
// messages: more than 50 team and topic channels, and more than 50 project
// channels, so a listing and a search for "proj" each take two pages.
func seedSlack(a Account) *Slack {
	r := rng(a, "slack")
	s := &Slack{
		TeamID: "T" + code(r, upperDigits, 8), Team: pick(r, []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli"}) + " HQ",
		UserID: "U" + code(r, upperDigits, 8), User: handle(a), Messages: map[string][]SlackMessage{},
	}
	n := 56 + r.IntN(len(slackChannelNames)-56+1)
	names := slices.Clone(slackChannelNames[:n])
	for _, p := range slackProjects[:52+r.IntN(len(slackProjects)-52+1)] {
		names = append(names, "proj-"+p)
	}
	n = len(names)
	slices.Sort(names)
	for i, name := range names {
		ch := SlackChannel{
			ID: "C" + code(r, upperDigits, 8), Name: name, IsPrivate: r.IntN(8) == 0 && name != "general" && name != "random", IsMember: true,
			Topic: strings.ReplaceAll(name, "-", " ") + " talk", Created: seedEpoch.Unix() - int64(86400*(n-i)),
		}
		s.Channels = append(s.Channels, ch)
		for j := range r.IntN(4) {
			ts := seedEpoch.Unix() + int64(3600*j) + int64(i)
			s.Messages[ch.ID] = append(s.Messages[ch.ID], SlackMessage{
				Type: "message", TS: fmt.Sprintf("%d.%06d", ts, j+1), Channel: ch.ID,
				User: "U" + code(r, upperDigits, 8), Text: pick(r, slackTexts),
			})
		}
	}
	return s
}

// channel finds a channel by id or by name (with or without #).
func (s *Slack) channel(idOrName string) (*SlackChannel, error) {
	name := strings.TrimPrefix(idOrName, "#")
	for i := range s.Channels {
		if c := &s.Channels[i]; c.ID == idOrName || c.Name == name {
			return c, nil
		}
	}
	return nil, &NotFoundError{What: "channel", ID: idOrName}
}

// SlackChannels returns the account's channels, sorted by name.
func (p *Provider) SlackChannels(ctx context.Context, a Account) ([]SlackChannel, error) {
	var out []SlackChannel
	err := p.view(ctx, a, func(s *State) error {
		sl, err := s.slack(a)
		if err != nil {
			return err
		}
		out = slices.Clone(sl.Channels)
		return nil
	})
	return out, err
}

// SlackWho returns the account's user id and handle and its team's name.
func (p *Provider) SlackWho(ctx context.Context, a Account) (userID, user, team string, err error) {
	err = p.view(ctx, a, func(s *State) error {
		sl, err := s.slack(a)
		if err != nil {
			return err
		}
		userID, user, team = sl.UserID, sl.User, sl.Team
		return nil
	})
	return
}

// SlackMessages returns up to limit messages of a channel (id or name),
// newest first, and the channel.
func (p *Provider) SlackMessages(ctx context.Context, a Account, channel string, limit int) ([]SlackMessage, SlackChannel, error) {
	var out []SlackMessage
	var ch SlackChannel
	err := p.view(ctx, a, func(s *State) error {
		sl, c, err := s.channel(a, channel)
		if err != nil {
			return err
		}
		ch = *c
		msgs := sl.Messages[c.ID]
		for i := len(msgs) - 1; i >= 0 && len(out) < limit; i-- {
			out = append(out, msgs[i])
		}
		return nil
	})
	return out, ch, err
}

// SlackPost posts text to a channel (id or name) as the account's user.
func (p *Provider) SlackPost(ctx context.Context, a Account, channel, text string) (SlackMessage, error) {
	var m SlackMessage
	err := p.update(ctx, a, func(s *State, changes *[]Change) error {
		sl, c, err := s.channel(a, channel)
		if err != nil {
			return err
		}
		now := p.now()
		m = SlackMessage{Type: "message", TS: fmt.Sprintf("%d.%06d", now.Unix(), p.next()%1_000_000), Channel: c.ID, User: sl.UserID, Text: text}
		msgs := append(sl.Messages[c.ID], m)
		if len(msgs) > maxMessagesPerChannel {
			msgs = slices.Delete(msgs, 0, len(msgs)-maxMessagesPerChannel)
		}
		sl.Messages[c.ID] = msgs
		*changes = append(*changes, Change{Kind: KindSlackMessage, Key: c.ID, Item: m})
		return nil
	})
	return m, err
}

// SlackCreateChannel creates a channel; names are lower case and unique.
func (p *Provider) SlackCreateChannel(ctx context.Context, a Account, name string, private bool) (SlackChannel, error) {
	var ch SlackChannel
	err := p.update(ctx, a, func(s *State, changes *[]Change) error {
		sl, err := s.slack(a)
		if err != nil {
			return err
		}
		name = strings.ToLower(strings.TrimPrefix(name, "#"))
		if _, err := sl.channel(name); err == nil {
			return &ConflictError{What: "channel", ID: name}
		}
		if len(sl.Channels) >= maxChannels {
			return &LimitError{What: "channels", Max: maxChannels}
		}
		ch = SlackChannel{ID: fmt.Sprintf("C%08d", p.next()), Name: name, IsPrivate: private, IsMember: true, Created: p.now().Unix()}
		i, _ := slices.BinarySearchFunc(sl.Channels, name, func(c SlackChannel, n string) int { return strings.Compare(c.Name, n) })
		sl.Channels = slices.Insert(sl.Channels, i, ch)
		*changes = append(*changes, Change{Kind: KindSlackChannel, Key: ch.ID, Item: ch})
		return nil
	})
	return ch, err
}

// SlackSetTopic sets a channel's topic and returns the channel.
func (p *Provider) SlackSetTopic(ctx context.Context, a Account, channel, topic string) (SlackChannel, error) {
	var ch SlackChannel
	err := p.update(ctx, a, func(s *State, changes *[]Change) error {
		_, c, err := s.channel(a, channel)
		if err != nil {
			return err
		}
		c.Topic = topic
		ch = *c
		*changes = append(*changes, Change{Kind: KindSlackChannel, Key: c.ID, Item: ch})
		return nil
	})
	return ch, err
}

// ConflictError is a provider-side "already exists".
type ConflictError struct{ What, ID string }

func (e *ConflictError) Error() string { return fmt.Sprintf("%s %q already exists", e.What, e.ID) }

// errWrongApp reports a call for an app the account is not of.
func errWrongApp(a Account, app string) error {
	return fmt.Errorf("provider: account %s is a %s account, not %s", a.ID, a.App, app)
}
