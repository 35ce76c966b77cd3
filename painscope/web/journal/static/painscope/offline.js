// painscope offline: check-ins and doses without a connection (with the service worker and
// outbox.js). Every form marked data-offline gets a fresh client_key; when the phone is
// offline the service worker keeps the posted form; this file sends what was kept when the
// connection is back, shows what waits, and lets the person settle what the site refused.
"use strict";

(function () {
  var owner = document.body.dataset.owner || "";
  var box = document.getElementById("outbox");
  var outbox = window.painscopeOutbox;
  if (!owner || !outbox || !window.indexedDB) { return; }
  // Words in the page's language: Django's JavaScript catalogue (/jsi18n/, loaded first by
  // base.html); without it (offline, before it was ever kept) the English below.
  var _ = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (m, name) { return String(obj[name]); });
  };
  function say(fmt, values) { return interpolate(fmt, values, true); }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function csrf() {
    var meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.content : "";
  }

  function hidden(form, name, value) {
    var input = form.querySelector('input[type=hidden][name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function markForms() {
    document.querySelectorAll("form[data-offline]").forEach(function (form) {
      hidden(form, "client_key", newKey());
      hidden(form, "outbox_owner", owner);
    });
  }

  function describe(items) {
    var checkins = items.filter(function (i) { return i.kind === "checkin"; }).length;
    var doses = items.length - checkins;
    var parts = [];
    if (checkins) { parts.push(say(ngettext("%(count)s check-in", "%(count)s check-ins", checkins), { count: checkins })); }
    if (doses) { parts.push(say(ngettext("%(count)s dose", "%(count)s doses", doses), { count: doses })); }
    return parts.length === 2 ? say(_("%(checkins)s and %(doses)s"), { checkins: parts[0], doses: parts[1] }) : parts.join("");
  }

  function when(item) {
    var d = new Date(item.created);
    return isNaN(d) ? "" : d.toLocaleString(document.documentElement.lang || [], { weekday: "short", hour: "2-digit", minute: "2-digit" });
  }

  function button(label, cls, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  // A check-in refused because another already has that minute: move it one minute on.
  function minuteLater(item) {
    var text = outbox.field(item.fields, "when");
    var base = text ? new Date(text + ":00Z") : null;
    if (!base || isNaN(base)) { return item; }
    base.setUTCMinutes(base.getUTCMinutes() + 1);
    item.fields = outbox.setField(item.fields, "when", base.toISOString().slice(0, 16));
    item.problem = "";
    item.clash = false;
    return item;
  }

  function show(items, sentNow) {
    if (!box) { return; }
    var text = document.getElementById("outbox-text");
    var problems = document.getElementById("outbox-problems");
    problems.textContent = "";
    var waiting = items.filter(function (i) { return !i.problem; });
    var refused = items.filter(function (i) { return i.problem; });
    var lines = [];
    if (sentNow) {
      lines.push(say(ngettext("Sent: %(count)s item kept on this phone while it was offline.",
        "Sent: %(count)s items kept on this phone while it was offline.", sentNow), { count: sentNow }));
    }
    if (waiting.length) {
      lines.push(say(ngettext("%(what)s is kept on this phone and will be sent when you are back online.",
        "%(what)s are kept on this phone and will be sent when you are back online.", waiting.length), { what: describe(waiting) }));
    }
    if (refused.length) {
      lines.push(say(_("The site could not save %(what)s kept on this phone. Please choose what to do:"), { what: describe(refused) }));
    }
    text.textContent = lines.join(" ");
    refused.forEach(function (item) {
      var li = document.createElement("li");
      var p = document.createElement("p");
      var values = { when: when(item), problem: item.problem };
      p.textContent = item.kind === "checkin" ? say(_("Check-in from %(when)s: %(problem)s"), values) : say(_("Dose from %(when)s: %(problem)s"), values);
      li.appendChild(p);
      if (item.clash) {
        li.appendChild(button(_("Save it a minute later"), "button", function () {
          outbox.put(minuteLater(item)).then(sync);
        }));
      }
      li.appendChild(button(_("Discard it"), "button-secondary", function () {
        outbox.remove(item.key).then(refresh);
      }));
      problems.appendChild(li);
    });
    box.hidden = !lines.length;
  }

  // What a page sent is told on the next page too: the page that was open when the
  // connection came back may send everything and be left a moment later (one page sends at a
  // time, outbox.js). Kept for this tab for a short while (sessionStorage).
  var SENT_KEY = "painscope-sent-" + owner;
  var pageId = String(Math.random());
  function noteSent(n) {
    try {
      if (n > 0) { window.sessionStorage.setItem(SENT_KEY, JSON.stringify({ n: n, at: Date.now(), page: pageId })); }
    } catch (e) { /* storage off: this page still says it */ }
  }
  function sentElsewhere() {
    try {
      var note = JSON.parse(window.sessionStorage.getItem(SENT_KEY) || "null");
      return note && note.page !== pageId && Date.now() - note.at < 20000 ? note.n : 0;
    } catch (e) { return 0; }
  }

  function refresh(sentNow) {
    var sent = sentNow || sentElsewhere();
    return outbox.list(owner).then(function (items) { show(items, sent); }).catch(function () { return null; });
  }

  var syncing = false;
  function sync() {
    if (syncing || !navigator.onLine) { return refresh(); }
    syncing = true;
    return outbox.flush(owner, csrf()).then(function (counts) {
      syncing = false;
      noteSent(counts.sent);
      if (counts.signin) {
        return outbox.list(owner).then(function (items) {
          show(items, counts.sent || sentElsewhere());
          document.getElementById("outbox-text").textContent += " " + _("Please sign in again to send them.");
        });
      }
      return refresh(counts.sent);
    }, function () { syncing = false; return refresh(); });
  }

  // Signing out forgets what this phone kept of the person's pages; unsent items are sent
  // first, and the person is asked before any that could not be sent are removed.
  function guardSignOut() {
    document.querySelectorAll("form.js-signout").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (form.dataset.confirmed === "1") { return; }
        ev.preventDefault();
        outbox.flush(owner, csrf()).catch(function () { return null; }).then(function () {
          return outbox.list(owner);
        }).then(function (items) {
          var question = say(_("%(what)s kept on this phone could not be sent yet. Sign out and remove them from this phone?"), { what: describe(items) });
          if (items.length && !window.confirm(question)) {
            return false;
          }
          return Promise.all(items.map(function (i) { return outbox.remove(i.key); })).then(function () { return true; });
        }).catch(function () { return true; }).then(function (go) {
          if (!go) { return refresh(); }
          if (navigator.serviceWorker && navigator.serviceWorker.controller) {
            navigator.serviceWorker.controller.postMessage({ type: "painscope-forget" });
          }
          form.dataset.confirmed = "1";
          form.submit();
        });
      });
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    markForms();
    guardSignOut();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { return null; });
    }
    sync();
    window.addEventListener("online", sync);
    window.addEventListener("offline", refresh);
  });
  window.painscopeOffline = { sync: sync, refresh: refresh };
})();
