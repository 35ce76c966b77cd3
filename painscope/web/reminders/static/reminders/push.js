// Turns on Web Push for this browser: registers the service worker, subscribes with the
// site's VAPID key and sends the subscription to the server. No inline script (strict CSP).
(function () {
  "use strict";
  var box = document.getElementById("push");
  var button = document.getElementById("push-enable");
  var status = document.getElementById("push-status");
  if (!box || !button) { return; }

  function say(text) { status.textContent = text; }
  // The page gives each sentence in its own language (data-say-*); English when it does not.
  function words(name, english) { return box.dataset[name] || english; }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    button.disabled = true;
    say(words("sayUnsupported", "This browser cannot show notifications from a website. You can use the calendar address or email instead."));
    return;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say(words("sayAsking", "Asking for permission…"));
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        throw new Error(words("sayBlocked", "Notifications are blocked for this site. You can allow them in the browser's site settings."));
      }
      return navigator.serviceWorker.register("/sw.js", { scope: "/" });
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return registration.pushManager.getSubscription().then(function (existing) {
        return existing || registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(box.dataset.vapidKey)
        });
      });
    }).then(function (subscription) {
      return fetch(box.dataset.subscribeUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify(subscription.toJSON())
      });
    }).then(function (response) {
      if (!response.ok) { throw new Error(words("sayNotSaved", "The site could not save this device. Please try again.")); }
      say(words("sayOn", "Notifications are on for this device."));
    }).catch(function (err) {
      say(err && err.message ? err.message : words("sayFailed", "Notifications could not be turned on."));
    }).then(function () {
      button.disabled = false;
    });
  });
  button.disabled = false;  // served disabled: a tap before this script ran would do nothing
})();
