package components

import (
	"fmt"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

func slackActions(p *provider.Provider) []*Definition {
	channel := pipedream.ConfigurableProp{
		Name: "channel", Type: pipedream.PropString, Label: "Channel",
		Description:   "The channel to use. Search by name; the list pages past 50 channels.",
		RemoteOptions: true, UseQuery: true,
	}
	channelOptions := slackChannelOptions(p)

	send := action(pipedream.Component{
		Key: "slack-send-message", Name: "Send Message",
		Description: "Send a message to a channel of the Slack workspace.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("slack"), channel,
			{Name: "text", Type: pipedream.PropString, Label: "Text", Description: "The message to send. Slack's mrkdwn formatting applies."},
			{Name: "as_user", Type: pipedream.PropBoolean, Label: "Send as User", Description: "Post as the connected user rather than as the app's bot.", Optional: true, Default: false},
		},
	}, false)
	send.Options = map[string]func(*Call) (pipedream.ConfigurePropResult, error){"channel": channelOptions}
	send.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("slack")
		m, err := p.SlackPost(c.Ctx, a, c.String("channel"), c.String("text"))
		if err != nil {
			return Result{}, err
		}
		_, ch, _ := p.SlackMessages(c.Ctx, a, m.Channel, 0)
		c.Log("posted to #%s", ch.Name)
		return Result{Summary: "Sent a message to #" + ch.Name, Ret: map[string]any{"ok": true, "channel": m.Channel, "ts": m.TS, "message": m}}, nil
	}

	list := action(pipedream.Component{
		Key: "slack-list-messages", Name: "List Messages",
		Description: "List the messages of a channel, newest first.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("slack"), channel,
			{Name: "limit", Type: pipedream.PropInteger, Label: "Limit", Description: "The most messages to return.", Optional: true, Default: 20, Min: pipedream.Int64(1), Max: pipedream.Int64(200)},
		},
	}, true)
	list.Options = send.Options
	list.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("slack")
		msgs, ch, err := p.SlackMessages(c.Ctx, a, c.String("channel"), int(c.Int("limit")))
		if err != nil {
			return Result{}, err
		}
		if msgs == nil {
			msgs = []provider.SlackMessage{}
		}
		return Result{Summary: fmt.Sprintf("Found %d messages in #%s", len(msgs), ch.Name), Ret: map[string]any{"ok": true, "messages": msgs}}, nil
	}

	channels := action(pipedream.Component{
		Key: "slack-list-channels", Name: "List Channels",
		Description: "List the channels of the Slack workspace.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("slack"),
			{Name: "include_private", Type: pipedream.PropBoolean, Label: "Include Private Channels", Optional: true, Default: true},
		},
	}, true)
	channels.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("slack")
		chans, err := p.SlackChannels(c.Ctx, a)
		if err != nil {
			return Result{}, err
		}
		out := []provider.SlackChannel{}
		for _, ch := range chans {
			if !ch.IsPrivate || c.Bool("include_private") {
				out = append(out, ch)
			}
		}
		return Result{Summary: fmt.Sprintf("Found %d channels", len(out)), Ret: map[string]any{"ok": true, "channels": out}}, nil
	}

	create := action(pipedream.Component{
		Key: "slack-create-channel", Name: "Create a Channel",
		Description: "Create a public or private channel.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("slack"),
			{Name: "name", Type: pipedream.PropString, Label: "Channel Name", Description: "Lower case, without spaces or periods, at most 80 characters."},
			{Name: "is_private", Type: pipedream.PropBoolean, Label: "Private", Optional: true, Default: false},
		},
	}, false)
	create.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("slack")
		name := c.String("name")
		if len(name) > 80 || strings.ContainsAny(name, " .") {
			return Result{}, fmt.Errorf("invalid_name: %q must be at most 80 characters without spaces or periods", name)
		}
		ch, err := p.SlackCreateChannel(c.Ctx, a, name, c.Bool("is_private"))
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: "Created #" + ch.Name, Ret: map[string]any{"ok": true, "channel": ch}}, nil
	}

	topic := action(pipedream.Component{
		Key: "slack-set-channel-topic", Name: "Set Channel Topic",
		Description: "Set the topic of a channel.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("slack"), channel,
			{Name: "topic", Type: pipedream.PropString, Label: "Topic"},
		},
	}, false)
	topic.Options = send.Options
	topic.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("slack")
		ch, err := p.SlackSetTopic(c.Ctx, a, c.String("channel"), c.String("topic"))
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: "Set the topic of #" + ch.Name, Ret: map[string]any{"ok": true, "channel": ch}}, nil
	}
	return []*Definition{send, list, channels, create, topic}
}

// slackChannelOptions lists the account's channels, a page at a time.
func slackChannelOptions(p *provider.Provider) func(*Call) (pipedream.ConfigurePropResult, error) {
	return func(c *Call) (pipedream.ConfigurePropResult, error) {
		a, err := c.Account("slack")
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		chans, err := p.SlackChannels(c.Ctx, a)
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		opts := make([]pipedream.PropOption, len(chans))
		for i, ch := range chans {
			label := "#" + ch.Name
			if ch.IsPrivate {
				label += " (private)"
			}
			opts[i] = pipedream.PropOption{Label: label, Value: ch.ID}
		}
		return pageOptions(c, opts, optionsPage), nil
	}
}
