package hosted

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are the page templates by name, each executed as "layout".
var pages = func() map[string]*template.Template {
	layout := template.Must(template.ParseFS(templateFS, "templates/layout.html"))
	out := map[string]*template.Template{}
	for _, name := range []string{"start", "pick", "consent", "keys", "result"} {
		out[name] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	return out
}()

// view is what a page shows.
type view struct {
	Title        string
	Project      string
	SupportEmail string
	User         string // the token's external_user_id
	App          *catalog.App
	Account      *store.Account // the account being reconnected
	State        params
	Origins      string // the allowed origins, as JSON, for the script
	Message      string // the message for the embedding page, as JSON

	Apps    []*catalog.App // pick: the apps to choose from
	Scopes  []string       // consent: the scopes asked for
	Fields  []field        // keys: the app's fields
	Success bool           // result: whether the flow succeeded
	Heading string         // result: the outcome
	Text    string         // result: the details
}

// field is one input of a keys app's form.
type field struct {
	catalog.Field
	ID    string // the input's id, "f_" + name, also its form name
	Value string // the value entered, kept for non-secret fields
	Error string // what is wrong with it
}

// OAuth reports whether the app connects through OAuth.
func (v view) OAuth() bool { return v.App != nil && v.App.AuthType == pipedream.AuthOAuth }

// Keys reports whether the app asks for keys.
func (v view) Keys() bool { return v.App != nil && v.App.AuthType == pipedream.AuthKeys }

// newView starts a view of tok's flow with state p.
func (h *Handler) newView(p params, tok store.Token, title string) view {
	allowed := allowedOrigins(tok)
	if allowed == nil {
		allowed = []string{}
	}
	origins, _ := json.Marshal(allowed)
	return view{
		Title:        title,
		Project:      h.opts.Project.Name,
		SupportEmail: h.opts.Project.SupportEmail,
		User:         tok.ExternalUserID,
		State:        p,
		Origins:      string(origins),
	}
}

// withMessage returns v carrying msg for the embedding page.
func (v view) withMessage(msg any) view {
	b, err := json.Marshal(msg)
	if err == nil {
		v.Message = string(b)
	}
	return v
}

// message is what the page posts to the embedding page.
type message struct {
	Type            string `json:"type"`
	AuthProvisionID string `json:"authProvisionId,omitempty"`
	Error           string `json:"error,omitempty"`
}

// render writes page name with v and status, with the headers of tok's
// flow.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, tok store.Token, v view) {
	var buf bytes.Buffer
	if err := pages[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		h.opts.Logger.ErrorContext(r.Context(), "hosted page failed", "page", name, "err", fmt.Errorf("render: %w", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	setPageHeaders(w, tok, v.State)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// problem ends the flow with an error page (or, for a Connect Link, the
// token's error_redirect_uri) and posts {type:"error"} to the embedding
// page. tok may be zero when the token is unknown.
func (h *Handler) problem(w http.ResponseWriter, r *http.Request, p params, tok store.Token, status int, heading, text string) {
	if p.ConnectLink && tok.ErrorRedirectURI != "" {
		setPageHeaders(w, tok, p)
		http.Redirect(w, r, tok.ErrorRedirectURI, http.StatusSeeOther)
		return
	}
	v := h.newView(p, tok, heading).withMessage(message{Type: "error", Error: text})
	v.Heading, v.Text = heading, text
	h.render(w, r, status, "result", tok, v)
}
