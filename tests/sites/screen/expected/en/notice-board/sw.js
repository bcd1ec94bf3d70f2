/* The e-bulletin screen's service worker (made by wardsite): the page
 * from the network when it answers, else the last copy kept, so a kiosk
 * restarted without network still shows the last notices. */
"use strict";
const CACHE = "wardsite-screen-1 " + self.registration.scope;
const PAGE = new URL("./", self.registration.scope).href;
self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.add(PAGE)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) =>
    k.startsWith("wardsite-screen-") && k.endsWith(" " + self.registration.scope) && k !== CACHE)
    .map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});
self.addEventListener("fetch", (e) => {
  const r = e.request;
  if (r.method !== "GET" || r.mode !== "navigate") return;
  e.respondWith(fetch(r).then((resp) => {
    if (resp.ok && resp.type === "basic") {
      const copy = resp.clone();
      e.waitUntil(caches.open(CACHE).then((c) => c.put(PAGE, copy)));
      return resp;
    }
    return caches.match(PAGE).then((kept) => kept || resp);
  }, () => caches.match(PAGE).then((kept) => kept || Response.error())));
});
