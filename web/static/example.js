// example.js: the script of /example (no inline scripts: the app's CSP
// forbids them). It shows the widget's two ways in: the JavaScript API
// (with preload) and the <pipedream-connect> element (which preloads on
// hover, focus and touch).
(async () => {
  "use strict";
  const log = document.getElementById("log");
  const show = (what, payload) => {
    log.textContent += what + " " + JSON.stringify(payload) + "\n";
  };

  // The signed-in user, and where the hosted Connect UI lives: the origin
  // of the Connect Link a token comes with (the sandbox in development).
  const session = await fetch("/api/session").then((r) => r.json());
  const tokenCallback = async () => {
    const resp = await fetch("/api/connect/token", { method: "POST" });
    if (!resp.ok) throw new Error("token: " + resp.status);
    return resp.json();
  };
  const first = await tokenCallback();
  const frontendURL = new URL(first.connect_link_url).origin;

  // 1. The JavaScript API.
  let pending = first;
  const client = PipedreamConnect.createFrontendClient({
    externalUserId: session.external_user_id,
    frontendURL,
    tokenCallback: async () => {
      // Use the token fetched above once, then fresh ones.
      const t = pending;
      pending = null;
      return t || tokenCallback();
    },
  });
  // Load GitHub's hosted page out of sight now and after each flow: the
  // click then only shows it.
  const preload = () =>
    client.preload({ app: "github" }).then(
      () => show("preload", { app: "github", loaded: true }),
      (err) => show("preload", { code: err.code, message: err.message }),
    );
  preload();
  const button = document.getElementById("connect-github");
  button.disabled = false;
  button.addEventListener("click", () => {
    client.connectAccount({
      app: "github",
      onSuccess: (res) => show("onSuccess", res),
      onError: (err) => show("onError", { code: err.code, message: err.message }),
      onClose: (st) => {
        show("onClose", st);
        preload();
      },
    });
  });

  // 2. The element: point it at the same hosted UI, and listen to its events.
  const el = document.getElementById("connect-slack");
  el.setAttribute("frontend-url", frontendURL);
  for (const type of ["success", "error", "close"]) {
    el.addEventListener("pipedream-connect:" + type, (e) => show("pipedream-connect:" + type, e.detail));
  }
})();
