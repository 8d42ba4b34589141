// The hosted Connect page's messages to the page embedding it: the result
// the server rendered into data-message, and {type:"close"} from the Close
// button (shown only where it can work). Messages go only to the token's
// allowed origins (data-origins), never to the wildcard. It also keeps a form from being sent twice, which
// would spend the token on the first send and fail the second.
(() => {
  "use strict";
  const body = document.body;
  const framed = window.parent !== window;
  const allowed = JSON.parse(body.dataset.origins || "[]");

  // targets are the allowed origins the embedding page may have: its own
  // when the browser tells it, else every allowed one (postMessage
  // delivers only to the one that matches).
  function targets() {
    const ancestors = location.ancestorOrigins;
    if (ancestors && ancestors.length > 0) {
      return allowed.includes(ancestors[0]) ? [ancestors[0]] : [];
    }
    let referrer = "";
    try {
      referrer = new URL(document.referrer).origin;
    } catch {
      // no referrer
    }
    return allowed.includes(referrer) ? [referrer] : allowed;
  }

  function post(msg) {
    if (!framed) return;
    for (const origin of targets()) {
      window.parent.postMessage(msg, origin);
    }
  }

  if (body.dataset.message) {
    post(JSON.parse(body.dataset.message));
  }
  for (const form of document.forms) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.sent) {
        event.preventDefault();
      }
      form.dataset.sent = "true";
    });
  }
  window.addEventListener("pageshow", () => {
    for (const form of document.forms) {
      delete form.dataset.sent;
    }
  });
  let closer = null;
  for (const button of document.querySelectorAll("[data-close]")) {
    // A Connect Link opened from a QR code or a message is a tab no
    // script opened, which a script cannot close: a Close there would do
    // nothing. The person closes the tab as any other.
    if (!framed && !window.opener) {
      button.hidden = true;
      continue;
    }
    closer = button;
    button.addEventListener("click", () => {
      if (framed) {
        post({ type: "close" });
      } else {
        window.close();
      }
    });
  }
  // Escape does what Close does, where there is one (a dialog's Escape).
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && closer && !event.defaultPrevented) {
      closer.click();
    }
  });

  // The page's first control takes the focus whenever the page gets it
  // and nothing in it has it: when the embedding page focuses the iframe
  // (on Connect, and after each step, which loads a new page), and then a
  // field the server marked (autofocus, which a cross-origin frame does
  // not honour) comes first.
  function focusFirst() {
    const active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return;
    const first = document.querySelector("[autofocus]") ||
      [...document.querySelectorAll("main input:not([type=hidden]), main select, main button, main a[href]")]
        .find((el) => !el.disabled && el.getClientRects().length > 0);
    if (first) first.focus();
  }
  window.addEventListener("focus", focusFirst);
  if (document.hasFocus()) focusFirst();
})();
