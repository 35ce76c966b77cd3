// painscope — small progressive enhancements. Every form works without this file.
// Kept in a static file (no inline script) so a strict Content-Security-Policy can apply.
"use strict";

(function () {
  // Words in the page's language: Django's JavaScript catalogue (/jsi18n/, loaded first by
  // base.html) defines gettext, ngettext and interpolate; without it (offline, for instance)
  // the English below is used as it stands.
  var _ = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (m, name) { return String(obj[name]); });
  };

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  // The browser's time zone and current UTC offset go into hidden fields so that "now"
  // and typed times mean the person's local time.
  function fillTimeZone() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    var offset = String(-new Date().getTimezoneOffset());
    document.querySelectorAll("input.js-tz-name").forEach(function (el) { if (!el.value) { el.value = zone; } });
    document.querySelectorAll("input.js-tz-offset").forEach(function (el) { if (!el.value) { el.value = offset; } });
    document.querySelectorAll("select.js-tz-select").forEach(function (sel) {
      if (sel.dataset.chosen === "1" || !zone) { return; }
      for (var i = 0; i < sel.options.length; i++) {
        if (sel.options[i].value === zone) { sel.selectedIndex = i; break; }
      }
    });
  }

  // Tapping a chosen rating again clears it: every rating is optional.
  function clearableRadios() {
    document.querySelectorAll("[data-clearable]").forEach(function (row) {
      var last = null;
      row.querySelectorAll("input[type=radio]").forEach(function (input) {
        if (input.checked) { last = input; }
        input.addEventListener("click", function () {
          if (last === input) { input.checked = false; last = null; } else { last = input; }
        });
      });
    });
  }

  // Body map: each region shape toggles the matching checkbox of the list (the checkbox
  // is what the form submits, and what screen readers without SVG support use).
  function bodyMap() {
    var maps = document.querySelectorAll(".body-map[data-interactive]");
    maps.forEach(function (map) {
      var form = map.closest("form");
      var status = form ? form.querySelector(".selected-regions") : null;
      function boxFor(code) {
        return form.querySelector('input[type=checkbox][name=region][value="' + code + '"]');
      }
      function sync() {
        var names = [];
        map.querySelectorAll(".region[data-region]").forEach(function (shape) {
          var box = boxFor(shape.dataset.region);
          var on = !!(box && box.checked);
          shape.setAttribute("aria-pressed", on ? "true" : "false");
          if (on && names.indexOf(shape.dataset.label) < 0) { names.push(shape.dataset.label); }
        });
        if (status) { status.textContent = names.length ? interpolate(_("Marked: %(areas)s"), { areas: names.join(", ") }, true) : _("No areas marked."); }
      }
      function toggle(shape) {
        var box = boxFor(shape.dataset.region);
        if (!box) { return; }
        box.checked = !box.checked;
        sync();
      }
      map.querySelectorAll(".region[data-region]").forEach(function (shape) {
        shape.addEventListener("click", function (ev) { ev.preventDefault(); toggle(shape); });
        shape.addEventListener("keydown", function (ev) {
          if (ev.key === " " || ev.key === "Enter" || ev.key === "Spacebar") { ev.preventDefault(); toggle(shape); }
        });
      });
      if (form) {
        form.querySelectorAll("input[type=checkbox][name=region]").forEach(function (box) {
          box.addEventListener("change", sync);
        });
      }
      // Front / Back switch (phones): one side at a time, and how many are marked on each.
      var switcher = map.previousElementSibling;
      function counts() {
        if (!switcher || !switcher.classList.contains("body-map-switch")) { return; }
        switcher.querySelectorAll("button[data-show]").forEach(function (b) {
          var side = b.dataset.show;
          var n = map.querySelectorAll('figure[data-side="' + side + '"] .region[aria-pressed="true"]').length;
          // Translators: the front and the back of the body, on the body map's switch.
          var name = side === "front" ? _("Front") : _("Back");
          b.textContent = n ? interpolate(ngettext("%(side)s (%(count)s marked)", "%(side)s (%(count)s marked)", n), { side: name, count: n }, true) : name;
        });
      }
      if (switcher && switcher.classList.contains("body-map-switch")) {
        switcher.querySelectorAll("button[data-show]").forEach(function (b) {
          b.addEventListener("click", function () {
            map.dataset.show = b.dataset.show;
            switcher.querySelectorAll("button[data-show]").forEach(function (o) {
              o.setAttribute("aria-pressed", o === b ? "true" : "false");
            });
          });
        });
        map.addEventListener("click", counts);
        map.addEventListener("keyup", counts);
        if (form) { form.addEventListener("change", counts); }
      }
      sync();
      counts();
    });
  }

  // Reveal blocks marked hidden-until-JS (e.g. the body map, which needs script to work).
  function reveal() {
    document.querySelectorAll("[data-needs-js]").forEach(function (el) { el.hidden = false; });
    // The region list stays open without script (it is then the only way to mark areas).
    document.querySelectorAll("details[data-close-with-js]").forEach(function (el) { el.open = false; });
  }

  // After a refused form, move focus to the list of problems so it is read out first.
  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  // A table wider than the screen scrolls sideways: say so, and let a keyboard scroll it
  // (a focusable, named region: WCAG 2.1.1, axe's scrollable-region-focusable).
  function scrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth + 1 || wrap.dataset.scrolls) { return; }
      var caption = wrap.querySelector("caption");
      wrap.dataset.scrolls = "1";
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? interpolate(_("%(caption)s: table, scrolls sideways"), { caption: caption.textContent.trim() }, true) : _("table, scrolls sideways"));
      var hint = document.createElement("p");
      hint.className = "scroll-hint";
      hint.textContent = _("Swipe sideways to see the whole table.");
      wrap.parentNode.insertBefore(hint, wrap.nextSibling);
    });
  }

  ready(function () {
    focusErrors();
    scrollableTables();
    document.addEventListener("toggle", scrollableTables, true);  // tables in a fold, once opened
    fillTimeZone();
    clearableRadios();
    reveal();
    bodyMap();
  });
})();
