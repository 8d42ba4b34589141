package main

import (
	"html/template"
	"net/http"
	"strings"
)

// registerPages serves the home page (a login form, or the user's accounts
// and Connect buttons), its script and its stylesheet. Every page allows
// scripts and styles from its own origin only and frames from the hosted
// Connect UI only.
func registerPages(mux *http.ServeMux, l *logins, apps *catalog, frontendURL string) {
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
		homePage.Execute(w, map[string]any{"Name": name, "FrontendURL": frontendURL, "Buttons": apps.buttons(r.Context())})
	})
	static := func(path, contentType, body string) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.Write([]byte(body))
		})
	}
	static("/app.js", "text/javascript; charset=utf-8", appJS)
	static("/style.css", "text/css; charset=utf-8", styleCSS)
}

// head is what both pages' <head> start with: a phone shows them at its
// own width, in its light or dark scheme.
const head = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="/style.css">
<link rel="icon" href="data:,">
`

var loginPage = template.Must(template.New("login").Parse(head + `<title>Sign in</title></head>
<body><main>
<h1>Sign in</h1>
<form method="post" action="/login" class="row">
<label for="name">Name</label>
<input id="name" name="name" required pattern="[a-z0-9\-]{1,32}" autocomplete="username" autocapitalize="none" spellcheck="false">
<button>Sign in</button>
</form>
<p class="hint">Any name of a-z, 0-9 and -: it becomes your external_user_id.</p>
</main></body></html>
`))

var homePage = template.Must(template.New("home").Parse(head + `<title>Your accounts</title>
<script src="/widget.js"></script>
<script src="/app.js" defer></script>
</head>
<body><main>
<header class="row">
<h1>Hello, {{.Name}}</h1>
<form method="post" action="/logout"><button>Sign out</button></form>
</header>
<h2>Connect an account</h2>
<p class="row">{{range .Buttons}}<pipedream-connect app="{{.Slug}}"{{with .Name}} app-name="{{.}}"{{end}} token-url="/api/connect/token" frontend-url="{{$.FrontendURL}}"></pipedream-connect>{{end}}</p>
<p id="status" role="status"></p>
<h2>Your accounts</h2>
<ul id="accounts"></ul>
<p id="no-accounts" hidden>None yet.</p>
</main></body></html>
`))

// appJS lists the user's accounts through connecthttp's routes, again
// after each connection, and disconnects them.
const appJS = `"use strict";
const list = document.getElementById("accounts");
const none = document.getElementById("no-accounts");
const status = document.getElementById("status");

async function api(method, path) {
  const resp = await fetch("/api" + path, {method, headers: {Accept: "application/json"}});
  if (resp.status === 204) return null;
  const body = await resp.json();
  if (!resp.ok) throw new Error(body.error.message);
  return body;
}

function label(a) {
  const app = a.app ? a.app.name : a.id;
  return a.name ? app + ": " + a.name : app;
}

async function disconnect(a, button) {
  button.disabled = true;
  try {
    await api("DELETE", "/connect/accounts/" + encodeURIComponent(a.id));
    status.textContent = "Disconnected " + label(a) + ".";
  } catch (err) {
    status.textContent = "Could not disconnect " + label(a) + ": " + err.message;
    button.disabled = false;
  }
  refresh();
}

async function refresh() {
  try {
    const {data} = await api("GET", "/connect/accounts");
    list.replaceChildren(...data.map((a) => {
      const li = document.createElement("li");
      li.dataset.id = a.id;
      const name = document.createElement("span");
      name.textContent = label(a);
      const button = document.createElement("button");
      button.textContent = "Disconnect";
      button.setAttribute("aria-label", "Disconnect " + label(a));
      button.addEventListener("click", () => disconnect(a, button));
      li.append(name, button);
      return li;
    }));
    none.hidden = data.length > 0;
  } catch (err) {
    status.textContent = "Could not list your accounts: " + err.message;
  }
}

// The element's button says "Connect <name>": the name is what follows.
const appOf = (el) => el.querySelector("button").textContent.replace(/^Connect /, "");

document.addEventListener("pipedream-connect:success", (e) => {
  status.textContent = "Connected " + appOf(e.target) + ".";
  refresh();
});
document.addEventListener("pipedream-connect:error", (e) => {
  status.textContent = appOf(e.target) + " was not connected: " + e.detail.message;
});
refresh();
`

// styleCSS lays the page out for a phone first: one column, controls big
// enough for a finger, long names wrapping instead of overflowing.
const styleCSS = `:root {
  color-scheme: light dark;
  font: 16px/1.5 system-ui, sans-serif;
  --bg: #ffffff; --fg: #1f2937; --muted: #4b5563; --line: #d1d5db; --accent: #4338ca; --on-accent: #ffffff;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #111827; --fg: #f3f4f6; --muted: #d1d5db; --line: #374151; --accent: #a5b4fc; --on-accent: #111827; }
}
body { margin: 0; background: var(--bg); color: var(--fg); }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0; overflow-wrap: anywhere; }
h2 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
.row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
header.row { justify-content: space-between; }
button, input { font: inherit; min-height: 44px; box-sizing: border-box; border-radius: 0.5rem; }
button { padding: 0 1rem; border: 1px solid var(--accent); background: var(--bg); color: var(--fg); cursor: pointer; white-space: nowrap; }
pipedream-connect button { background: var(--accent); color: var(--on-accent); }
button:disabled { opacity: 0.6; cursor: default; }
button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
input { padding: 0 0.75rem; flex: 1 1 12rem; min-width: 0; border: 1px solid var(--muted); background: var(--bg); color: var(--fg); }
.hint { color: var(--muted); font-size: 0.875rem; }
#status:empty { display: none; }
#accounts { list-style: none; padding: 0; margin: 0; }
#accounts li { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; padding: 0.5rem 0; border-bottom: 1px solid var(--line); }
#accounts li span { overflow-wrap: anywhere; }
`
