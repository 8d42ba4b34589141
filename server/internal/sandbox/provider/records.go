package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"
)

// Record is one item of a simpler app: a Notion page, a Gmail message, a
// Stripe customer, a Todoist task, a HubSpot contact.
type Record struct {
	ID      string         `json:"id"`
	Created time.Time      `json:"created"`
	Fields  map[string]any `json:"fields"`
}

// Collections of records by app.
const (
	NotionPages     = "pages"
	GmailMessages   = "messages"
	StripeCustomers = "customers"
	TodoistTasks    = "tasks"
	TodoistProjects = "projects"
	HubSpotContacts = "contacts"
)

// seedRecords builds the collections of a's app, if it has any.
func seedRecords(a Account) map[string][]Record {
	r := rng(a, "records")
	at := func(h int) time.Time { return seedEpoch.Add(time.Duration(h) * time.Hour) }
	rec := func(prefix string, h int, f map[string]any) Record {
		return Record{ID: prefix + code(r, lowerDigits, 14), Created: at(h), Fields: f}
	}
	me := handle(a) + "@example.com"
	switch a.App {
	case "notion":
		return map[string][]Record{NotionPages: {
			rec("", 1, map[string]any{"title": "Team handbook", "content": "How we work: async first, written decisions.", "properties": map[string]any{}}),
			rec("", 5, map[string]any{"title": "Q4 roadmap", "content": "Ship components, triggers and the MCP server.", "properties": map[string]any{}}),
			rec("", 9, map[string]any{"title": "Meeting notes 2026-09-03", "content": "Decided to seed sandbox data per account.", "properties": map[string]any{}}),
		}}
	case "gmail":
		return map[string][]Record{GmailMessages: {
			rec("", 2, map[string]any{"from": "billing@example.com", "to": []any{me}, "subject": "Your invoice for September", "body": "Thanks for your payment.", "labels": []any{"INBOX"}}),
			rec("", 6, map[string]any{"from": "ada@example.com", "to": []any{me}, "subject": "Lunch on Friday?", "body": "The usual place at noon?", "labels": []any{"INBOX", "UNREAD"}}),
		}}
	case "stripe":
		return map[string][]Record{StripeCustomers: {
			rec("cus_", 3, map[string]any{"email": "ada@example.com", "name": "Ada Lovelace", "metadata": map[string]any{"plan": "pro"}}),
			rec("cus_", 7, map[string]any{"email": "grace@example.com", "name": "Grace Hopper", "metadata": map[string]any{}}),
		}}
	case "todoist":
		return map[string][]Record{
			TodoistProjects: {
				rec("", 0, map[string]any{"name": "Inbox"}),
				rec("", 0, map[string]any{"name": "Work"}),
				rec("", 0, map[string]any{"name": "Home"}),
			},
			TodoistTasks: {
				rec("", 4, map[string]any{"content": "Renew passport", "priority": 3, "labels": []any{"errands"}, "completed": false, "project": "Home"}),
				rec("", 8, map[string]any{"content": "Write the launch post", "priority": 4, "labels": []any{"writing"}, "completed": false, "project": "Work"}),
			},
		}
	case "hubspot":
		return map[string][]Record{HubSpotContacts: {
			rec("", 1, map[string]any{"email": "alan@example.com", "firstname": "Alan", "lastname": "Turing", "properties": map[string]any{"lifecyclestage": "lead"}}),
			rec("", 3, map[string]any{"email": "katherine@example.com", "firstname": "Katherine", "lastname": "Johnson", "properties": map[string]any{"lifecyclestage": "customer"}}),
		}}
	}
	return nil
}

// Records returns a collection of a's records, newest first.
func (p *Provider) Records(ctx context.Context, a Account, collection string) ([]Record, error) {
	var out []Record
	err := p.view(ctx, a, func(s *State) error {
		list, ok := s.Records[collection]
		if !ok {
			return fmt.Errorf("provider: %s accounts have no %s", a.App, collection)
		}
		for i := len(list) - 1; i >= 0; i-- {
			r := list[i]
			r.Fields = maps.Clone(r.Fields)
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// AddRecord adds a record with fields to a collection; idPrefix starts
// its id (e.g. "cus_").
func (p *Provider) AddRecord(ctx context.Context, a Account, collection, idPrefix string, fields map[string]any) (Record, error) {
	var rec Record
	err := p.update(ctx, a, func(s *State, changes *[]Change) error {
		if _, ok := s.Records[collection]; !ok {
			return fmt.Errorf("provider: %s accounts have no %s", a.App, collection)
		}
		if len(s.Records[collection]) >= maxRecords {
			return &LimitError{What: collection, Max: maxRecords}
		}
		rec = Record{ID: fmt.Sprintf("%ssbx%012d", idPrefix, p.next()), Created: p.now().UTC(), Fields: maps.Clone(fields)}
		s.Records[collection] = append(s.Records[collection], rec)
		*changes = append(*changes, Change{Kind: KindRecord, Key: collection, Item: rec})
		return nil
	})
	return rec, err
}

// SetRecordField sets one field of a record found by id.
func (p *Provider) SetRecordField(ctx context.Context, a Account, collection, id, field string, v any) (Record, error) {
	var rec Record
	err := p.update(ctx, a, func(s *State, changes *[]Change) error {
		list := s.Records[collection]
		for i := range list {
			if strings.EqualFold(list[i].ID, id) {
				list[i].Fields = maps.Clone(list[i].Fields)
				list[i].Fields[field] = v
				rec = list[i]
				*changes = append(*changes, Change{Kind: KindRecord, Key: collection, Item: rec})
				return nil
			}
		}
		return &NotFoundError{What: strings.TrimSuffix(collection, "s"), ID: id}
	})
	return rec, err
}
