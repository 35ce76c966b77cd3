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
