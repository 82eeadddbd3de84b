// Service worker of a hosted copy of the page (registered by js/host.js on http(s), never on
// file://): after the first visit the page works offline.
//  - install: caches the page's own files, listed by scripts/build in pkg/files.json;
//  - fetch: GET requests for files under this worker's scope are answered from the network first
//    (so a new version is seen at once) and from the cache when the network fails. Nothing else
//    is touched: other origins (the page makes no such request) go straight to the network and
//    are never cached. Files the user analyses are read from disk by the page and never pass here.
const CACHE = 'callscore-page';
const scope = self.registration.scope;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const res = await fetch(new URL('pkg/files.json', scope), { cache: 'no-store' });
    const { files } = await res.json();
    const cache = await caches.open(CACHE);
    const urls = ['./', ...files].map((f) => new URL(f, scope).href);
    await cache.addAll(urls.map((u) => new Request(u, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(scope)) return;
  event.respondWith((async () => {
    try {
      const res = await fetch(req);
      if (res.ok && res.type === 'basic') {
        const copy = res.clone();
        event.waitUntil(caches.open(CACHE).then((c) => c.put(req, copy)));
      }
      return res;
    } catch (offline) {
      const hit = await caches.match(req, { ignoreSearch: true, cacheName: CACHE });
      if (hit) return hit;
      throw offline;
    }
  })());
});
