// The technician app's durable store (issue 19), in IndexedDB: the queue
// of commands and photos waiting to be sent, what the server answered,
// and the last schedule seen (so the day opens without a connection).
// Rust calls these through wasm-bindgen (app/src/portals/monteur/queue.rs);
// values cross as JSON strings.

const DB_NAME = "chargecars-field";
const VERSION = 1;
let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        // Commands and photo uploads, keyed by the phone's UUID.
        if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "id" });
        // Any JSON by key (the cached schedule).
        if (!db.objectStoreNames.contains("cache")) db.createObjectStore("cache");
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => { opening = null; reject(req.error); };
    });
  }
  return opening;
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

// Stores (or replaces) an outbox entry; `json` holds at least `id` and `seq`.
export async function outboxPut(json) {
  const db = await open();
  const tx = db.transaction("outbox", "readwrite");
  tx.objectStore("outbox").put(JSON.parse(json));
  await done(tx);
}

// Every outbox entry, oldest first, as a JSON array.
export async function outboxAll() {
  const db = await open();
  const tx = db.transaction("outbox", "readonly");
  const req = tx.objectStore("outbox").getAll();
  await done(tx);
  const all = req.result || [];
  all.sort((a, b) => a.seq - b.seq);
  return JSON.stringify(all);
}

export async function cachePut(key, json) {
  const db = await open();
  const tx = db.transaction("cache", "readwrite");
  tx.objectStore("cache").put(json, key);
  await done(tx);
}

// The cached JSON under `key`, or "" when there is none.
export async function cacheGet(key) {
  const db = await open();
  const tx = db.transaction("cache", "readonly");
  const req = tx.objectStore("cache").get(key);
  await done(tx);
  return req.result || "";
}

export function newId() {
  return crypto.randomUUID();
}

export function isOnline() {
  return navigator.onLine;
}

// Asks the browser for a Background Sync: the service worker (public/sw.js)
// sends what waits once the connection is back, even with the app closed.
// False where the browser has no Background Sync (the app then sends on
// its next open, and every 15 s while it is open).
export async function requestBackgroundSync() {
  try {
    if (!("serviceWorker" in navigator)) return false;
    const reg = await Promise.race([
      navigator.serviceWorker.ready,
      new Promise((resolve) => setTimeout(() => resolve(null), 2000)),
    ]);
    if (!reg || !("sync" in reg)) return false;
    await reg.sync.register("field-outbox");
    return true;
  } catch (e) {
    return false;
  }
}

// Keeps pages for use without a connection (the service worker's page
// cache, public/sw.js): the next day's route and its visits open offline
// before they were ever opened. `json` is an array of same-origin paths.
export async function keepPages(json) {
  try {
    const cache = await caches.open("field-pages-v1");
    await cache.addAll(JSON.parse(json));
    return true;
  } catch (e) {
    return false;
  }
}

// On sign-out: forgets the kept pages (public/sw.js, cache 'field-pages-v1')
// and the kept schedules, so the next person on this phone sees nothing of
// them. The outbox stays: what was recorded and not yet sent is never lost.
export async function forgetCached() {
  try { await caches.delete("field-pages-v1"); } catch (e) { /* no Cache API */ }
  try {
    const db = await open();
    const tx = db.transaction("cache", "readwrite");
    tx.objectStore("cache").clear();
    await done(tx);
  } catch (e) { /* no IndexedDB */ }
}

// The phone's position on arrival as "lat,lng", if the technician allows
// it; "" when not, or when none comes within a few seconds (the step is
// recorded either way). Works without a connection.
export function position() {
  return new Promise((resolve) => {
    if (!("geolocation" in navigator)) return resolve("");
    const timer = setTimeout(() => resolve(""), 6000);
    navigator.geolocation.getCurrentPosition(
      (p) => { clearTimeout(timer); resolve(`${p.coords.latitude},${p.coords.longitude}`); },
      () => { clearTimeout(timer); resolve(""); },
      { enableHighAccuracy: true, timeout: 5000, maximumAge: 120000 },
    );
  });
}

// Calls `cb` when the service worker asks an open page to send.
export function onWorkerSync(cb) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (e) => {
    if (e.data && e.data.type === "field-sync") cb();
  });
}

// Installs the service worker for the technician's pages (public/sw.js),
// and keeps the app's code, styles and icons this page loaded in the
// worker's asset cache: on the very first visit the worker was not there
// yet to see them load, and without them a kept page cannot start offline.
export function registerWorker() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/monteur' }).catch(() => {});
  }
  keepAssets();
}

async function keepAssets() {
  try {
    if (!('serviceWorker' in navigator)) return;
    const own = (u) => u.origin === location.origin &&
      (u.pathname.startsWith('/pkg/') || u.pathname.startsWith('/style/') ||
       u.pathname === '/favicon.svg' || u.pathname === '/manifest.webmanifest');
    const urls = [...new Set(performance.getEntriesByType('resource')
      .map((e) => new URL(e.name))
      .filter(own)
      .map((u) => u.pathname + u.search))];
    const reg = await navigator.serviceWorker.ready;
    if (reg.active) reg.active.postMessage({ type: 'keep-assets', urls });
  } catch (e) { /* no service worker: nothing to keep them for */ }
}
