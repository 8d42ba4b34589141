package catalog

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

func TestCatalogContents(t *testing.T) {
	c := New("http://localhost:3001/")
	apps := c.Apps()
	if len(apps) < 60 {
		t.Fatalf("%d apps, want at least 60", len(apps))
	}
	for _, slug := range []string{"slack", "google_sheets", "github", "notion", "hubspot", "stripe", "openai", "gmail",
		"google_drive", "discord", "airtable_oauth", "asana", "trello", "jira", "salesforce_rest_api", "zoom", "dropbox",
		"shopify", "twilio", "sendgrid", "mailchimp", "linear", "figma", "anthropic", "http", "rss", "schedule"} {
		if _, ok := c.Lookup(slug); !ok {
			t.Errorf("missing app %s", slug)
		}
	}
	ids, auth := map[string]bool{}, map[pipedream.AuthType]int{}
	idPattern := regexp.MustCompile(`^app_[0-9A-Za-z]{8}$`)
	for i, a := range apps {
		if !idPattern.MatchString(a.ID) || ids[a.ID] {
			t.Errorf("%s: id %q malformed or duplicate", a.NameSlug, a.ID)
		}
		ids[a.ID] = true
		if byID, _ := c.Lookup(a.ID); byID == nil || byID.NameSlug != a.NameSlug {
			t.Errorf("%s: lookup by id failed", a.NameSlug)
		}
		if i > 0 && apps[i-1].FeaturedWeight < a.FeaturedWeight {
			t.Errorf("%s: not sorted by featured_weight", a.NameSlug)
		}
		if a.Name == "" || a.Description == "" || len(a.Categories) == 0 || a.ScopeProfiles == nil || a.FeaturedWeight <= 0 {
			t.Errorf("%s: incomplete app %+v", a.NameSlug, a)
		}
		if a.ImgSrc != "http://localhost:3001/img/"+a.NameSlug+".svg" {
			t.Errorf("%s: img_src %q", a.NameSlug, a.ImgSrc)
		}
		auth[a.AuthType]++
		full, _ := c.Lookup(a.NameSlug)
		if !regexp.MustCompile(`^#[0-9A-F]{6}$`).MatchString(full.Color) {
			t.Errorf("%s: colour %q", a.NameSlug, full.Color)
		}
		switch a.AuthType {
		case pipedream.AuthKeys:
			var fields []Field
			if err := json.Unmarshal([]byte(a.CustomFieldsJSON), &fields); err != nil || len(fields) == 0 {
				t.Errorf("%s: custom_fields_json %q: %v", a.NameSlug, a.CustomFieldsJSON, err)
			}
			for _, f := range fields {
				if f.Name == "" || f.Label == "" || f.Type != "string" {
					t.Errorf("%s: field %+v", a.NameSlug, f)
				}
			}
			if len(a.ScopeProfiles) != 0 {
				t.Errorf("%s: keys app with scope profiles", a.NameSlug)
			}
		case pipedream.AuthOAuth:
			if a.CustomFieldsJSON != "" {
				t.Errorf("%s: oauth app with custom fields", a.NameSlug)
			}
			for _, p := range a.ScopeProfiles {
				if (p.Name != "read_only" && p.Name != "read_write" && p.Name != "admin") || len(p.Scopes) == 0 {
					t.Errorf("%s: scope profile %+v", a.NameSlug, p)
				}
			}
		case pipedream.AuthNone:
		default:
			t.Errorf("%s: auth type %q", a.NameSlug, a.AuthType)
		}
	}
	if auth[pipedream.AuthOAuth] < 30 || auth[pipedream.AuthKeys] < 10 || auth[pipedream.AuthNone] < 3 {
		t.Errorf("auth types %v", auth)
	}
	// The wire forms are copies.
	apps[0].Categories[0] = "changed"
	if c.Apps()[0].Categories[0] == "changed" {
		t.Error("Apps shares memory with the catalog")
	}
}

func TestCheckFields(t *testing.T) {
	c := New("http://x")
	openai, _ := c.Lookup("openai")
	kept, err := openai.CheckFields(map[string]string{"api_key": "  sk-abcdefgh1234  "})
	if err != nil || kept["api_key"] != "sk-abcdefgh1234" || len(kept) != 1 {
		t.Fatalf("valid key: %v %v", kept, err)
	}
	for name, values := range map[string]map[string]string{
		"missing":  {},
		"format":   {"api_key": "pk-abcdefgh1234"},
		"optional": {"api_key": "sk-abcdefgh1234", "organization": "acme"},
		"unknown":  {"api_key": "sk-abcdefgh1234", "extra": "x"},
		"huge":     {"api_key": "sk-" + strings.Repeat("a", 5000)},
	} {
		_, err := openai.CheckFields(values)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Message == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err = openai.CheckFields(map[string]string{"api_key": "pk-x"})
	if !strings.Contains(err.Error(), "API Key") || !strings.Contains(err.Error(), "sk-") {
		t.Errorf("error %q lacks label or hint", err)
	}
	twilio, _ := c.Lookup("twilio")
	if _, err := twilio.CheckFields(map[string]string{
		"accountSid": "AC" + strings.Repeat("a1", 16), "authToken": strings.Repeat("f", 32),
	}); err != nil {
		t.Errorf("twilio: %v", err)
	}
}

func TestScopes(t *testing.T) {
	c := New("http://x")
	slack, _ := c.Lookup("slack")
	rw, ok := slack.Scopes("")
	want, _ := slack.Scopes("read_write")
	if !ok || strings.Join(rw, " ") != strings.Join(want, " ") || len(rw) == 0 {
		t.Fatalf("default scopes %v", rw)
	}
	if _, ok := slack.Scopes("owner"); ok {
		t.Fatal("unknown profile accepted")
	}
	http, _ := c.Lookup("http")
	if s, ok := http.Scopes(""); !ok || s == nil || len(s) != 0 {
		t.Fatalf("none app scopes %v %v", s, ok)
	}
}

func TestLogo(t *testing.T) {
	c := New("http://x")
	for _, a := range c.Apps() {
		full, _ := c.Lookup(a.NameSlug)
		svg := full.Logo()
		if err := xml.Unmarshal(svg, new(struct{})); err != nil {
			t.Fatalf("%s: logo is not XML: %v\n%s", a.NameSlug, err, svg)
		}
		if !bytes.Contains(svg, []byte(`fill="`+full.Color+`"`)) || !bytes.Contains(svg, []byte(">"+Initials(a.Name)+"</text>")) {
			t.Fatalf("%s: logo %s", a.NameSlug, svg)
		}
		if bytes.Contains(svg, []byte("http://x")) || bytes.Contains(svg, []byte("href")) {
			t.Fatalf("%s: logo refers to something external", a.NameSlug)
		}
	}
	mc, _ := c.Lookup("mailchimp")
	if !bytes.Contains(mc.Logo(), []byte(`fill="#1A1A1A"`)) {
		t.Error("light logo without dark initials")
	}
}

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{
		"Google Sheets": "GS", "Slack": "Sl", "OpenAI (ChatGPT)": "Op", "monday.com": "MC",
		"X": "X", "": "?", "HTTP / Webhook": "HW", "élan vital": "ÉV",
	} {
		if got := Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}
