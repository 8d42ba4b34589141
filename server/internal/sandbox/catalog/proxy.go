package catalog

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

// credential says where the Connect proxy puts a keys app's secret: in
// header, as scheme + " " + value (no scheme: the bare value). With two
// fields the value is HTTP Basic's base64 of "first:second". A field "=x"
// stands for the literal x and "" for an empty value.
type credential struct {
	header, scheme string
	fields         []string
}

// proxyEntry is an app's Connect proxy configuration: the API base a
// relative target resolves against, the hosts a target may name (each
// allows itself and its subdomains) and, for keys apps, the credential.
type proxyEntry struct {
	base    string
	domains []string
	cred    credential
}

// bearer, header and basic build credentials.
func bearer(field string) credential       { return credential{"Authorization", "Bearer", []string{field}} }
func header(name, field string) credential { return credential{name, "", []string{field}} }
func basic(user, password string) credential {
	return credential{"Authorization", "Basic", []string{user, password}}
}

// proxies lists the apps the proxy serves. Apps missing here (databases,
// apps whose API host differs per account, apps without auth) are not
// proxy-enabled. OAuth apps always send Authorization: Bearer.
var proxies = map[string]proxyEntry{
	"slack":               {"https://slack.com", []string{"slack.com"}, credential{}},
	"google_sheets":       {"https://sheets.googleapis.com/v4", []string{"googleapis.com"}, credential{}},
	"github":              {"https://api.github.com", []string{"api.github.com", "uploads.github.com"}, credential{}},
	"notion":              {"https://api.notion.com/v1", []string{"api.notion.com"}, credential{}},
	"hubspot":             {"https://api.hubapi.com", []string{"hubapi.com"}, credential{}},
	"gmail":               {"https://gmail.googleapis.com/gmail/v1", []string{"googleapis.com"}, credential{}},
	"google_drive":        {"https://www.googleapis.com/drive/v3", []string{"googleapis.com"}, credential{}},
	"discord":             {"https://discord.com/api", []string{"discord.com"}, credential{}},
	"airtable_oauth":      {"https://api.airtable.com/v0", []string{"api.airtable.com"}, credential{}},
	"asana":               {"https://app.asana.com/api/1.0", []string{"app.asana.com"}, credential{}},
	"trello":              {"https://api.trello.com/1", []string{"api.trello.com"}, credential{}},
	"jira":                {"https://api.atlassian.com", []string{"api.atlassian.com"}, credential{}},
	"confluence":          {"https://api.atlassian.com", []string{"api.atlassian.com"}, credential{}},
	"zoom":                {"https://api.zoom.us/v2", []string{"api.zoom.us"}, credential{}},
	"dropbox":             {"https://api.dropboxapi.com/2", []string{"dropboxapi.com"}, credential{}},
	"linear":              {"https://api.linear.app", []string{"api.linear.app"}, credential{}},
	"figma":               {"https://api.figma.com/v1", []string{"api.figma.com"}, credential{}},
	"google_calendar":     {"https://www.googleapis.com/calendar/v3", []string{"googleapis.com"}, credential{}},
	"google_docs":         {"https://docs.googleapis.com/v1", []string{"googleapis.com"}, credential{}},
	"google_forms":        {"https://forms.googleapis.com/v1", []string{"googleapis.com"}, credential{}},
	"google_analytics":    {"https://analyticsdata.googleapis.com/v1beta", []string{"googleapis.com"}, credential{}},
	"youtube_data_api":    {"https://www.googleapis.com/youtube/v3", []string{"googleapis.com"}, credential{}},
	"microsoft_outlook":   {"https://graph.microsoft.com/v1.0", []string{"graph.microsoft.com"}, credential{}},
	"microsoft_teams":     {"https://graph.microsoft.com/v1.0", []string{"graph.microsoft.com"}, credential{}},
	"microsoft_onedrive":  {"https://graph.microsoft.com/v1.0", []string{"graph.microsoft.com"}, credential{}},
	"intercom":            {"https://api.intercom.io", []string{"api.intercom.io"}, credential{}},
	"pipedrive":           {"https://api.pipedrive.com/v1", []string{"api.pipedrive.com"}, credential{}},
	"calendly_v2":         {"https://api.calendly.com", []string{"api.calendly.com"}, credential{}},
	"typeform":            {"https://api.typeform.com", []string{"api.typeform.com"}, credential{}},
	"monday":              {"https://api.monday.com/v2", []string{"api.monday.com"}, credential{}},
	"clickup":             {"https://api.clickup.com/api/v2", []string{"api.clickup.com"}, credential{}},
	"todoist":             {"https://api.todoist.com/rest/v2", []string{"api.todoist.com"}, credential{}},
	"box":                 {"https://api.box.com/2.0", []string{"api.box.com", "upload.box.com"}, credential{}},
	"quickbooks":          {"https://quickbooks.api.intuit.com/v3", []string{"api.intuit.com"}, credential{}},
	"xero_accounting_api": {"https://api.xero.com/api.xro/2.0", []string{"api.xero.com"}, credential{}},
	"zoho_crm":            {"https://www.zohoapis.com/crm/v2", []string{"zohoapis.com"}, credential{}},
	"linkedin":            {"https://api.linkedin.com/v2", []string{"api.linkedin.com"}, credential{}},
	"twitter":             {"https://api.twitter.com/2", []string{"api.twitter.com", "api.x.com"}, credential{}},
	"spotify":             {"https://api.spotify.com/v1", []string{"api.spotify.com"}, credential{}},
	"gitlab":              {"https://gitlab.com/api/v4", []string{"gitlab.com"}, credential{}},
	"bitbucket":           {"https://api.bitbucket.org/2.0", []string{"api.bitbucket.org"}, credential{}},
	"basecamp":            {"https://3.basecampapi.com", []string{"basecampapi.com"}, credential{}},
	"webflow":             {"https://api.webflow.com/v2", []string{"api.webflow.com"}, credential{}},
	"pagerduty":           {"https://api.pagerduty.com", []string{"api.pagerduty.com"}, credential{}},
	"sentry":              {"https://sentry.io/api/0", []string{"sentry.io"}, credential{}},
	"facebook_pages":      {"https://graph.facebook.com", []string{"graph.facebook.com"}, credential{}},
	"instagram_business":  {"https://graph.facebook.com", []string{"graph.facebook.com"}, credential{}},
	"reddit":              {"https://oauth.reddit.com", []string{"oauth.reddit.com"}, credential{}},
	"docusign":            {"https://account.docusign.com", []string{"docusign.com", "docusign.net"}, credential{}},

	"stripe":             {"https://api.stripe.com/v1", []string{"api.stripe.com"}, bearer("api_key")},
	"openai":             {"https://api.openai.com/v1", []string{"api.openai.com"}, bearer("api_key")},
	"twilio":             {"https://api.twilio.com/2010-04-01", []string{"api.twilio.com"}, basic("accountSid", "authToken")},
	"sendgrid":           {"https://api.sendgrid.com/v3", []string{"api.sendgrid.com"}, bearer("api_key")},
	"linear_app":         {"https://api.linear.app", []string{"api.linear.app"}, header("Authorization", "api_key")},
	"anthropic":          {"https://api.anthropic.com/v1", []string{"api.anthropic.com"}, header("x-api-key", "api_key")},
	"mailgun":            {"https://api.mailgun.net/v3", []string{"api.mailgun.net", "api.eu.mailgun.net"}, credential{"Authorization", "Basic", []string{"=api", "api_key"}}},
	"postmark":           {"https://api.postmarkapp.com", []string{"api.postmarkapp.com"}, header("X-Postmark-Server-Token", "server_api_token")},
	"datadog":            {"https://api.datadoghq.com/api", []string{"datadoghq.com", "datadoghq.eu", "ddog-gov.com"}, header("DD-API-KEY", "api_key")},
	"cloudflare_api_key": {"https://api.cloudflare.com/client/v4", []string{"api.cloudflare.com"}, bearer("api_token")},
	"google_gemini":      {"https://generativelanguage.googleapis.com/v1beta", []string{"generativelanguage.googleapis.com"}, header("x-goog-api-key", "api_key")},
	"mistral_ai":         {"https://api.mistral.ai/v1", []string{"api.mistral.ai"}, bearer("api_key")},
	"groqcloud":          {"https://api.groq.com/openai/v1", []string{"api.groq.com"}, bearer("api_key")},
	"perplexity":         {"https://api.perplexity.ai", []string{"api.perplexity.ai"}, bearer("api_key")},
	"cohere":             {"https://api.cohere.com/v1", []string{"api.cohere.com"}, bearer("api_key")},
	"replicate":          {"https://api.replicate.com/v1", []string{"api.replicate.com"}, bearer("api_token")},
	"elevenlabs":         {"https://api.elevenlabs.io/v1", []string{"api.elevenlabs.io"}, header("xi-api-key", "api_key")},
	"pinecone":           {"https://api.pinecone.io", []string{"pinecone.io"}, header("Api-Key", "api_key")},
	"resend":             {"https://api.resend.com", []string{"api.resend.com"}, bearer("api_key")},
	"brevo":              {"https://api.brevo.com/v3", []string{"api.brevo.com"}, header("api-key", "api_key")},
	"mixpanel":           {"https://mixpanel.com/api", []string{"mixpanel.com"}, basic("service_account_username", "service_account_secret")},
	"segment":            {"https://api.segment.io/v1", []string{"api.segment.io"}, basic("write_key", "")},
}

// connect returns the app's wire connect object and its credential.
func connect(slug string, auth pipedream.AuthType) (*pipedream.AppConnect, credential) {
	p, ok := proxies[slug]
	if !ok {
		return &pipedream.AppConnect{AllowedDomains: []string{}}, credential{}
	}
	if auth == pipedream.AuthOAuth {
		p.cred = bearer("oauth_access_token")
	}
	return &pipedream.AppConnect{ProxyEnabled: true, AllowedDomains: slices.Clone(p.domains), BaseProxyTargetURL: p.base}, p.cred
}

// AllowsHost reports whether the proxy may send this app's requests to
// host (a hostname, without port): one of its allowed domains or a
// subdomain of one.
func (a *App) AllowsHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if !a.Connect.ProxyEnabled || host == "" || net.ParseIP(host) != nil {
		return false
	}
	for _, d := range a.Connect.AllowedDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// ErrNoCredential reports an account whose credentials lack what the
// proxy needs for its app.
var ErrNoCredential = errors.New("catalog: the account has no credential for the proxy")

// ProxyCredential returns where the proxy puts an account's credential:
// the header, its scheme ("" for a bare value) and the secret itself.
func (a *App) ProxyCredential(creds map[string]any) (header, scheme, secret string, err error) {
	c := a.cred
	if !a.Connect.ProxyEnabled || len(c.fields) == 0 {
		return "", "", "", fmt.Errorf("%w: %s is not proxy-enabled", ErrNoCredential, a.NameSlug)
	}
	vals := make([]string, len(c.fields))
	for i, f := range c.fields {
		if lit, ok := strings.CutPrefix(f, "="); ok {
			vals[i] = lit
			continue
		}
		if f == "" {
			continue
		}
		v, _ := creds[f].(string)
		if v == "" {
			return "", "", "", fmt.Errorf("%w: missing %s", ErrNoCredential, f)
		}
		vals[i] = v
	}
	secret = vals[0]
	if c.scheme == "Basic" {
		secret = base64.StdEncoding.EncodeToString([]byte(vals[0] + ":" + vals[1]))
	}
	return c.header, c.scheme, secret, nil
}
