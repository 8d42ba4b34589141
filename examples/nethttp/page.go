package main

import (
	"html/template"
	"net/http"
	"strings"
)

// registerPages serves the home page (a login form, or the user's accounts
// and Connect buttons) and its script. Every page allows scripts from its
// own origin only and frames from the hosted Connect UI only.
func registerPages(mux *http.ServeMux, l *logins, frontendURL string) {
	csp := strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"frame-src " + frontendURL,
		"img-src 'self' https: data:",
	}, "; ")
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		name, err := l.User(w, r)
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err != nil {
			loginPage.Execute(w, nil)
			return
		}
		homePage.Execute(w, map[string]any{"Name": name, "FrontendURL": frontendURL, "Apps": []string{"slack", "github", "openai"}})
	})
	mux.HandleFunc("GET /app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write([]byte(appJS))
	})
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body><main>
<h1>Sign in</h1>
<form method="post" action="/login">
<label>Name <input name="name" required pattern="[a-z0-9\-]{1,32}"></label>
<button>Sign in</button>
</form>
</main></body></html>
`))

var homePage = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your accounts</title>
<script src="/widget.js"></script>
<script src="/app.js" defer></script>
</head>
<body><main>
<h1>Hello, {{.Name}}</h1>
<form method="post" action="/logout"><button>Sign out</button></form>
<h2>Connect an account</h2>
<p>{{range .Apps}}<pipedream-connect app="{{.}}" token-url="/api/connect/token" frontend-url="{{$.FrontendURL}}"></pipedream-connect> {{end}}</p>
<p id="status" role="status"></p>
<h2>Your accounts</h2>
<ul id="accounts"></ul>
</main></body></html>
`))

// appJS lists the user's accounts through connecthttp's routes, again
// after each connection, and disconnects them.
const appJS = `"use strict";
const list = document.getElementById("accounts");
const status = document.getElementById("status");

async function api(method, path) {
  const resp = await fetch("/api" + path, {method, headers: {Accept: "application/json"}});
  if (resp.status === 204) return null;
  const body = await resp.json();
  if (!resp.ok) throw new Error(body.error.code + ": " + body.error.message);
  return body;
}

async function refresh() {
  try {
    const {data} = await api("GET", "/connect/accounts");
    list.replaceChildren(...data.map((a) => {
      const li = document.createElement("li");
      li.dataset.id = a.id;
      const button = document.createElement("button");
      button.textContent = "Disconnect";
      button.addEventListener("click", () => api("DELETE", "/connect/accounts/" + encodeURIComponent(a.id)).then(refresh, show));
      li.append((a.app ? a.app.name : a.id) + (a.name ? " (" + a.name + ") " : " "), button);
      return li;
    }));
  } catch (err) {
    show(err);
  }
}

function show(err) {
  status.textContent = err.message;
}

document.addEventListener("pipedream-connect:success", () => { status.textContent = "Connected."; refresh(); });
document.addEventListener("pipedream-connect:error", (e) => show(e.detail));
refresh();
`
