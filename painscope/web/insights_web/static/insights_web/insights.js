// Draws every chart of the Insights pages from the figure specs embedded as JSON
// (<div data-figure="ID"> reads <script id="ID" type="application/json">). No inline
// script, so a strict Content-Security-Policy can apply; Plotly is served by painscope.
"use strict";

(function () {
  function draw() {
    if (typeof window.Plotly === "undefined") { return; }
    var targets = document.querySelectorAll("[data-figure]");
    Array.prototype.forEach.call(targets, function (target) {
      var data = document.getElementById(target.getAttribute("data-figure"));
      if (!data) { return; }
      var figure = JSON.parse(data.textContent);
      window.Plotly.newPlot(target, figure.data, figure.layout, {
        responsive: true, displaylogo: false, displayModeBar: false, scrollZoom: false,
      });
    });
  }
  if (document.readyState !== "loading") { draw(); } else { document.addEventListener("DOMContentLoaded", draw); }
})();
