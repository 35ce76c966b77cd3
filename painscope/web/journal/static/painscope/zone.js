// One time zone rule (issue 16): every time on these pages is in the account's zone
// (body[data-zone]). This file says so when the phone is set to another zone, and keeps the
// check-in form's tz_offset at the account zone's offset now: outbox.js writes a check-in
// kept offline with that offset, and the server reads the written time in the account zone.
(function () {
  "use strict";
  // Words in the page's language (Django's JavaScript catalogue, /jsi18n/); English without it.
  var _ = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (m, name) { return String(obj[name]); });
  };

  function phoneZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }

  // Minutes east of UTC of `zone` at `date` (throws RangeError for a zone the browser lacks).
  function offsetMinutes(zone, date) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit"
    }).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    var wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute);
    return Math.round((wall - Math.floor(date.getTime() / 60000) * 60000) / 60000);
  }

  // Two names for the same clock (Europe/Paris and Europe/Berlin, an alias) need no notice.
  function sameClock(a, b) {
    var year = new Date().getUTCFullYear();
    return [new Date(), new Date(Date.UTC(year, 0, 15)), new Date(Date.UTC(year, 6, 15))].every(function (d) {
      return offsetMinutes(a, d) === offsetMinutes(b, d);
    });
  }

  function showNotice(zone) {
    var p = document.getElementById("zone-notice");
    var phone = phoneZone();
    if (!p || !phone || phone === zone) { return; }
    try { if (sameClock(zone, phone)) { return; } } catch (e) { return; }
    p.textContent = interpolate(_("Times here are in %(zone)s; your phone is set to %(phone)s."), { zone: zone, phone: phone }, true) + " ";
    var link = document.createElement("a");
    link.href = p.getAttribute("data-account-url") || "/accounts/profile/";
    link.textContent = _("Change it in Account");
    p.appendChild(link);
    p.appendChild(document.createTextNode("."));
    p.hidden = false;
  }

  function fillZoneOffset(zone) {
    var minutes;
    try { minutes = offsetMinutes(zone, new Date()); } catch (e) { return; }  // keep the server's value
    document.querySelectorAll("input.js-zone-offset").forEach(function (el) { el.value = String(minutes); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var zone = document.body.getAttribute("data-zone");
    if (!zone) { return; }
    fillZoneOffset(zone);
    showNotice(zone);
  });
})();
