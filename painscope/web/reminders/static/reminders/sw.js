// painscope service worker: shows reminder notifications and carries out their buttons.
// "Taken" / "Skip" log the dose through the signed one-reminder token in the (encrypted)
// push message; "Check in" and a tap on the body open the right page.
"use strict";

function showReminder(doc) {
  var actions = (doc.actions || []).slice(0, 2);
  return self.registration.showNotification(doc.title || "painscope", {
    body: doc.body || "",
    tag: doc.tag || "painscope",
    renotify: true,
    requireInteraction: doc.kind === "dose",
    actions: actions,
    data: { url: doc.url || "/", token: doc.token || "", act: doc.act || "/reminders/act/", kind: doc.kind || "" }
  });
}

function openPage(url) {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      var client = list[i];
      if ("navigate" in client && "focus" in client) {
        return client.navigate(url).then(function (c) { return (c || client).focus(); }).catch(function () {
          return self.clients.openWindow(url);
        });
      }
    }
    return self.clients.openWindow(url);
  }).catch(function () { return null; });
}

// One function for every button, so a test can call exactly what a click does.
function handleAction(action, data) {
  data = data || {};
  var target = data.url || "/";
  if (action === "checkin") { target = "/checkin/"; }
  if (!data.token || !data.act) { return openPage(target).then(function () { return { url: target }; }); }
  return fetch(data.act, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token: data.token, action: action || "open" })
  }).then(function (response) {
    return response.json().catch(function () { return {}; }).then(function (doc) {
      var url = (response.ok && doc.url) ? doc.url : target;
      return openPage(url).then(function () { return { ok: response.ok, url: url, message: doc.message || doc.error || "" }; });
    });
  }).catch(function () {
    return openPage(target).then(function () { return { ok: false, url: target }; });
  });
}
self.painscopeHandleAction = handleAction;
self.painscopeShowReminder = showReminder;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  var doc = {};
  try { doc = event.data ? event.data.json() : {}; } catch (e) { doc = { body: event.data ? event.data.text() : "" }; }
  event.waitUntil(showReminder(doc));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(handleAction(event.action || "", event.notification.data));
});

// -- working without a connection ---------------------------------------------------------
// The check-in and medication pages, the overview and the files they need are kept in a cache
// when they load, so the app opens without a connection. A check-in or dose posted while
// offline is kept in the outbox (outbox.js, IndexedDB) and the person goes back to the page
// they came from; the pages send the outbox when the connection returns (offline.js).
// The outbox script's address and the list of shell files are filled in by the view that serves this file.
importScripts("__PAINSCOPE_OUTBOX__");
var SHELL_CACHE = "painscope-shell-v1";
var SHELL = __PAINSCOPE_SHELL__;
var KEPT_PAGES = [/^\/$/, /^\/checkin\/$/, /^\/medications\/$/];
var KEPT_POSTS = [{ path: /^\/checkin\/$/, kind: "checkin" }, { path: /^\/medications\/\d+\/log\/$/, kind: "dose" }];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return Promise.all(SHELL.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) { return cache.put(url, response); }
        return null;
      }).catch(function () { return null; });
    }));
  }));
});

function keepable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

function offlineFallback(request) {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || cache.match("/offline/");
    });
  }).then(function (hit) {
    return hit || new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  });
}

function backTo(request, kind, fields) {
  var next = self.painscopeOutbox.field(fields, "next");
  if (kind === "dose" && next && next.charAt(0) === "/" && next.charAt(1) !== "/") { return next; }
  return kind === "dose" ? "/medications/" : "/checkin/";
}

function keepPost(request, kind) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return self.painscopeOutbox.keepRequest(copy, kind).then(function (item) {
      return Response.redirect(new URL(backTo(request, kind, item.fields), self.location.origin).href, 303);
    }).catch(function () { return offlineFallback(new Request("/offline/")); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST") {
    if (request.headers.get("X-Painscope-Sync")) { return; }
    for (var i = 0; i < KEPT_POSTS.length; i++) {
      if (KEPT_POSTS[i].path.test(url.pathname)) { event.respondWith(keepPost(request, KEPT_POSTS[i].kind)); return; }
    }
    return;
  }
  if (request.method !== "GET") { return; }
  var isPage = request.mode === "navigate";
  // The scripts' words (/jsi18n/, Django's JavaScript catalogue) are kept like the scripts.
  var isShellFile = url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/assets/") === 0 ||
    url.pathname === "/jsi18n/";
  if (!isPage && !isShellFile) { return; }
  var keep = isShellFile || KEPT_PAGES.some(function (re) { return re.test(url.pathname); });
  // Network first (never an old page when the site answers); the cache only without a connection.
  event.respondWith(fetch(request).then(function (response) {
    if (keep && keepable(response)) {
      var copy = response.clone();
      caches.open(SHELL_CACHE).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }, function () {
    return isPage ? offlineFallback(request) : caches.match(request).then(function (hit) {
      return hit || Response.error();
    });
  }));
});

// Sign-out (offline.js) asks to forget what this phone kept of the person's pages.
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "painscope-forget") {
    event.waitUntil(caches.delete(SHELL_CACHE));
  }
});
