// Draws the pain chart from the figure spec the page embeds as JSON (no inline script,
// so a strict Content-Security-Policy can apply). Plotly is served by painscope itself.
"use strict";

(function () {
  function draw() {
    var data = document.getElementById("pain-figure");
    var target = document.getElementById("pain-chart");
    if (!data || !target || typeof window.Plotly === "undefined") { return; }
    var figure = JSON.parse(data.textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout, {
      responsive: true, displaylogo: false, displayModeBar: false, scrollZoom: false,
    });
  }
  // Choosing a period or a factor redraws at once; the button stays for use without script.
  function autoSubmit() {
    var form = document.querySelector("form.chart-controls");
    if (!form) { return; }
    form.querySelectorAll("input[name=days]").forEach(function (input) {
      input.addEventListener("change", function () { form.submit(); });
    });
  }
  function start() { draw(); autoSubmit(); }
  if (document.readyState !== "loading") { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
