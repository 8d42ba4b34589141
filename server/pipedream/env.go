package pipedream

import "cmp"

// The environment variables of the official quickstart, which ConfigFromEnv
// reads.
const (
	EnvClientID       = "PIPEDREAM_CLIENT_ID"
	EnvClientSecret   = "PIPEDREAM_CLIENT_SECRET"
	EnvProjectID      = "PIPEDREAM_PROJECT_ID"
	EnvEnvironment    = "PIPEDREAM_PROJECT_ENVIRONMENT" // default Development
	EnvAPIURL         = "PIPEDREAM_API_URL"             // default DefaultBaseURL
	EnvWorkflowDomain = "PIPEDREAM_WORKFLOW_DOMAIN"     // default DefaultWorkflowDomain
)

// ConfigFromEnv reads a Config from the quickstart's variables through
// getenv (os.Getenv, or a lookup in a .env file); New checks what it read.
func ConfigFromEnv(getenv func(string) string) Config {
	return Config{
		ClientID:       getenv(EnvClientID),
		ClientSecret:   getenv(EnvClientSecret),
		ProjectID:      getenv(EnvProjectID),
		Environment:    cmp.Or(Environment(getenv(EnvEnvironment)), Development),
		BaseURL:        cmp.Or(getenv(EnvAPIURL), DefaultBaseURL),
		WorkflowDomain: cmp.Or(getenv(EnvWorkflowDomain), DefaultWorkflowDomain),
	}
}
