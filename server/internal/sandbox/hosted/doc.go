// Package hosted is the sandbox's hosted Connect page, /_static/connect.html:
// the flow an end user sees inside the Connect iframe or as a Connect Link.
//
// The page validates the token and app (validate.Check), shows the project
// and the app, and on Continue leads to a simulated provider consent page
// (OAuth apps, "Allow" / "Deny"), the app's fields (keys apps, checked on the
// server) or at once to the account (apps without auth). The flow's state
// travels in hidden form fields; the token is the credential, and every step
// validates it again. At the end the page posts {type:"success",
// authProvisionId} or {type:"error", error} to the embedding page, only to
// the token's allowed origins, which alone may frame it; "Close" posts
// {type:"close"}. A Connect Link (connectLink=true) redirects to the token's
// success or error redirect URI instead, when it has one.
package hosted
