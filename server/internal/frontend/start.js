(() => {
  const sw = navigator.serviceWorker;
  if (!sw || sw.controller) return;
  const register = sw.register.bind(sw);
  const idle = globalThis.requestIdleCallback || setTimeout;
  const started = new Promise((resolve) => addEventListener("pdconnect:started", () => idle(resolve), { once: true }));
  sw.register = (...args) => started.then(() => register(...args));
})();
