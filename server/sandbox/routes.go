package sandbox

import "net/http"

// routes builds the sandbox's HTTP handler.
func (s *Sandbox) routes() http.Handler {
	// Project routes share the 5-segment shape of the public ones
	// (/v1/connect/apps/{id} vs /v1/connect/{project_id}/accounts), so they
	// live on their own mux behind authentication and the environment check.
	project := http.NewServeMux()
	project.HandleFunc("POST /v1/connect/{project_id}/tokens", s.inProject(s.createToken))
	project.HandleFunc("/", notFound)

	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/oauth/token", s.oauthToken)
	mux.Handle("/v1/connect/", s.authenticated(withEnvironment(project)))
	mux.HandleFunc("/", notFound)
	return mux
}
