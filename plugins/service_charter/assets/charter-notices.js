/* Hides each notice once it has ended, and a section of notices once none is left, without a rebuild.
 *
 * Every notice (`[data-charter-notice]`) carries its start and end (`data-starts`, `data-ends`, ISO 8601
 * with an offset). On load, and again at the next moment one starts or ends, this script marks each
 * notice as planned or in effect, hides those that have ended, and hides a section (`[data-charter-notices]`)
 * with nothing left in it, with their entries in the table of contents. A section marked `data-keep` stays and
 * shows its "no notices" line instead. Without JavaScript the dates remain on the page for residents to read.
 */
(function () {
  "use strict";

  var LONGEST_TIMER = 2147483647; // browsers run a longer setTimeout at once

  function hide(element) {
    element.hidden = true;
    var heading = element.querySelector("h2[id], h3[id]");
    if (!heading) return;
    var links = document.querySelectorAll('.md-nav a[href="#' + heading.id + '"]');
    for (var i = 0; i < links.length; i++) {
      var item = links[i].closest("li");
      if (item) item.hidden = true;
    }
  }

  function update() {
    var now = Date.now();
    var next = Infinity;
    var notices = document.querySelectorAll("[data-charter-notice]");
    for (var i = 0; i < notices.length; i++) {
      var notice = notices[i];
      var starts = Date.parse(notice.getAttribute("data-starts"));
      var ends = Date.parse(notice.getAttribute("data-ends"));
      if (isNaN(ends) || now >= ends) {
        if (!notice.hidden) hide(notice);
        continue;
      }
      var planned = !isNaN(starts) && now < starts;
      var states = notice.querySelectorAll("[data-state]");
      for (var j = 0; j < states.length; j++) {
        states[j].hidden = states[j].getAttribute("data-state") !== (planned ? "upcoming" : "current");
      }
      next = Math.min(next, planned ? starts : ends);
    }
    var sections = document.querySelectorAll("[data-charter-notices]");
    for (var k = 0; k < sections.length; k++) {
      var section = sections[k];
      if (section.querySelector("[data-charter-notice]:not([hidden])")) continue;
      if (section.hasAttribute("data-keep")) {
        var none = section.querySelector("[data-charter-notices-none]");
        if (none) none.hidden = false;
      } else if (!section.hidden) {
        hide(section);
      }
    }
    if (next !== Infinity) {
      window.setTimeout(update, Math.min(Math.max(next - now, 0) + 1, LONGEST_TIMER));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
