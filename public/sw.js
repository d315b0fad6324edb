// The technician app's service worker (issue 19), for pages under /monteur.
// Pages: from the network when there is one (and kept), else the kept copy,
// so that the day and its visits open without a connection after one visit
// online. The app's code, styles and icons: the kept copy at once, renewed
// behind it when the server has a newer one. Server functions (POST) are never cached:
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

// The app page tells which of the app's files it loaded (on the first
// visit, before this worker could see them load): kept unless already
// kept, so that a kept page can start without a connection.
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'keep-assets' || !Array.isArray(data.urls)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(ASSETS);
    for (const path of data.urls) {
      const url = new URL(path, self.location.origin);
      if (url.origin !== self.location.origin || !isAsset(url)) continue;
      if (await cache.match(url.href, { ignoreVary: true })) continue;
      try {
        // Past the HTTP cache: a page loading the same file meanwhile must
        // not wait on (or be cut off with) this copy.
        const res = await fetch(url.href, { cache: 'no-store' });
        if (res.ok) await cache.put(url.href, res);
      } catch (e) { /* offline: kept on the next load */ }
    }
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
        return (await cache.match(req, { ignoreVary: true })) ||
          (await cache.match(req, { ignoreSearch: true, ignoreVary: true })) ||
          (await cache.match('/monteur', { ignoreSearch: true })) ||
          Response.error();
      }
    })());
    return;
  }
  if (isAsset(url)) {
    event.respondWith((async () => {
      const cache = await caches.open(ASSETS);
      const kept = await cache.match(req, { ignoreVary: true });
      if (kept) {
        // Renewed behind it only when the server has a newer file (304
        // otherwise): replacing an entry while the page still reads it
        // would cut that read short.
        const since = kept.headers.get('last-modified');
        event.waitUntil(fetch(req.url, since ? { headers: { 'if-modified-since': since } } : {})
          .then((res) => (res.status === 200 ? cache.put(req.url, res) : null))
          .catch(() => {}));
        return kept;
      }
      // Not kept yet: the page asks for it to be kept once it has loaded
      // ('keep-assets'), so a copy is never written while it is read.
      return fetch(req);
    })());
  }
});

// Background Sync (issue 19): the app asks for a 'field-outbox' sync when
// something it recorded could not be sent. The browser fires it when the
// connection is back, even if the app is closed by then. An open app page
// does the sending itself (app/src/portals/monteur/queue.rs); with none
// open, the worker sends the queued steps (not the photos: those wait for
// the app, and so does a signature whose visit still has photos waiting,
// as queue::sendable decides) and records the answers where the app reads
// them. The store is the app's own (app/js/field_queue.js: same name and
// version).
const FIELD_DB = 'chargecars-field';
const FIELD_DB_VERSION = 1;

self.addEventListener('sync', (event) => {
  if (event.tag === 'field-outbox') event.waitUntil(sendOutbox());
});

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function sendOutbox() {
  const pages = await self.clients.matchAll({ type: 'window' });
  if (pages.length > 0) {
    for (const page of pages) page.postMessage({ type: 'field-sync' });
    return;
  }
  const open = indexedDB.open(FIELD_DB, FIELD_DB_VERSION);
  open.onupgradeneeded = () => open.transaction.abort();
  const db = await request(open);
  try {
    const all = await request(db.transaction('outbox', 'readonly').objectStore('outbox').getAll());
    all.sort((a, b) => a.seq - b.seq);
    const queued = all.filter((e) => e.state === 'queued');
    const waitingPhotos = new Set(queued.filter((e) => e.photo).map((e) => e.visit_id));
    const batch = [];
    for (const e of queued) {
      if (!e.command) continue;
      if (e.command.action.step === 'complete' && waitingPhotos.has(e.visit_id)) break;
      batch.push(e.command);
      if (batch.length === 100) break;
    }
    if (batch.length === 0) return;
    const res = await fetch('/api/field/sync', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ commands: batch }),
    });
    // Not answered: the browser fires the sync again later.
    if (!res.ok) throw new Error(`field sync answered ${res.status}`);
    const replies = await res.json();
    const tx = db.transaction('outbox', 'readwrite');
    const store = tx.objectStore('outbox');
    for (const r of replies) {
      const e = all.find((x) => x.id === r.id);
      if (!e) continue;
      if (r.outcome === 'applied') {
        e.state = 'applied';
        e.code = null;
      } else if (r.outcome === 'conflict') {
        e.state = 'conflict';
        e.code = r.code;
      } else {
        e.state = 'invalid';
        e.code = (r.fields || []).join(',');
      }
      store.put(e);
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}
