/* By when a request made now is due: computed in the browser from the business calendar written at build time.
 *
 * Each clock on a service page (`[data-charter-clock]`) carries its time (`data-amount`, `data-unit`) and a
 * hidden line (`[data-charter-due]`) whose `data-template` holds `{due}`; each set of clocks
 * (`[data-charter-clockset]`) has a hidden line above them (`[data-charter-now]`) that holds `{now}`. This script
 * loads the calendar (`window.charterCalendar`, from the script named in `data-calendar` on
 * `[data-charter-clocks]`), computes each due moment on the site's clocks and shows the lines. The rules are those of the package's
 * `model/clock.py`, which shared test vectors keep equal:
 *
 * - minutes, hours: that much real time later, on the site's clocks;
 * - days, weeks: the same time of day, that many days later;
 * - business_days: the close of the N-th business day after the day the request arrives;
 * - business_hours: N hours of working time from the moment the request arrives.
 *
 * Times are "wall times": minutes since 1970 as the site's clocks show them, read with getUTC* methods.
 * Without JavaScript, or beyond the calendar's window, the page keeps its rule and worked example.
 */
(function () {
  "use strict";

  var MINUTE = 60000;
  var DAY = 1440;

  function offsetAt(calendar, ms) {
    var offsets = calendar.offsets;
    var offset = offsets[0][1];
    for (var i = 0; i < offsets.length && offsets[i][0] <= ms; i++) offset = offsets[i][1];
    return offset;
  }

  /* The site's wall time of a moment, in minutes. */
  function wallMinutes(calendar, ms) {
    var minute = Math.floor(ms / MINUTE);
    return minute + offsetAt(calendar, minute * MINUTE);
  }

  function isoDay(dayNumber) {
    return new Date(dayNumber * DAY * MINUTE).toISOString().slice(0, 10);
  }

  /* A day's working hours ([[opens, closes], ...] in minutes), or null outside the window. */
  function hoursOn(calendar, dayNumber) {
    var iso = isoDay(dayNumber);
    if (iso < calendar.first || iso > calendar.last) return null;
    if (Object.prototype.hasOwnProperty.call(calendar.days, iso)) return calendar.days[iso];
    return calendar.week[new Date(dayNumber * DAY * MINUTE).getUTCDay()];
  }

  function businessDays(calendar, dayNumber, count) {
    var hours;
    while (count > 0) {
      dayNumber += 1;
      hours = hoursOn(calendar, dayNumber);
      if (hours === null) return null;
      if (hours.length) count -= 1;
    }
    return dayNumber * DAY + hours[hours.length - 1][1];
  }

  function businessHours(calendar, wall, remaining) {
    var dayNumber = Math.floor(wall / DAY);
    var now = wall - dayNumber * DAY;
    for (;;) {
      var hours = hoursOn(calendar, dayNumber);
      if (hours === null) return null;
      for (var i = 0; i < hours.length; i++) {
        var begin = Math.max(hours[i][0], now);
        if (begin >= hours[i][1]) continue;
        if (hours[i][1] - begin >= remaining) return dayNumber * DAY + begin + remaining;
        remaining -= hours[i][1] - begin;
      }
      dayNumber += 1;
      now = 0;
    }
  }

  /* When a request that arrives at `ms` (milliseconds since 1970) is due: wall minutes, or null. */
  function due(calendar, ms, amount, unit) {
    var wall = wallMinutes(calendar, ms);
    switch (unit) {
      case "minutes":
        return wallMinutes(calendar, Math.floor(ms / MINUTE) * MINUTE + amount * MINUTE);
      case "hours":
        return wallMinutes(calendar, Math.floor(ms / MINUTE) * MINUTE + amount * 60 * MINUTE);
      case "days":
        return wall + amount * DAY;
      case "weeks":
        return wall + amount * 7 * DAY;
      case "business_days":
        return businessDays(calendar, Math.floor(wall / DAY), amount);
      case "business_hours":
        return businessHours(calendar, wall, amount * 60);
    }
    return null;
  }

  /* Wall minutes as `YYYY-MM-DDTHH:MM`. */
  function isoWall(wall) {
    return wall === null ? null : new Date(wall * MINUTE).toISOString().slice(0, 16);
  }

  function formatWall(lang, wall, withTime, withYear) {
    var options = { weekday: "long", day: "numeric", month: "long", timeZone: "UTC", numberingSystem: "latn" };
    if (withYear) options.year = "numeric";
    if (withTime) {
      options.hour = "2-digit";
      options.minute = "2-digit";
      options.hourCycle = "h23";
    }
    return new Intl.DateTimeFormat(lang, options).format(new Date(wall * MINUTE));
  }

  function timeElement(lang, wall, withTime, withYear) {
    var element = document.createElement("time");
    element.setAttribute("datetime", isoWall(wall));
    element.textContent = formatWall(lang, wall, withTime, withYear);
    return element;
  }

  /* Fills a line's `data-template` (with `{now}` or `{due}`) with a <time> element, the rest as text, and shows it. */
  function fill(line, placeholder, time) {
    var pieces = line.getAttribute("data-template").split(placeholder);
    line.textContent = "";
    for (var i = 0; i < pieces.length; i++) {
      if (i > 0) line.appendChild(time.cloneNode(true));
      if (pieces[i]) line.appendChild(document.createTextNode(pieces[i]));
    }
    line.hidden = false;
  }

  function show(calendar) {
    var ms = Date.now();
    var now = wallMinutes(calendar, ms);
    var thisYear = isoWall(now).slice(0, 4);
    var sets = document.querySelectorAll("[data-charter-clockset]");
    for (var i = 0; i < sets.length; i++) {
      var lang = sets[i].getAttribute("data-locale") || document.documentElement.lang || "en";
      var shown = 0;
      var clocks = sets[i].querySelectorAll("[data-charter-clock]");
      for (var j = 0; j < clocks.length; j++) {
        var unit = clocks[j].getAttribute("data-unit");
        var at = due(calendar, ms, parseInt(clocks[j].getAttribute("data-amount"), 10), unit);
        var line = clocks[j].querySelector("[data-charter-due]");
        if (at === null || !line) continue;
        var withTime = unit !== "days" && unit !== "weeks";
        fill(line, "{due}", timeElement(lang, at, withTime, isoWall(at).slice(0, 4) !== thisYear));
        shown += 1;
      }
      var nowLine = sets[i].querySelector("[data-charter-now]");
      if (shown && nowLine) fill(nowLine, "{now}", timeElement(lang, now, true, false));
    }
  }

  function start() {
    var holder = document.querySelector("[data-charter-clocks]");
    if (!holder) return;
    if (window.charterCalendar) {
      show(window.charterCalendar);
      return;
    }
    var script = document.createElement("script");
    script.src = holder.getAttribute("data-calendar");
    script.onload = function () {
      if (window.charterCalendar) show(window.charterCalendar);
    };
    document.head.appendChild(script);
  }

  window.charterClock = { due: due, isoWall: isoWall };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
