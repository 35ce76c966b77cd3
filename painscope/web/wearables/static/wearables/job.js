// Follows an import job: asks the status endpoint every second, moves the bar, and shows
// the result (the page itself, reloaded) when the job has finished. Without this file the
// page refreshes itself (a <noscript> meta refresh).
"use strict";

(function () {
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    document.documentElement.classList.add("js");
    var job = document.getElementById("job");
    if (!job || !window.fetch) { return; }
    var bar = document.getElementById("job-bar");
    var text = document.getElementById("job-text");
    var url = job.dataset.statusUrl;

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (doc) {
          if (doc.finished) { window.location.reload(); return; }
          var pct = Math.round(100 * (doc.progress || 0));
          if (bar) { bar.value = pct; bar.textContent = pct + " %"; }
          if (text) { text.textContent = doc.status === "queued"
            ? (job.dataset.textQueued || "Waiting to start…")
            : (job.dataset.textReading || "Reading the file… {pct} %").replace("{pct}", pct); }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  });
})();
