// Package agentcheck holds tests that use the app as agents do, from
// outside the project: the official MCP TypeScript SDK over streamable
// HTTP against /api/mcp (testdata/tsclient), and the official Go SDK's
// client over stdio against bin/server -mcp-stdio, with a person's agent
// key and accounts connected through Connect Links.
package agentcheck
