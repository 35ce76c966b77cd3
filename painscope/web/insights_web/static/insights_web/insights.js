// Draws every chart of the Insights pages from the figure specs embedded as JSON
// (<div data-figure="ID"> reads <script id="ID" type="application/json">). No inline
// script, so a strict Content-Security-Policy can apply; Plotly is served by painscope.
// A chart inside a closed fold ("How this was worked out") is drawn when the fold first
// opens: drawn while hidden, Plotly would size it for no width at all.
"use strict";

(function () {
  function drawOne(target) {
    var data = document.getElementById(target.getAttribute("data-figure"));
    if (!data) { return; }
    var figure = JSON.parse(data.textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout, {
      responsive: true, displaylogo: false, displayModeBar: false, scrollZoom: false,
    });
  }
  function whenShown(target) {
    var fold = target.parentElement && target.parentElement.closest("details:not([open])");
    if (!fold) { drawOne(target); return; }
    fold.addEventListener("toggle", function opened() {
      if (!fold.open) { return; }
      fold.removeEventListener("toggle", opened);
      whenShown(target);  // an outer fold may still be closed
    });
  }
  function draw() {
    if (typeof window.Plotly === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), whenShown);
  }
  if (document.readyState !== "loading") { draw(); } else { document.addEventListener("DOMContentLoaded", draw); }
})();
