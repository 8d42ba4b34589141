// widget.js: Pipedream Connect for any web page, backed by Go compiled to
// WebAssembly (github.com/pdconnect/pdconnect/wasm/connect, built from wasm/widget).
//
//   <script src="https://your-app.example/widget.js"></script>
//
// defines globalThis.PipedreamConnect:
//   ready                       a Promise, resolved once the client can run
//   createFrontendClient(opts)  the official SDK's options: externalUserId,
//                               tokenCallback, token, frontendHost; plus
//                               frontendURL (scheme included)
//     .connectAccount(opts)     app, token, oauthAppId, appOverrideId,
//                               accountId, hideClose, oauthScopeProfile,
//                               customOauthClient, onSuccess, onError, onClose
//     .preload(opts)            loads the hosted page for connectAccount's
//                               options out of sight (a Promise, settled once
//                               it has loaded, or rejected with a coded
//                               Error), so that a connectAccount with the
//                               same options shows it at once
//     .prefetch()               gets a token ahead of the click
//     .close()                  ends the open flow, drops the preload and
//                               takes the spare iframe out of the page
// and the <pipedream-connect app="slack" token-url="/api/connect/token">
// element, a "Connect Slack" button that fires pipedream-connect:success,
// pipedream-connect:error and pipedream-connect:close events, and preloads
// its flow when the button is hovered, focused or touched.
//
// Each client keeps one spare iframe at the end of document.body, blank (no
// src: nothing is fetched, no token spent), not displayed, inert and
// aria-hidden, which a click shows on the hosted page instead of adding an
// iframe. close() takes it away; prefetch() or the next flow's
// end bring it back. An element closes its client when it leaves the page
// or its attributes name another one.
//
// The loader and the wasm come from the server that served this script.
// A page with a Content-Security-Policy must allow this server in
// script-src and connect-src, 'wasm-unsafe-eval' in script-src, and the
// hosted UI in frame-src (https://pipedream.com, or the sandbox).
(() => {
  "use strict";
  if (globalThis.PipedreamConnect) return;

  // Where to get the Go loader and the bundle, relative to this script's
  // URL, in order. The server puts their content-hashed URLs first, which
  // browsers keep for good; a copy of this script cached from before a
  // deploy names hashes the server no longer has, and falls back to the
  // plain paths.
  const WASM_EXEC_PATHS = ["/wasm_exec.js"];
  const WASM_PATHS = ["/web/widget.wasm"];

  const script = document.currentScript;
  const base = new URL(script && script.src ? script.src : location.href);

  // Go's loader, wasm_exec.js, sets globals: Node-like fs, process and path
  // stubs, and the Go class. Other scripts on the page must not meet them:
  // libraries take a global process for Node and read process.env (the
  // official SDK does). The Go runtime reads them only while it starts (as
  // syscall's package variables) and to print a crash, so they exist only
  // then.
  const GO_GLOBALS = ["fs", "process", "path", "Go"];

  function globalsNow() {
    const d = {};
    for (const k of GO_GLOBALS) d[k] = Object.getOwnPropertyDescriptor(globalThis, k);
    return d;
  }

  function setGlobals(d) {
    for (const k of GO_GLOBALS) {
      if (d[k]) Object.defineProperty(globalThis, k, d[k]);
      else delete globalThis[k];
    }
  }

  // withGoGlobals runs fn with the loader's globals in place of the page's.
  function withGoGlobals(goGlobals, fn) {
    const page = globalsNow();
    setGlobals(goGlobals);
    try {
      return fn();
    } finally {
      setGlobals(page);
    }
  }

  // madeByLoader recognizes, by name, the stubs and the class that Go's
  // loader puts in globals (its wasm_exec.js comes with the Go that built
  // the bundle). It defines fs, process and path only when they are absent,
  // and Go always.
  const madeByLoader = {
    fs: (v) => !!v && !!v.constants && v.constants.O_WRONLY === -1 && typeof v.writeSync === "function",
    process: (v) => !!v && v.pid === -1 && v.ppid === -1 && typeof v.getuid === "function",
    path: (v) => !!v && typeof v.resolve === "function" && Object.keys(v).length === 1,
    Go: (v) => typeof v === "function" && !!v.prototype && typeof v.prototype._resume === "function",
  };

  // loadGo runs the Go loader's script from the first of urls that loads,
  // and resolves with the globals it used, which are gone from the page
  // before any other script runs. While that script is on its way other
  // scripts run and may set globals of those names (a bundle's process
  // shim, say): those stay, and the loader uses them as it would have had
  // they been there first. (Only a Go global set then is lost: the loader
  // replaces any.)
  function loadGo(urls) {
    return new Promise((resolve, reject) => {
      const next = (i) => {
        const before = globalsNow();
        const s = document.createElement("script");
        s.src = urls[i];
        s.async = true;
        s.onload = () => {
          const goGlobals = globalsNow();
          const page = {};
          for (const k of GO_GLOBALS) {
            const d = goGlobals[k];
            const changed = d && "value" in d && !(before[k] && before[k].value === d.value);
            page[k] = changed && madeByLoader[k](d.value) ? before[k] : d;
          }
          setGlobals(page);
          resolve(goGlobals);
        };
        s.onerror = () => {
          s.remove();
          if (i + 1 < urls.length) next(i + 1);
          else reject(new Error("PipedreamConnect: cannot load " + urls[i]));
        };
        document.head.appendChild(s);
      };
      next(0);
    });
  }

  // compile fetches and compiles the bundle from the first of urls that
  // answers. It starts at once, alongside the Go loader's script, so that a
  // page waits for one round trip to this server instead of two in a row.
  async function compile(urls) {
    let resp;
    let failure;
    for (const url of urls) {
      resp = await fetch(url).catch((err) => {
        failure = err;
        return null;
      });
      if (resp && resp.ok) break;
      if (resp) failure = new Error("PipedreamConnect: cannot load " + url + ": " + resp.status);
    }
    if (!resp || !resp.ok) throw failure;
    try {
      return await WebAssembly.compileStreaming(resp);
    } catch (err) {
      // A wrong Content-Type breaks streaming compilation: compile the bytes.
      const again = await fetch(resp.url);
      return WebAssembly.compile(await again.arrayBuffer());
    }
  }

  const ready = new Promise((resolve, reject) => {
    globalThis.__pipedreamConnectReady = () => {
      delete globalThis.__pipedreamConnectReady;
      resolve(globalThis.__pipedreamConnectGo);
    };
    const urls = (paths) => paths.map((p) => new URL(p, base).href);
    Promise.all([compile(urls(WASM_PATHS)), loadGo(urls(WASM_EXEC_PATHS))])
      .then(([module, goGlobals]) => {
        const go = new goGlobals.Go.value();
        const imports = go.importObject.gojs;
        const write = imports["runtime.wasmWrite"];
        imports["runtime.wasmWrite"] = (sp) => withGoGlobals(goGlobals, () => write(sp));
        // go.run returns once main blocks, after the package inits and the
        // call to __pipedreamConnectReady.
        return WebAssembly.instantiate(module, go.importObject).then((instance) =>
          withGoGlobals(goGlobals, () => go.run(instance)),
        );
      })
      // go.run settles only when the Go program ends: before ready, it failed.
      .then(() => reject(new Error("PipedreamConnect: the client exited before it was ready")), reject);
  }).then(() => undefined);

  function connectError(message, code) {
    const err = new Error(message);
    err.name = "ConnectError";
    err.code = code;
    return err;
  }

  // fields packs connectAccount's options other than the callbacks for the
  // Go client into one string, as it reads them (each JavaScript value Go
  // reads costs the click a few microseconds): app, oauthAppId,
  // appOverrideId, accountId, oauthScopeProfile and token (strings, else
  // empty), hideClose and customOauthClient ("1" when truthy), NUL-separated.
  // It throws a coded Error when the options are unusable.
  function fields(o) {
    if (!o || typeof o !== "object") throw connectError("connectAccount needs an options object", "invalid_options");
    if (typeof o.app !== "string") throw connectError("app must be a string", "invalid_options");
    const v = ["app", "oauthAppId", "appOverrideId", "accountId", "oauthScopeProfile", "token"].map((k) =>
      typeof o[k] === "string" ? o[k] : "",
    );
    if (v.some((s) => s.includes("\0"))) throw connectError("an option holds a NUL character", "invalid_options");
    v.push(o.hideClose ? "1" : "", o.customOauthClient ? "1" : "");
    return v.join("\0");
  }

  function createFrontendClient(opts) {
    opts = opts || {};
    const frontendURL = opts.frontendURL || (opts.frontendHost ? "https://" + opts.frontendHost : "");
    const externalUserId = opts.externalUserId || "";
    let go = null;
    let id = null;
    const made = ready.then(() => {
      go = globalThis.__pipedreamConnectGo;
      const res = go.newClient({
        frontendURL,
        token: typeof opts.token === "string" ? opts.token : "",
        tokenCallback: typeof opts.tokenCallback === "function" ? opts.tokenCallback : undefined,
        externalUserId,
      });
      if (typeof res !== "number") throw res;
      id = res;
    });
    made.catch(() => {});

    // start calls the Go client at once when it is ready (so a click opens
    // the iframe in its own task), else once it is.
    function start(fn) {
      if (id !== null) return Promise.resolve(fn());
      return made.then(fn);
    }

    return {
      get externalUserId() {
        return externalUserId;
      },
      connectAccount(o) {
        const onError = o && typeof o.onError === "function" ? o.onError : null;
        return start(
          () =>
            new Promise((resolve) => {
              const settle = (err) => {
                if (err && onError) onError(err);
                resolve();
              };
              // Called as a plain function: Go then reads no object for
              // its this, which would cost the click.
              const call = go.connectAccount;
              const res = call(id, o, fields(o), settle);
              if (res !== undefined) settle(res);
            }),
        ).catch((err) => {
          if (onError) onError(err instanceof Error ? err : connectError(String(err), "invalid_options"));
        });
      },
      preload(o) {
        return start(
          () =>
            new Promise((resolve, reject) => {
              go.preload(id, o, fields(o), (err) => (err ? reject(err) : resolve()));
            }),
        );
      },
      prefetch() {
        start(() => go.prefetch(id)).catch(() => {});
      },
      close() {
        start(() => go.close(id)).catch(() => {});
      },
    };
  }

  globalThis.PipedreamConnect = { ready, createFrontendClient };

  // appName prettifies a slug: google_sheets -> Google Sheets.
  function appName(slug) {
    return slug
      .split(/[_\-\s]+/)
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(" ");
  }

  class PipedreamConnectElement extends HTMLElement {
    static get observedAttributes() {
      return ["app", "label", "app-name", "token-url", "frontend-url", "external-user-id"];
    }

    connectedCallback() {
      if (!this._button) {
        this._button = document.createElement("button");
        this._button.type = "button";
        this._button.addEventListener("click", () => this.connect());
        for (const type of ["pointerenter", "focus", "touchstart"]) {
          this._button.addEventListener(type, () => this.preload(), { passive: true });
        }
        this.appendChild(this._button);
      }
      this._render();
      this._client().prefetch();
    }

    disconnectedCallback() {
      if (this._cli && !this._open) this._cli.close();
    }

    attributeChangedCallback(name) {
      if (name === "token-url" || name === "frontend-url" || name === "external-user-id") {
        // An open flow's client closes when the flow ends.
        if (this._cli && !this._open) this._cli.close();
        this._cli = null;
      }
      this._render();
    }

    _render() {
      if (!this._button) return;
      const app = this.getAttribute("app") || "";
      const name = this.getAttribute("label") || this.getAttribute("app-name") || appName(app);
      this._button.textContent = "Connect " + name;
    }

    _client() {
      if (!this._cli) {
        const tokenURL = this.getAttribute("token-url") || "";
        this._cli = createFrontendClient({
          frontendURL: this.getAttribute("frontend-url") || "",
          externalUserId: this.getAttribute("external-user-id") || "",
          tokenCallback: async () => {
            if (!tokenURL) throw connectError("the token-url attribute is missing", "invalid_options");
            const resp = await fetch(tokenURL, {
              method: "POST",
              credentials: "include",
              headers: { Accept: "application/json" },
            });
            const body = await resp.json().catch(() => null);
            if (!resp.ok || !body) {
              const msg = body && body.error && body.error.message;
              throw new Error("POST " + tokenURL + ": " + resp.status + (msg ? ": " + msg : ""));
            }
            return body;
          },
        });
      }
      return this._cli;
    }

    _fire(type, detail) {
      this.dispatchEvent(new CustomEvent("pipedream-connect:" + type, { detail, bubbles: true, composed: true }));
    }

    // preload loads the element's flow out of sight, unless it is open.
    preload() {
      if (this._open) return;
      this._client()
        .preload({ app: this.getAttribute("app") || "" })
        .catch(() => {});
    }

    // connect opens the flow for the element's app.
    connect() {
      if (this._open) return;
      this._open = true;
      this._button.disabled = true;
      this._button.setAttribute("aria-busy", "true");
      const client = this._client();
      const done = () => {
        this._open = false;
        this._button.disabled = false;
        this._button.removeAttribute("aria-busy");
      };
      client.connectAccount({
        app: this.getAttribute("app") || "",
        onSuccess: (res) => this._fire("success", { id: res.id }),
        onError: (err) => {
          // Only the hosted page's errors (connect_error) come from an open
          // flow, which ends with a close; any other means it never opened.
          if (err.code !== "connect_error") done();
          this._fire("error", { code: err.code || "error", message: err.message });
        },
        onClose: (st) => {
          done();
          this._fire("close", st);
          if (client === this._cli && this.isConnected) client.prefetch();
          else client.close();
        },
      });
    }
  }

  if (globalThis.customElements && !customElements.get("pipedream-connect")) {
    customElements.define("pipedream-connect", PipedreamConnectElement);
  }
})();
