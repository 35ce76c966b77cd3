// Programme sessions: left/right trainer, breathing pacer, guided timers. No inline code (strict CSP).
(function () {
  "use strict";

  // The words come from the page (data-t-* attributes, translated there); English if absent.
  function words(root, key, fallback, values) {
    var text = root.dataset[key] || fallback;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }

  function gmi(root) {
    var trials = Array.prototype.map.call(root.querySelectorAll("[data-gmi-trials] li"), function (li) {
      return { part: li.dataset.part, side: li.dataset.side, symbol: li.dataset.symbol, rotation: Number(li.dataset.rotation) };
    });
    var use = root.querySelector("[data-gmi-use]");
    var progress = root.querySelector("[data-gmi-progress]");
    var start = root.querySelector("[data-gmi-start]");
    var buttons = root.querySelectorAll("[data-gmi-answer]");
    var save = root.querySelector("[data-gmi-save]");
    var out = root.querySelector("[data-gmi-answers]");
    var answers = [], i = 0, shownAt = 0;

    function show() {
      var t = trials[i];
      use.setAttribute("href", "#" + t.symbol);
      // the drawings are right-sided: a left trial is the same drawing mirrored, then rotated
      var mirror = t.side === "left" ? " translate(100 0) scale(-1 1)" : "";
      // shrunk to 80 % around the centre so that no rotation clips the drawing
      use.setAttribute("transform", "rotate(" + t.rotation + " 50 50)" + mirror + " translate(10 10) scale(0.8)");
      use.setAttribute("width", "100");
      use.setAttribute("height", "100");
      progress.textContent = words(root, "tPicture", "Picture {n} of {total}", { n: i + 1, total: trials.length });
      shownAt = performance.now();
    }
    function finish() {
      buttons.forEach(function (b) { b.hidden = true; });
      var right = answers.filter(function (a) { return a.answer === a.side; }).length;
      progress.textContent = words(root, "tDone", "Done: {right} of {total} right. Save the round to see your times.",
                                   { right: right, total: answers.length });
      out.value = JSON.stringify(answers);
      save.hidden = false;
      save.focus();
    }
    start.addEventListener("click", function () {
      start.hidden = true;
      buttons.forEach(function (b) { b.hidden = false; });
      show();
    });
    start.disabled = false;  // served disabled: a tap before this script ran would do nothing
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        if (i >= trials.length) { return; }
        var t = trials[i];
        answers.push({ part: t.part, side: t.side, answer: b.dataset.gmiAnswer, rt_s: (performance.now() - shownAt) / 1000 });
        i += 1;
        if (i < trials.length) { show(); } else { finish(); }
      });
    });
  }

  function pacer(root) {
    var circle = root.querySelector("[data-pacer-circle]");
    var cue = root.querySelector("[data-pacer-cue]");
    var rate = root.querySelector("[data-pacer-rate]");
    var toggle = root.querySelector("[data-pacer-toggle]");
    var elapsedText = root.querySelector("[data-pacer-elapsed]");
    var minutes = document.getElementById("id_minutes");
    var rateOut = document.querySelector("[data-pacer-rate-out]");
    var inhale = Number(root.dataset.inhale), exhale = Number(root.dataset.exhale);
    var running = false, timer = null, clock = null, startedAt = 0;

    function setRate() {
      var r = Number(rate.value);
      if (!(r >= Number(rate.min) && r <= Number(rate.max))) { return; }
      var cycle = 60 / r;
      inhale = cycle * 0.4;
      exhale = cycle * 0.6;
      if (rateOut) { rateOut.value = String(r); }
    }
    function phase(isIn) {
      if (!running) { return; }
      var seconds = isIn ? inhale : exhale;
      circle.style.transitionDuration = seconds + "s";
      circle.classList.toggle("is-in", isIn);
      cue.textContent = isIn ? words(root, "tIn", "Breathe in") : words(root, "tOut", "Breathe out");
      timer = window.setTimeout(function () { phase(!isIn); }, seconds * 1000);
    }
    function tick() {
      var s = Math.floor((performance.now() - startedAt) / 1000);
      elapsedText.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
      if (minutes) { minutes.value = Math.max(0.1, Math.round(s / 6) / 10); }
    }
    rate.addEventListener("change", setRate);
    toggle.addEventListener("click", function () {
      running = !running;
      toggle.textContent = running ? words(root, "tStop", "Stop") : words(root, "tStart", "Start");
      if (running) {
        setRate();
        startedAt = performance.now();
        clock = window.setInterval(tick, 1000);
        phase(true);
      } else {
        window.clearTimeout(timer);
        window.clearInterval(clock);
        tick();
        circle.classList.remove("is-in");
        cue.textContent = words(root, "tWellDone", "Well done. Save the session below.");
      }
    });
    toggle.disabled = false;
  }

  function guided(root) {
    var steps = root.querySelectorAll(".guided-steps li");
    var clockText = root.querySelector("[data-guided-clock]");
    var start = root.querySelector("[data-guided-start]");
    var minutes = root.querySelector("[data-guided-minutes]");
    var startedAt = 0, index = -1, stepEnds = 0, interval = null;

    function next() {
      if (index >= 0) { steps[index].classList.remove("is-current"); }
      index += 1;
      if (index >= steps.length) {
        window.clearInterval(interval);
        clockText.textContent = words(root, "tDone", "Done. Save the session below.");
        return;
      }
      steps[index].classList.add("is-current");
      stepEnds = performance.now() + Number(steps[index].dataset.seconds) * 1000;
    }
    function tick() {
      var now = performance.now();
      if (now >= stepEnds) { next(); }
      if (index < steps.length) {
        var left = Math.max(0, Math.ceil((stepEnds - now) / 1000));
        clockText.textContent = words(root, "tStep", "Step {n} of {total}: {left} s", { n: index + 1, total: steps.length, left: left });
      }
      minutes.value = Math.max(0.1, Math.round((now - startedAt) / 6000) / 10);
    }
    start.addEventListener("click", function () {
      start.hidden = true;
      startedAt = performance.now();
      next();
      interval = window.setInterval(tick, 250);
    });
    start.disabled = false;
  }

  function pathway(root) {
    var note = root.querySelector("[data-pathway-note]");
    var texts = {
      calm: note.dataset.calmNote || "Showing a calm system: quieter signals, strong brakes, calm worry and stress areas.",
      sensitised: note.dataset.sensitisedNote ||
        "Showing a sensitised system: signals arrive louder, the brakes are weaker, worry and stress areas are busier."
    };
    var suffix = " " + (note.dataset.fromNote || note.textContent.slice(note.textContent.indexOf(" From ") + 1));
    root.querySelectorAll("[data-pathway-show]").forEach(function (button) {
      button.addEventListener("click", function () {
        var which = button.dataset.pathwayShow;
        root.querySelectorAll("[data-calm]").forEach(function (el) {
          var cls = el.getAttribute("class").replace(/ ?lvl-\d/, "");
          el.setAttribute("class", cls + " lvl-" + el.dataset[which]);
        });
        root.querySelectorAll("[data-pathway-show]").forEach(function (b) {
          b.setAttribute("aria-pressed", String(b === button));
        });
        note.textContent = texts[which] + suffix;
      });
    });
  }

  document.querySelectorAll("[data-pathway]").forEach(pathway);
  document.querySelectorAll("[data-gmi]").forEach(gmi);
  document.querySelectorAll("[data-pacer]").forEach(pacer);
  document.querySelectorAll("[data-guided]").forEach(guided);
})();
