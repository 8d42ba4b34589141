// The PWA's service worker (go-app's ServiceWorkerTemplate): it serves the
// app from its cache, first, and keeps one cache per version, named
// app-VERSION; before it reports itself activated it deletes the others.
// The page's update notice relies on both (internal/pwa's otherBuildActive).
//
// On a first visit the page registers it only once its start is over (see
// start.js), so its install, which caches everything the page uses, the
// wasm included, copies from the HTTP cache what the page has just
// downloaded (the URLs are content-hashed and immutable) instead of
// competing with the page's start for the network and the cores. Unlike
// go-app's default worker, its install waits for the caching to end.
const cacheName = "app-{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  // An event stream goes straight to the network: never cached, and it
  // must not keep the worker alive.
  if (event.request.headers.get("Accept") === "text/event-stream") return;
  event.respondWith(
    caches.match(event.request).then((hit) => hit || fetch(event.request))
  );
});
