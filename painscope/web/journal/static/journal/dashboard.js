// Draws the pain chart from the figure spec the page embeds as JSON (no inline script,
// so a strict Content-Security-Policy can apply). Plotly is served by painscope itself.
// The chart sits behind the overview's "More about your weeks" fold: it is drawn when the
// fold first opens (drawn while hidden, Plotly would size it for no width at all), and a
// link to a part of the page inside the fold (#chart-h after "Update chart") opens it.
"use strict";

(function () {
  function draw() {
    var data = document.getElementById("pain-figure");
    var target = document.getElementById("pain-chart");
    if (!data || !target || typeof window.Plotly === "undefined") { return; }
    var fold = target.closest("details:not([open])");
    if (fold) {
      fold.addEventListener("toggle", function opened() {
        if (!fold.open) { return; }
        fold.removeEventListener("toggle", opened);
        draw();
      });
      return;
    }
    var figure = JSON.parse(data.textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout, {
      responsive: true, displaylogo: false, displayModeBar: false, scrollZoom: false,
    });
  }
  function openForHash() {
    var id = window.location.hash.slice(1);
    var el = id && document.getElementById(id);
    var fold = el && el.closest("details");
    while (fold) {
      fold.open = true;
      fold = fold.parentElement && fold.parentElement.closest("details");
    }
  }
  // Choosing a period or a factor redraws at once; the button stays for use without script.
  function autoSubmit() {
    var form = document.querySelector("form.chart-controls");
    if (!form) { return; }
    form.querySelectorAll("input[name=days]").forEach(function (input) {
      input.addEventListener("change", function () { form.submit(); });
    });
  }
  function start() { openForHash(); draw(); autoSubmit(); }
  window.addEventListener("hashchange", openForHash);
  if (document.readyState !== "loading") { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
