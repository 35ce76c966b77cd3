// painscope outbox: check-ins and doses a phone kept while it had no connection.
// Loaded by the pages (offline.js) and by the service worker (importScripts), so that both
// keep and send the same way. Each kept form is one IndexedDB record:
//   { key, owner, url, kind, fields: [[name, value], ...], created, problem, clash }
// `key` is the form's client_key: the server stores it with the check-in or dose, so a
// resend the phone never heard the answer to is recognised, never doubled.
"use strict";

(function (root) {
  var DB_NAME = "painscope";
  var STORE = "outbox";
  // Words in the page's language (Django's JavaScript catalogue, /jsi18n/); English without it
  // (and in the service worker, which has no catalogue: it only keeps forms, the page sends them).
  var _ = root.gettext || function (s) { return s; };

  function open() {
    return new Promise(function (resolve, reject) {
      var request = root.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains(STORE)) { db.createObjectStore(STORE, { keyPath: "key" }); }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result;
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
        result = work(tx.objectStore(STORE));
      });
    });
  }

  function put(item) { return run("readwrite", function (store) { store.put(item); return item; }); }
  function remove(key) { return run("readwrite", function (store) { store.delete(key); }); }

  function list(owner) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var request = db.transaction(STORE, "readonly").objectStore(STORE).getAll();
        request.onsuccess = function () {
          db.close();
          var items = (request.result || []).filter(function (item) { return owner === undefined || item.owner === owner; });
          items.sort(function (a, b) { return a.created < b.created ? -1 : 1; });
          resolve(items);
        };
        request.onerror = function () { db.close(); reject(request.error); };
      });
    });
  }

  function field(fields, name) {
    for (var i = 0; i < fields.length; i++) { if (fields[i][0] === name) { return fields[i][1]; } }
    return "";
  }

  function setField(fields, name, value) {
    var out = fields.filter(function (pair) { return pair[0] !== name; });
    out.push([name, value]);
    return out;
  }

  // Keep a posted form (a Request the service worker could not send). Resolves to the item.
  function keepRequest(request, kind) {
    return request.formData().then(function (data) {
      var fields = [];
      data.forEach(function (value, name) { if (typeof value === "string") { fields.push([name, value]); } });
      var key = field(fields, "client_key");
      if (!key) { throw new Error("no client_key"); }
      // Sent later, "now" would be the wrong time: the kept form says when it was made.
      if (kind === "checkin" && !field(fields, "when")) {
        var offset = parseInt(field(fields, "tz_offset"), 10) || 0;
        fields = setField(fields, "when", new Date(Date.now() + offset * 60000).toISOString().slice(0, 16));
      }
      if (kind === "dose" && !field(fields, "at") && !field(fields, "at_local")) {
        fields = setField(fields, "at", new Date().toISOString());
      }
      return put({
        key: key, owner: field(fields, "outbox_owner"), url: request.url, kind: kind, fields: fields,
        created: new Date().toISOString(), problem: "", clash: false
      });
    });
  }

  // Send one kept item. `csrf` is a current token (the stored one may be stale after a new
  // sign-in). Resolves to "sent" (stored now or already), "refused" (kept, with its problem),
  // "signin" (the session ended: kept) or "offline" (no connection: kept).
  function send(item, csrf) {
    var fields = csrf ? setField(item.fields, "csrfmiddlewaretoken", csrf) : item.fields;
    var body = new URLSearchParams();
    fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetch(item.url, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-Painscope-Sync": "1", "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.redirected || response.status === 403 || type.indexOf("application/json") < 0) {
        return "signin";
      }
      return response.json().then(function (doc) {
        if (doc.outcome === "saved" || doc.outcome === "already-saved") {
          return remove(item.key).then(function () { return "sent"; });
        }
        item.problem = doc.message || _("The site could not save it.");
        item.clash = response.status === 409;
        return put(item).then(function () { return "refused"; });
      });
    }, function () { return "offline"; });
  }

  // Send every item of `owner`, oldest first; resolves to counts by outcome. One page at a
  // time sends (a Web Lock, where the browser has them): a page that is leaving and the next
  // one must not both send the same kept item. The site answers a crossing resend "already
  // saved" anyway (journal/views.py), the lock only saves the double trip.
  function flush(owner, csrf) {
    if (root.navigator && root.navigator.locks && root.navigator.locks.request) {
      return root.navigator.locks.request("painscope-outbox-" + owner, function () { return flushNow(owner, csrf); });
    }
    return flushNow(owner, csrf);
  }

  function flushNow(owner, csrf) {
    var counts = { sent: 0, refused: 0, signin: 0, offline: 0 };
    return list(owner).then(function (items) {
      var chain = Promise.resolve();
      items.forEach(function (item) {
        chain = chain.then(function () {
          // One refused by the site waits for the person to choose (see offline.js).
          if (item.problem) { counts.refused += 1; return null; }
          if (counts.offline || counts.signin) { counts[counts.offline ? "offline" : "signin"] += 1; return null; }
          return send(item, csrf).then(function (outcome) { counts[outcome] += 1; });
        });
      });
      return chain.then(function () { return counts; });
    });
  }

  root.painscopeOutbox = {
    list: list, put: put, remove: remove, keepRequest: keepRequest, send: send, flush: flush,
    field: field, setField: setField
  };
})(typeof self !== "undefined" ? self : window);
