// The technician app's service worker (issue 19), for pages under /monteur.
// Pages: from the network when there is one (and kept), else the kept copy,
// so that the day and its visits open without a connection after one visit
// online. The app's code, styles and icons: the kept copy at once, renewed
// from the network behind it. Server functions (POST) are never cached:
// the app keeps its own queue and schedule in IndexedDB.
const PAGES = 'field-pages-v1';
const ASSETS = 'field-assets-v1';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== PAGES && key !== ASSETS) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

function isAsset(url) {
  return url.pathname.startsWith('/pkg/') || url.pathname.startsWith('/style/') ||
    url.pathname === '/favicon.svg' || url.pathname === '/manifest.webmanifest';
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' && url.pathname.startsWith('/monteur')) {
    event.respondWith((async () => {
      try {
        const res = await fetch(req);
        if (res.ok) (await caches.open(PAGES)).put(req, res.clone());
        return res;
      } catch (e) {
        const cache = await caches.open(PAGES);
        return (await cache.match(req)) ||
          (await cache.match(req, { ignoreSearch: true })) ||
          (await cache.match('/monteur', { ignoreSearch: true })) ||
          Response.error();
      }
    })());
    return;
  }
  if (isAsset(url)) {
    event.respondWith((async () => {
      const cache = await caches.open(ASSETS);
      const kept = await cache.match(req);
      const fresh = fetch(req).then((res) => {
        if (res.ok) cache.put(req, res.clone());
        return res;
      });
      if (kept) {
        event.waitUntil(fresh.catch(() => {}));
        return kept;
      }
      return fresh;
    })());
  }
});
