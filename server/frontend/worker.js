// The PWA's service worker (go-app's ServiceWorkerTemplate): it serves the
// app from its cache, first, and keeps one cache per version.
//
// Unlike go-app's default worker, it does not precache the wasm at install:
// on a first visit that copy would compete with the page compiling its own
// for the same two cores. The page asks for it once its start is over
// ({type: "pdconnect:precache"}, sent by pdconnect/wasm/ui when its first
// session answer or failure is in), and the worker then copies the bundle
// the page already has in the HTTP cache (its URL is content-hashed and
// immutable), so nothing is downloaded twice.
const cacheName = "app-{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const deferred = (url) => url.endsWith(".wasm");

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache.filter((u) => !deferred(u))))
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

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "pdconnect:precache") {
    event.waitUntil(precacheDeferred());
  }
});

async function precacheDeferred() {
  const cache = await caches.open(cacheName);
  for (const url of resourcesToCache.filter(deferred)) {
    if (!(await cache.match(url))) {
      await cache.add(url);
    }
  }
}

self.addEventListener("fetch", (event) => {
  event.respondWith(
    caches.match(event.request).then((hit) => hit || fetch(event.request))
  );
});
