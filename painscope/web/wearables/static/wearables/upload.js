// Upload with a visible progress bar (XMLHttpRequest upload events). Without this file the
// form is a plain multipart POST and works the same, without the bar.
"use strict";

(function () {
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    var form = document.getElementById("upload-form");
    if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
    var box = document.getElementById("upload-progress");
    var bar = document.getElementById("upload-bar");
    var status = document.getElementById("upload-status");
    var button = document.getElementById("upload-button");
    var input = document.getElementById("id_file");
    var maxBytes = parseInt(form.dataset.maxBytes || "0", 10);
    // the page's own words (translated by the template), English when a page lacks them
    var words = form.dataset;
    function uploading(pct) { return (words.textUploading || "Uploading… {pct} %").replace("{pct}", pct); }

    function say(text) { status.textContent = text; }
    function fail(text) {
      button.disabled = false;
      box.hidden = false;
      say(text + " " + (words.textNothing || "Nothing was imported."));
    }

    form.addEventListener("submit", function (ev) {
      var file = input.files && input.files[0];
      if (!file) { return; }  // let the browser show its own "choose a file" message
      ev.preventDefault();
      if (maxBytes && file.size > maxBytes) {
        fail(words.textTooBig || ("This file is larger than " + form.dataset.maxText + ", the largest upload this site accepts."));
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var pct = Math.round(100 * e.loaded / e.total);
        bar.value = pct;
        bar.textContent = pct + " %";
        say(uploading(pct));
      });
      xhr.upload.addEventListener("load", function () { say(words.textUploaded || "Uploaded. Starting the import…"); });
      xhr.addEventListener("load", function () {
        var doc = null;
        try { doc = JSON.parse(xhr.responseText); } catch (e) { doc = null; }
        if (xhr.status === 202 && doc && doc.url) { window.location.assign(doc.url); return; }
        fail(doc && doc.error ? doc.error : (words.textFailed || "The upload did not work (error {status}).").replace("{status}", xhr.status));
      });
      xhr.addEventListener("error", function () { fail(words.textLost || "The connection was lost during the upload."); });
      button.disabled = true;
      box.hidden = false;
      bar.value = 0;
      say(uploading(0));
      xhr.send(new FormData(form));
    });
  });
})();
