package pwa

// Actions the components post and the page's concerns handle; each one's
// value.
const (
	actionSearch      = "pdconnect/search"    // string: the query (catalog)
	actionSelect      = "pdconnect/select"    // App (catalog)
	actionCreateLink  = "pdconnect/link"      // nil (link)
	actionLoadSession = "pdconnect/session"   // nil: load the session again (session)
	actionClearLog    = "pdconnect/clear-log" // nil (flow)
	actionRunWith     = "pdconnect/run-with"  // connectui.Account: open "Run an action" (page.run)
	actionRunClose    = "pdconnect/run-close" // nil: close it (page.run)
	actionReachable   = "pdconnect/reachable" // nil: the server answers again (page)

	actionMintAgentKey   = "pdconnect/agent-key"        // nil (agents)
	actionRevokeAgentKey = "pdconnect/agent-key-revoke" // string: the key's id (agents)
)
