package sandbox

import (
	"net/http"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/hosted"
)

// routes builds the sandbox's HTTP handler.
func (s *Sandbox) routes() http.Handler {
	// Project routes share the 5-segment shape of the public ones
	// (/v1/connect/apps/{id} vs /v1/connect/{project_id}/accounts), so they
	// live on their own mux behind authentication and the environment check.
	project := http.NewServeMux()
	p := "/v1/connect/{project_id}"
	project.HandleFunc("POST "+p+"/tokens", s.inProject(s.createToken))
	project.HandleFunc("GET "+p+"/accounts", s.inProject(s.listAccounts))
	project.HandleFunc("POST "+p+"/accounts", s.inProject(s.createAccount))
	project.HandleFunc("GET "+p+"/accounts/{account_id}", s.inProject(s.getAccount))
	project.HandleFunc("DELETE "+p+"/accounts/{account_id}", s.inProject(s.deleteAccount))
	project.HandleFunc("DELETE "+p+"/apps/{app_id}/accounts", s.inProject(s.deleteAppAccounts))
	project.HandleFunc("GET "+p+"/users", s.inProject(s.listUsers))
	project.HandleFunc("GET "+p+"/users/{external_user_id}/accounts", s.inProject(s.listUserAccounts))
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		project.HandleFunc(m+" "+p+"/proxy/{url_64}", s.inProject(s.proxy))
	}
	project.HandleFunc("DELETE "+p+"/users/{external_user_id}", s.inProject(s.deleteUser))
	s.registerComponents(project, p)
	s.triggerRoutes(project, p)
	project.HandleFunc("/", notFound)

	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/oauth/token", s.oauthToken)
	mux.HandleFunc("GET /v1/connect/tokens/{token}/validate", s.validateToken)
	mux.Handle("GET /v1/connect/apps", s.authenticated(http.HandlerFunc(s.listApps)))
	mux.Handle("GET /v1/connect/apps/{app_id}", s.authenticated(http.HandlerFunc(s.getApp)))
	mux.Handle("/v1/connect/", s.authenticated(withEnvironment(project)))
	s.registerBrowserComponents(mux)
	mux.HandleFunc("GET /img/{file}", s.appLogo)
	mux.HandleFunc("POST "+WorkflowPath+"{endpoint_id}", s.invokeWorkflow)
	hosted.New(hosted.Options{
		Store: s.store, Catalog: s.catalog, Hooks: s.hooks,
		Project: s.project(), Now: s.now, Logger: s.log,
	}).Register(mux)
	mux.HandleFunc("/", notFound)
	return s.logged(s.knownHost(mux))
}
