// Draws a questionnaire's history chart from the figure spec embedded as JSON (no inline
// script). Plotly is served by painscope itself.
"use strict";

(function () {
  function draw() {
    var data = document.getElementById("history-figure");
    var target = document.getElementById("history-chart");
    if (!data || !target || typeof window.Plotly === "undefined") { return; }
    var figure = JSON.parse(data.textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout, {
      responsive: true, displaylogo: false, displayModeBar: false, scrollZoom: false,
    });
  }
  if (document.readyState !== "loading") { draw(); } else { document.addEventListener("DOMContentLoaded", draw); }
})();
