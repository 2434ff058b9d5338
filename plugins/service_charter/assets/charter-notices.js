/* Hides each notice once it has ended, and a section of notices once none is left, without a rebuild; on the
 * notices page, shows only the notices of the neighbourhood the resident chooses.
 *
 * Every notice (`[data-charter-notice]`) carries its start and end (`data-starts`, `data-ends`, ISO 8601
 * with an offset). On load, and again at the next moment one starts or ends, this script marks each
 * notice as planned or in effect, hides those that have ended, and hides a section (`[data-charter-notices]`)
 * with nothing left in it, with their entries in the table of contents. A section marked `data-keep` stays and
 * shows its "no notices" line instead. Without JavaScript the dates remain on the page for residents to read.
 *
 * The notices page has a choice of neighbourhood (`[data-charter-notices-filter]`, hidden until this script shows
 * it). A notice names its neighbourhoods (`data-neighbourhoods`, ids separated by spaces, empty for the whole
 * town): once one is chosen, the notices that name others are hidden, and those for the whole town stay. The
 * choice goes into the page's address (`?neighbourhood=<id>`), so it can be shared and bookmarked; an address
 * without one gets the neighbourhood the resident gave on the "What applies to me" page, kept in this browser
 * (`localStorage` `charter-answers`, written by that page: only read here). The number of notices shown is said in
 * a polite live region, and the calendar of the chosen neighbourhood is offered next to the calendar of all.
 */
(function () {
  "use strict";

  var LONGEST_TIMER = 2147483647; // browsers run a longer setTimeout at once
  var PARAMETER = "neighbourhood";
  var ANSWERS = "charter-answers";

  var chosen = ""; // the neighbourhood chosen on the notices page: its id, or "" for all
  var timer = null;

  function setHidden(element, hidden) {
    if (element.hidden === hidden) return;
    element.hidden = hidden;
    var heading = element.querySelector("h2[id], h3[id]");
    if (!heading) return;
    var links = document.querySelectorAll('.md-nav a[href="#' + heading.id + '"]');
    for (var i = 0; i < links.length; i++) {
      var item = links[i].closest("li");
      if (item) item.hidden = hidden;
    }
  }

  function concerns(notice) {
    if (!chosen) return true;
    var places = (notice.getAttribute("data-neighbourhoods") || "").split(/\s+/);
    var named = false;
    for (var i = 0; i < places.length; i++) {
      if (!places[i]) continue;
      if (places[i] === chosen) return true;
      named = true;
    }
    return !named; // a notice for the whole town concerns every neighbourhood
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
        setHidden(notice, true);
        continue;
      }
      var planned = !isNaN(starts) && now < starts;
      var states = notice.querySelectorAll("[data-state]");
      for (var j = 0; j < states.length; j++) {
        states[j].hidden = states[j].getAttribute("data-state") !== (planned ? "upcoming" : "current");
      }
      next = Math.min(next, planned ? starts : ends);
      setHidden(notice, !concerns(notice));
    }
    var sections = document.querySelectorAll("[data-charter-notices]");
    for (var k = 0; k < sections.length; k++) {
      var section = sections[k];
      var shown = section.querySelectorAll("[data-charter-notice]:not([hidden])").length;
      if (section.hasAttribute("data-keep")) {
        showLine(section.querySelector("[data-charter-notices-none]"), !shown && !chosen);
        showLine(section.querySelector("[data-charter-notices-none-here]"), !shown && !!chosen);
        count(shown);
      } else {
        setHidden(section, !shown);
      }
    }
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
    if (next !== Infinity) {
      timer = window.setTimeout(update, Math.min(Math.max(next - now, 0) + 1, LONGEST_TIMER));
    }
  }

  function showLine(line, shown) {
    if (line) line.hidden = !shown;
  }

  /* Says how many notices the page shows, in the polite live region beside the choice of neighbourhood. */
  function count(shown) {
    var status = document.querySelector("[data-charter-filter-count]");
    if (!status || status.closest("[hidden]")) return;
    var text = (status.getAttribute("data-words") || "{n}").replace("{n}", String(shown));
    if (status.textContent !== text) status.textContent = text;
  }

  /* The neighbourhood in the page's address, or null when it names none. */
  function fromAddress() {
    var match = /[?&]neighbourhood=([^&#]*)/.exec(window.location.search);
    if (!match) return null;
    try {
      return decodeURIComponent(match[1].replace(/\+/g, " "));
    } catch (error) {
      return null;
    }
  }

  /* The neighbourhood the resident gave on the "What applies to me" page, or "": read defensively, the value is
   * another page's and the browser may refuse storage altogether. */
  function fromAnswers() {
    try {
      var answers = JSON.parse(window.localStorage.getItem(ANSWERS) || "null");
      if (answers && typeof answers === "object" && typeof answers.neighbourhood === "string") {
        return answers.neighbourhood;
      }
    } catch (error) {
      // no storage, or not JSON: nothing chosen
    }
    return "";
  }

  /* Puts the choice in the page's address, replacing the current entry of the history. */
  function remember() {
    if (!window.history || !window.history.replaceState) return;
    var search = window.location.search.replace(/^\?/, "").split("&");
    var kept = [];
    for (var i = 0; i < search.length; i++) {
      if (search[i] && search[i].split("=")[0] !== PARAMETER) kept.push(search[i]);
    }
    if (chosen) kept.push(PARAMETER + "=" + encodeURIComponent(chosen));
    var address = window.location.pathname + (kept.length ? "?" + kept.join("&") : "") + window.location.hash;
    try {
      window.history.replaceState(window.history.state, "", address);
    } catch (error) {
      // some browsers refuse to change the address of a page opened from a file
    }
  }

  /* Offers the chosen neighbourhood's calendar beside the calendar of every notice. */
  function offerCalendar() {
    var slot = document.querySelector("[data-charter-calendar-selected]");
    if (!slot) return;
    while (slot.firstChild) slot.removeChild(slot.firstChild);
    var source = chosen ? document.querySelector('[data-charter-calendar-for="' + chosen + '"]') : null;
    if (source) {
      for (var i = 0; i < source.childNodes.length; i++) slot.appendChild(source.childNodes[i].cloneNode(true));
    }
    slot.hidden = !source;
  }

  function setUpFilter() {
    var filter = document.querySelector("[data-charter-notices-filter]");
    var select = filter && filter.querySelector("select");
    if (!select) return;
    var known = {};
    for (var i = 0; i < select.options.length; i++) known[select.options[i].value] = true;
    var asked = fromAddress();
    var saved = filter.querySelector("[data-charter-filter-saved]");
    if (asked !== null && known[asked]) {
      chosen = asked;
    } else {
      var answered = fromAnswers();
      if (answered && known[answered]) {
        chosen = answered;
        if (saved) saved.hidden = false;
      }
    }
    select.value = chosen;
    filter.hidden = false;
    select.addEventListener("change", function () {
      chosen = known[select.value] ? select.value : "";
      if (saved) saved.hidden = true;
      remember();
      offerCalendar();
      update();
    });
    offerCalendar();
  }

  function start() {
    setUpFilter();
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
