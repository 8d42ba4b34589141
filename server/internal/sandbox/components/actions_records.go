package components

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// The actions of apps whose simulated state is a list of records.

// listRecords returns a collection, newest first, filtered by q over the
// given fields, at most max.
func listRecords(c *Call, p *provider.Provider, app, collection, q string, max int, fields ...string) ([]provider.Record, error) {
	a, _ := c.Account(app)
	all, err := p.Records(c.Ctx, a, collection)
	if err != nil {
		return nil, err
	}
	q = strings.ToLower(q)
	out := []provider.Record{}
	for _, r := range all {
		if len(out) >= max {
			break
		}
		hit := q == ""
		for _, f := range fields {
			hit = hit || strings.Contains(strings.ToLower(fmt.Sprint(r.Fields[f])), q)
		}
		if hit {
			out = append(out, r)
		}
	}
	return out, nil
}

func maxProp(def int) pipedream.ConfigurableProp {
	return pipedream.ConfigurableProp{Name: "max", Type: pipedream.PropInteger, Label: "Max Results", Optional: true, Default: def,
		Min: pipedream.Int64(1), Max: pipedream.Int64(100)}
}

func notionActions(p *provider.Provider) []*Definition {
	create := action(pipedream.Component{
		Key: "notion-create-page", Name: "Create Page",
		Description: "Create a page with a title, text and properties.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("notion"),
			{Name: "title", Type: pipedream.PropString, Label: "Title"},
			{Name: "content", Type: pipedream.PropString, Label: "Content", Description: "The page's text, in Markdown.", Optional: true},
			{Name: "properties", Type: pipedream.PropObject, Label: "Properties", Description: `More page properties as JSON, e.g. {"Status": "Draft"}.`, Optional: true},
		},
	}, false)
	create.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("notion")
		props := c.Object("properties")
		if props == nil {
			props = map[string]any{}
		}
		r, err := p.AddRecord(c.Ctx, a, provider.NotionPages, "", map[string]any{"title": c.String("title"), "content": c.String("content"), "properties": props})
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: "Created page " + c.String("title"), Ret: notionPage(r)}, nil
	}
	search := action(pipedream.Component{
		Key: "notion-search-pages", Name: "Search Pages",
		Description: "Find pages whose title or text contains a query.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("notion"),
			{Name: "query", Type: pipedream.PropString, Label: "Query", Description: "Leave empty to list every page.", Optional: true},
			maxProp(20),
		},
	}, true)
	search.Run = func(c *Call) (Result, error) {
		recs, err := listRecords(c, p, "notion", provider.NotionPages, c.String("query"), int(c.Int("max")), "title", "content")
		if err != nil {
			return Result{}, err
		}
		pages := make([]any, len(recs))
		for i, r := range recs {
			pages[i] = notionPage(r)
		}
		return Result{Summary: fmt.Sprintf("Found %d pages", len(pages)), Ret: map[string]any{"object": "list", "results": pages}}, nil
	}
	return []*Definition{create, search}
}

func notionPage(r provider.Record) map[string]any {
	return map[string]any{"object": "page", "id": r.ID, "created_time": r.Created, "title": r.Fields["title"],
		"content": r.Fields["content"], "properties": r.Fields["properties"], "url": "https://www.notion.so/" + r.ID}
}

func gmailActions(p *provider.Provider) []*Definition {
	send := action(pipedream.Component{
		Key: "gmail-send-email", Name: "Send Email",
		Description: "Send an email from the connected Gmail account.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("gmail"),
			{Name: "notice", Type: pipedream.PropAlert, AlertType: pipedream.AlertWarning, Content: "The email is sent from the connected account, under its name."},
			{Name: "to", Type: pipedream.PropStringArray, Label: "To", Description: "Recipients' email addresses."},
			{Name: "subject", Type: pipedream.PropString, Label: "Subject"},
			{Name: "body", Type: pipedream.PropString, Label: "Body", Description: "Plain text."},
		},
	}, false)
	send.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("gmail")
		to := c.Strings("to")
		for _, addr := range to {
			if _, err := mail.ParseAddress(addr); err != nil {
				return Result{}, fmt.Errorf("invalid To address %q", addr)
			}
		}
		toAny := make([]any, len(to))
		for i, t := range to {
			toAny[i] = t
		}
		r, err := p.AddRecord(c.Ctx, a, provider.GmailMessages, "", map[string]any{
			"from": "me", "to": toAny, "subject": c.String("subject"), "body": c.String("body"), "labels": []any{"SENT"},
		})
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: fmt.Sprintf("Sent %q to %s", c.String("subject"), strings.Join(to, ", ")),
			Ret: map[string]any{"id": r.ID, "threadId": r.ID, "labelIds": []string{"SENT"}}}, nil
	}
	list := action(pipedream.Component{
		Key: "gmail-list-messages", Name: "List Messages",
		Description: "List messages, newest first, optionally matching a search.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("gmail"),
			{Name: "q", Type: pipedream.PropString, Label: "Search", Description: "Text in the subject, body or sender.", Optional: true},
			maxProp(10),
		},
	}, true)
	list.Run = func(c *Call) (Result, error) {
		recs, err := listRecords(c, p, "gmail", provider.GmailMessages, c.String("q"), int(c.Int("max")), "subject", "body", "from")
		if err != nil {
			return Result{}, err
		}
		msgs := make([]any, len(recs))
		for i, r := range recs {
			m := map[string]any{"id": r.ID, "internalDate": r.Created.UnixMilli()}
			for k, v := range r.Fields {
				m[k] = v
			}
			msgs[i] = m
		}
		return Result{Summary: fmt.Sprintf("Found %d messages", len(msgs)), Ret: map[string]any{"messages": msgs, "resultSizeEstimate": len(msgs)}}, nil
	}
	return []*Definition{send, list}
}

func stripeActions(p *provider.Provider) []*Definition {
	create := action(pipedream.Component{
		Key: "stripe-create-customer", Name: "Create Customer",
		Description: "Create a customer.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("stripe"),
			{Name: "email", Type: pipedream.PropString, Label: "Email"},
			{Name: "name", Type: pipedream.PropString, Label: "Name", Optional: true},
			{Name: "metadata", Type: pipedream.PropObject, Label: "Metadata", Description: "Key-value pairs to store with the customer.", Optional: true},
		},
	}, false)
	create.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("stripe")
		if _, err := mail.ParseAddress(c.String("email")); err != nil {
			return Result{}, fmt.Errorf("invalid email address: %s", c.String("email"))
		}
		meta := c.Object("metadata")
		if meta == nil {
			meta = map[string]any{}
		}
		r, err := p.AddRecord(c.Ctx, a, provider.StripeCustomers, "cus_", map[string]any{"email": c.String("email"), "name": c.String("name"), "metadata": meta})
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: "Created customer " + r.ID, Ret: stripeCustomer(r)}, nil
	}
	list := action(pipedream.Component{
		Key: "stripe-list-customers", Name: "List Customers",
		Description: "List customers, newest first, optionally by email.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("stripe"),
			{Name: "email", Type: pipedream.PropString, Label: "Email", Optional: true},
			maxProp(10),
		},
	}, true)
	list.Run = func(c *Call) (Result, error) {
		recs, err := listRecords(c, p, "stripe", provider.StripeCustomers, c.String("email"), int(c.Int("max")), "email")
		if err != nil {
			return Result{}, err
		}
		data := make([]any, len(recs))
		for i, r := range recs {
			data[i] = stripeCustomer(r)
		}
		return Result{Summary: fmt.Sprintf("Found %d customers", len(data)), Ret: map[string]any{"object": "list", "data": data, "has_more": false}}, nil
	}
	return []*Definition{create, list}
}

func stripeCustomer(r provider.Record) map[string]any {
	return map[string]any{"id": r.ID, "object": "customer", "created": r.Created.Unix(), "email": r.Fields["email"], "name": r.Fields["name"], "metadata": r.Fields["metadata"]}
}

func todoistActions(p *provider.Provider) []*Definition {
	type opts = map[string]func(*Call) (pipedream.ConfigurePropResult, error)
	create := action(pipedream.Component{
		Key: "todoist-create-task", Name: "Create Task",
		Description: "Add a task to a project.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("todoist"),
			{Name: "project", Type: pipedream.PropString, Label: "Project", RemoteOptions: true, Optional: true, Default: "Inbox"},
			{Name: "content", Type: pipedream.PropString, Label: "Task"},
			{Name: "priority", Type: pipedream.PropInteger, Label: "Priority", Optional: true, Default: 1, Options: []pipedream.PropOption{
				{Label: "Normal", Value: 1}, {Label: "Medium", Value: 2}, {Label: "High", Value: 3}, {Label: "Urgent", Value: 4},
			}},
			{Name: "labels", Type: pipedream.PropStringArray, Label: "Labels", Optional: true},
		},
	}, false)
	create.Options = opts{"project": func(c *Call) (pipedream.ConfigurePropResult, error) {
		a, err := c.Account("todoist")
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		projects, err := p.Records(c.Ctx, a, provider.TodoistProjects)
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		names := make([]string, len(projects))
		for i, pr := range projects {
			names[len(projects)-1-i] = fmt.Sprint(pr.Fields["name"])
		}
		return pipedream.ConfigurePropResult{StringOptions: names}, nil
	}}
	create.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("todoist")
		labels := []any{}
		for _, l := range c.Strings("labels") {
			labels = append(labels, l)
		}
		r, err := p.AddRecord(c.Ctx, a, provider.TodoistTasks, "", map[string]any{
			"content": c.String("content"), "priority": c.Int("priority"), "labels": labels, "completed": false, "project": c.String("project"),
		})
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: "Created task " + c.String("content"), Ret: todoistTask(r)}, nil
	}
	list := action(pipedream.Component{
		Key: "todoist-list-tasks", Name: "List Tasks",
		Description: "List open tasks, newest first.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("todoist"),
			{Name: "include_completed", Type: pipedream.PropBoolean, Label: "Include Completed Tasks", Optional: true, Default: false},
			maxProp(50),
		},
	}, true)
	list.Run = func(c *Call) (Result, error) {
		recs, err := listRecords(c, p, "todoist", provider.TodoistTasks, "", 1000)
		if err != nil {
			return Result{}, err
		}
		out := []any{}
		for _, r := range recs {
			if len(out) < int(c.Int("max")) && (c.Bool("include_completed") || r.Fields["completed"] != true) {
				out = append(out, todoistTask(r))
			}
		}
		return Result{Summary: fmt.Sprintf("Found %d tasks", len(out)), Ret: out}, nil
	}
	complete := action(pipedream.Component{
		Key: "todoist-complete-task", Name: "Complete Task",
		Description: "Mark a task as done.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("todoist"),
			{Name: "task_id", Type: pipedream.PropString, Label: "Task", RemoteOptions: true},
		},
	}, false)
	complete.Options = opts{"task_id": func(c *Call) (pipedream.ConfigurePropResult, error) {
		if _, err := c.Account("todoist"); err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		recs, err := listRecords(c, p, "todoist", provider.TodoistTasks, "", 1000)
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		all := []pipedream.PropOption{}
		for _, r := range recs {
			if r.Fields["completed"] != true {
				all = append(all, pipedream.PropOption{Label: fmt.Sprint(r.Fields["content"]), Value: r.ID})
			}
		}
		return pageOptions(c, all, optionsPage), nil
	}}
	complete.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("todoist")
		r, err := p.SetRecordField(c.Ctx, a, provider.TodoistTasks, c.String("task_id"), "completed", true)
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: fmt.Sprintf("Completed %v", r.Fields["content"]), Ret: todoistTask(r)}, nil
	}
	return []*Definition{create, list, complete}
}

func todoistTask(r provider.Record) map[string]any {
	return map[string]any{"id": r.ID, "created_at": r.Created, "content": r.Fields["content"], "priority": r.Fields["priority"],
		"labels": r.Fields["labels"], "is_completed": r.Fields["completed"], "project": r.Fields["project"]}
}

func hubspotActions(p *provider.Provider) []*Definition {
	create := action(pipedream.Component{
		Key: "hubspot-create-contact", Name: "Create Contact",
		Description: "Create a CRM contact.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("hubspot"),
			{Name: "email", Type: pipedream.PropString, Label: "Email"},
			{Name: "firstname", Type: pipedream.PropString, Label: "First Name", Optional: true},
			{Name: "lastname", Type: pipedream.PropString, Label: "Last Name", Optional: true},
			{Name: "lifecyclestage", Type: pipedream.PropString, Label: "Lifecycle Stage", Optional: true, Default: "lead", Options: []pipedream.PropOption{
				{Label: "Subscriber", Value: "subscriber"}, {Label: "Lead", Value: "lead"}, {Label: "Opportunity", Value: "opportunity"}, {Label: "Customer", Value: "customer"},
			}},
			{Name: "properties", Type: pipedream.PropObject, Label: "More Properties", Optional: true},
		},
	}, false)
	create.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("hubspot")
		email := c.String("email")
		if _, err := mail.ParseAddress(email); err != nil {
			return Result{}, fmt.Errorf("invalid email address: %s", email)
		}
		existing, err := listRecords(c, p, "hubspot", provider.HubSpotContacts, "", 10000)
		if err != nil {
			return Result{}, err
		}
		for _, r := range existing {
			if strings.EqualFold(fmt.Sprint(r.Fields["email"]), email) {
				return Result{}, &provider.ConflictError{What: "contact", ID: email}
			}
		}
		props := map[string]any{"lifecyclestage": c.String("lifecyclestage")}
		for k, v := range c.Object("properties") {
			props[k] = v
		}
		r, err := p.AddRecord(c.Ctx, a, provider.HubSpotContacts, "", map[string]any{
			"email": email, "firstname": c.String("firstname"), "lastname": c.String("lastname"), "properties": props,
		})
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: "Created contact " + email, Ret: hubspotContact(r)}, nil
	}
	search := action(pipedream.Component{
		Key: "hubspot-search-contacts", Name: "Search Contacts",
		Description: "Find contacts by name or email.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("hubspot"),
			{Name: "query", Type: pipedream.PropString, Label: "Search", Optional: true},
			maxProp(10),
		},
	}, true)
	search.Run = func(c *Call) (Result, error) {
		recs, err := listRecords(c, p, "hubspot", provider.HubSpotContacts, c.String("query"), int(c.Int("max")), "email", "firstname", "lastname")
		if err != nil {
			return Result{}, err
		}
		out := make([]any, len(recs))
		for i, r := range recs {
			out[i] = hubspotContact(r)
		}
		return Result{Summary: fmt.Sprintf("Found %d contacts", len(out)), Ret: map[string]any{"total": len(out), "results": out}}, nil
	}
	return []*Definition{create, search}
}

func hubspotContact(r provider.Record) map[string]any {
	props := map[string]any{"email": r.Fields["email"], "firstname": r.Fields["firstname"], "lastname": r.Fields["lastname"]}
	if more, ok := r.Fields["properties"].(map[string]any); ok {
		for k, v := range more {
			props[k] = v
		}
	}
	return map[string]any{"id": r.ID, "createdAt": r.Created, "properties": props}
}
