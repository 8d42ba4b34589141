package hosted

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pdconnect/pdconnect/server/internal/ratelimit"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/account"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/catalog"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/store"
	"github.com/pdconnect/pdconnect/server/internal/sandbox/validate"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// maxForm bounds a posted form.
const maxForm = 64 << 10

// MsgAccessDenied is the error of a flow the user denied at the provider.
const MsgAccessDenied = "access was denied at the sign-in page"

// form reads and validates a step's posted state. On failure it answers
// and returns false.
func (h *Handler) form(w http.ResponseWriter, r *http.Request) (params, validate.Result, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		h.problem(w, r, params{}, store.Token{}, http.StatusBadRequest, "Request refused", "the form could not be read")
		return params{}, validate.Result{}, false
	}
	p, err := parseParams(r.PostForm)
	if err != nil {
		h.problem(w, r, params{}, store.Token{}, http.StatusBadRequest, "Request refused", err.Error())
		return params{}, validate.Result{}, false
	}
	res, ok := h.check(w, r, p, false)
	if ok {
		if allowed, wait := h.attempts.Allow(r.Context(), res.Token.Token, h.opts.Now()); !allowed {
			w.Header().Set("Retry-After", ratelimit.RetryAfter(wait))
			h.problem(w, r, p, res.Token, http.StatusTooManyRequests, "Too many attempts",
				"This link was tried too many times in a minute. Wait a moment and try again.")
			return p, res, false
		}
	}
	return p, res, ok
}

// proceed serves the Continue of the first page: the provider's consent
// page for OAuth apps, the fields of keys apps, and at once the account
// for apps without auth.
func (h *Handler) proceed(w http.ResponseWriter, r *http.Request) {
	p, res, ok := h.form(w, r)
	if !ok {
		return
	}
	switch res.App.AuthType {
	case pipedream.AuthOAuth:
		v := h.newView(p, res.Token, "Sign in to "+res.App.Name)
		v.App = res.App
		v.Scopes, _ = res.App.Scopes(p.ScopeProfile)
		h.render(w, r, http.StatusOK, "consent", res.Token, v)
	case pipedream.AuthKeys:
		h.keysForm(w, r, http.StatusOK, p, res, fields(res.App, nil, nil))
	default:
		h.connect(w, r, p, res, account.Request{App: res.App, Token: res.Token, Replace: res.Account})
	}
}

// formFor is form for a step of apps of one auth type (how names it in the
// refusal): another app's form is refused.
func (h *Handler) formFor(w http.ResponseWriter, r *http.Request, auth pipedream.AuthType, how string) (params, validate.Result, bool) {
	p, res, ok := h.form(w, r)
	if ok && res.App.AuthType != auth {
		h.problem(w, r, p, res.Token, http.StatusBadRequest, "Request refused", res.App.Name+" does not use "+how)
		return p, res, false
	}
	return p, res, ok
}

// authorize serves the provider consent page's Allow and Deny.
func (h *Handler) authorize(w http.ResponseWriter, r *http.Request) {
	p, res, ok := h.formFor(w, r, pipedream.AuthOAuth, "OAuth")
	if !ok {
		return
	}
	switch r.PostForm.Get("decision") {
	case "allow":
		h.connect(w, r, p, res, account.Request{App: res.App, Token: res.Token, ScopeProfile: p.ScopeProfile, Replace: res.Account})
	case "deny":
		account.Fail(h.opts.Hooks, res.Token, p.Session, MsgAccessDenied)
		h.problem(w, r, p, res.Token, http.StatusOK, "Connection failed", MsgAccessDenied)
	default:
		h.problem(w, r, p, res.Token, http.StatusBadRequest, "Request refused", "decision must be allow or deny")
	}
}

// keys serves a keys app's submitted fields: the account when they are
// right, else the form again with what is wrong.
func (h *Handler) keys(w http.ResponseWriter, r *http.Request) {
	p, res, ok := h.formFor(w, r, pipedream.AuthKeys, "keys")
	if !ok {
		return
	}
	values := make(map[string]string, len(res.App.Fields))
	for _, f := range res.App.Fields {
		values[f.Name] = r.PostForm.Get("f_" + f.Name)
	}
	h.connect(w, r, p, res, account.Request{App: res.App, Token: res.Token, Values: values, Replace: res.Account})
}

// keysForm shows a keys app's fields.
func (h *Handler) keysForm(w http.ResponseWriter, r *http.Request, status int, p params, res validate.Result, fs []field) {
	v := h.newView(p, res.Token, "Connect your "+res.App.Name+" account")
	v.App, v.Account, v.Fields = res.App, res.Account, fs
	h.render(w, r, status, "keys", res.Token, v)
}

// fields are app's inputs with the values entered (secrets are never
// shown again) and the error of the one that is wrong.
func fields(app *catalog.App, values map[string]string, bad *catalog.FieldError) []field {
	out := make([]field, len(app.Fields))
	for i, f := range app.Fields {
		out[i] = field{Field: f, ID: "f_" + f.Name}
		if !f.Secret {
			out[i].Value = values[f.Name]
		}
		if bad != nil && bad.Field == f.Name {
			// The field's hint shows below it: the error does not
			// repeat it.
			out[i].Error = bad.Label + " " + strings.TrimSuffix(bad.Message, ": "+f.Hint) + "."
		}
	}
	return out
}

// connect ends the flow with the account r describes: the result page
// posting {type:"success"} to the embedding page, or for a Connect Link
// the token's success_redirect_uri. Fields a keys app refuses (checked by
// account.Build) show its form again.
func (h *Handler) connect(w http.ResponseWriter, r *http.Request, p params, res validate.Result, req account.Request) {
	a, err := account.Connect(r.Context(), h.opts.Store, h.opts.Hooks, req, p.Session, h.opts.Now())
	var fieldErr *catalog.FieldError
	switch {
	case errors.As(err, &fieldErr):
		h.keysForm(w, r, http.StatusUnprocessableEntity, p, res, fields(res.App, req.Values, fieldErr))
		return
	case errors.Is(err, account.ErrWrongApp):
		h.problem(w, r, p, res.Token, http.StatusBadRequest, "Connection failed", validate.MsgAccountMismatch)
		return
	case validate.TokenMessage(err) != "":
		msg := validate.TokenMessage(err)
		h.problem(w, r, p, res.Token, statusOf(msg), "This link can't be used", msg)
		return
	case errors.Is(err, account.ErrScopeProfile):
		h.problem(w, r, p, res.Token, http.StatusBadRequest, "This link can't be used", err.Error())
		return
	case err != nil:
		h.internal(w, r, fmt.Errorf("hosted: connect: %w", err))
		return
	}
	if p.ConnectLink && res.Token.SuccessRedirectURI != "" {
		setPageHeaders(w, res.Token, p)
		http.Redirect(w, r, res.Token.SuccessRedirectURI, http.StatusSeeOther)
		return
	}
	v := h.newView(p, res.Token, "Connected").withMessage(message{Type: "success", AuthProvisionID: a.ID})
	v.App, v.Success = res.App, true
	v.Heading = "Connected"
	v.Text = fmt.Sprintf("Your %s account is now connected to %s.", res.App.Name, h.opts.Project.Name)
	h.render(w, r, http.StatusOK, "result", res.Token, v)
}
