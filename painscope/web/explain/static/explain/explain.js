// "How pain works": draws the explorer chart from the embedded figure spec and re-submits the
// form when a lever changes. The form works without this file (plain GET + a button).
"use strict";

(function () {
  function draw() {
    var data = document.getElementById("explain-figure");
    var target = document.getElementById("explain-chart");
    if (!data || !target || typeof window.Plotly === "undefined") { return; }
    var figure = JSON.parse(data.textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout, {
      responsive: true, displaylogo: false, displayModeBar: false, scrollZoom: false, staticPlot: false,
    });
  }
  function autoSubmit() {
    var form = document.querySelector("form.explorer-form");
    if (!form) { return; }
    form.querySelectorAll("input[type=radio], select").forEach(function (input) {
      input.addEventListener("change", function () { form.submit(); });
    });
    // Number fields re-submit when the person leaves them (typing "6.5" must not submit "6.").
    form.querySelectorAll("input[type=number]").forEach(function (input) {
      input.addEventListener("change", function () { form.submit(); });
    });
  }
  function start() { draw(); autoSubmit(); }
  if (document.readyState !== "loading") { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
