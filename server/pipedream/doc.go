// Package pipedream is a client for Pipedream's Connect REST API: Connect
// tokens, accounts, users and the app catalog, authenticated with OAuth 2
// client credentials.
package pipedream
