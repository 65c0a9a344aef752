// The field app's service worker (served by field.views.service_worker at the app's own
// address, so its scope is the app). It keeps the app's shell on the phone: the page, its
// scripts, styles and icons. The page is asked of the network first and taken from the cache
// when there is no answer; the static files, whose names change with their content in
// production, come from the cache first. The API's answers are never cached here: the figures
// live in the app's IndexedDB, where the app decides what to keep.
"use strict";

const VERSION = {{ version|safe }};
const CACHE = "policycredit-field-" + VERSION;
const SHELL = {{ shell|safe }};
const SCOPE = {{ scope|safe }};
const PRECACHE = {{ precache|safe }};
const STATIC_PREFIX = {{ static_prefix|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("policycredit-field-") && name !== CACHE)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

async function shellFirstFromNetwork(request) {
  const cache = await caches.open(CACHE);
  try {
    const answer = await fetch(request);
    if (answer.ok && !answer.redirected) {
      await cache.put(SHELL, answer.clone());
      return answer;
    }
    return (await cache.match(SHELL)) || answer;
  } catch (e) {
    const kept = await cache.match(SHELL);
    if (kept) return kept;
    throw e;
  }
}

async function staticFromCache(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const answer = await fetch(request);
  if (answer.ok) await cache.put(request, answer.clone());
  return answer;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && (url.pathname === SHELL || url.pathname === SCOPE)) {
    event.respondWith(shellFirstFromNetwork(request));
  } else if (url.pathname.startsWith(STATIC_PREFIX) || PRECACHE.includes(url.pathname)) {
    event.respondWith(staticFromCache(request));
  }
  // Everything else (the API above all) goes to the network as if there were no worker.
});
