/* “What applies to me”, in the browser only.
 *
 * The reader's answers to the questions of the for-you page are kept in this browser's local storage, under one key
 * (`charter-answers`, model/questions.py `ANSWERS_KEY`), as `{"v": 1, <question id>: <answer>, ...}`; a question not
 * answered is absent. Nothing is ever sent anywhere: this script makes no request, and the form has no address.
 *
 * Everything the script shows is drawn by the page in its own language (templates/charter/fit-macros.html,
 * for-you.html, eligibility.html); the script only shows, hides, moves and copies it:
 *
 * - `[data-fit-form]`: the questions, shown (they stay hidden without JavaScript), filled in from the answers kept,
 *   and read back on submit (`[data-question]` with its `data-kind`: one, several, yes-no, place);
 * - `[data-fit-results]`: the candidates of `[data-fit-pool]`, each moved into the group its answers put it in;
 * - `[data-fit-verdict]`: a service's answer, “probably eligible”, “probably not” or “we can't tell”;
 * - `[data-fit-marks]`: a list whose items that probably apply get the mark of `template[data-fit-mark]`, under the
 *   line of `template[data-fit-status]`;
 * - `[data-fit-forget]`: forgets the answers in one tap.
 *
 * A record's ways to qualify (`data-fit`, JSON) are a list of criteria sets. Each criterion is yes, no or unknown
 * (unanswered: unknown; an age band inside the range: yes, outside it: no, across its edge: unknown; a list: any of
 * it); a way is no if any criterion is no, yes if all are yes, else unknown; a record is yes if any way is yes, no if
 * all are no, else unknown. The site only ever says “probably”: the service's own text stays the rule.
 */
(function () {
  "use strict";

  var KEY = "charter-answers";
  var VERSION = 1;
  var YES = "yes";
  var NO = "no";
  var UNKNOWN = "unknown";

  // --- The answers kept in this browser ---

  function load() {
    try {
      var answers = JSON.parse(window.localStorage.getItem(KEY));
      return answers && typeof answers === "object" && answers.v === VERSION ? answers : null;
    } catch (error) {
      return null; // storage turned off, or not ours to read
    }
  }

  function save(answers) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(answers));
    } catch (error) {
      /* storage full or turned off: the results still show on this page */
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(KEY);
    } catch (error) {
      /* nothing was kept */
    }
  }

  function has(answers, field) {
    return Object.prototype.hasOwnProperty.call(answers, field) && answers[field] !== null;
  }

  function answeredAny(answers) {
    for (var field in answers) {
      if (field !== "v" && has(answers, field)) return true;
    }
    return false;
  }

  // --- What fits ---

  /* An age band's bounds from its value, as model/questions.py writes it: "18-61", or "67+" for "or older". */
  function bounds(value) {
    var match = /^(\d+)(?:-(\d+)|\+)$/.exec(String(value));
    if (!match) return null;
    return [Number(match[1]), match[2] === undefined ? Infinity : Number(match[2])];
  }

  function criterion(field, wanted, answers) {
    if (!has(answers, field)) return UNKNOWN;
    var given = answers[field];
    if (field === "age") {
      var band = bounds(given);
      if (!band || !Array.isArray(wanted)) return UNKNOWN;
      var low = wanted[0] === null ? 0 : wanted[0];
      var high = wanted[1] === null ? Infinity : wanted[1];
      if (band[0] >= low && band[1] <= high) return YES;
      if (band[1] < low || band[0] > high) return NO;
      return UNKNOWN;
    }
    if (Array.isArray(wanted)) {
      if (!Array.isArray(given)) return UNKNOWN;
      for (var i = 0; i < wanted.length; i++) {
        if (given.indexOf(wanted[i]) >= 0) return YES;
      }
      return NO;
    }
    // Someone moving here now may not live here yet.
    if (field === "residency" && wanted === "resident" && given === "new-resident") return UNKNOWN;
    return given === wanted ? YES : NO;
  }

  /* One way to qualify: its verdict, and whether any of its criteria holds. */
  function way(criteria, answers) {
    var verdict = YES;
    var partly = false;
    for (var field in criteria) {
      if (!Object.prototype.hasOwnProperty.call(criteria, field)) continue;
      var said = criterion(field, criteria[field], answers);
      if (said === NO) return { verdict: NO, partly: partly };
      if (said === YES) partly = true;
      else verdict = UNKNOWN;
    }
    return { verdict: verdict, partly: partly };
  }

  /* A record's ways: its verdict, the ways that probably apply, and those that partly do. */
  function judge(element, answers) {
    var ways;
    try {
      ways = JSON.parse(element.getAttribute("data-fit"));
    } catch (error) {
      ways = [];
    }
    var result = { verdict: NO, fitting: [], partly: [] };
    if (!Array.isArray(ways) || !ways.length) result.verdict = UNKNOWN;
    for (var i = 0; i < (Array.isArray(ways) ? ways.length : 0); i++) {
      var judged = way(ways[i], answers);
      if (judged.verdict === YES) {
        result.verdict = YES;
        result.fitting.push(i);
      } else if (judged.verdict === UNKNOWN) {
        if (result.verdict === NO) result.verdict = UNKNOWN;
        if (judged.partly) result.partly.push(i);
      }
    }
    return result;
  }

  /* Writes the names of ways `indexes` (drawn by the page in `[data-fit-way]`) into the element's names slot; how
   * many there were. */
  function nameWays(element, indexes) {
    var slot = element.querySelector("[data-fit-names]");
    var names = [];
    var drawn = element.querySelectorAll("[data-fit-way]");
    for (var i = 0; i < drawn.length; i++) {
      if (indexes.indexOf(Number(drawn[i].getAttribute("data-fit-way"))) >= 0) {
        names.push(drawn[i].textContent.trim());
      }
    }
    if (slot) slot.textContent = names.join(slot.getAttribute("data-separator") || ", ");
    return names.length;
  }

  // --- The questions ---

  function readForm(form) {
    var answers = { v: VERSION };
    var questions = form.querySelectorAll("[data-question]");
    for (var i = 0; i < questions.length; i++) {
      var question = questions[i];
      var id = question.getAttribute("data-question");
      var kind = question.getAttribute("data-kind");
      if (kind === "place") {
        var select = question.querySelector("select");
        if (select && select.value) answers[id] = select.value;
      } else if (kind === "several") {
        var ticked = question.querySelectorAll("input:checked");
        if (!ticked.length) continue;
        var values = [];
        for (var j = 0; j < ticked.length; j++) {
          if (ticked[j].hasAttribute("data-fit-none")) {
            values = [];
            break;
          }
          values.push(ticked[j].value);
        }
        answers[id] = values;
      } else {
        var chosen = question.querySelector("input:checked");
        if (!chosen || !chosen.value) continue;
        answers[id] = kind === "yes-no" ? chosen.value === "true" : chosen.value;
      }
    }
    return answers;
  }

  function fillForm(form, answers) {
    var questions = form.querySelectorAll("[data-question]");
    for (var i = 0; i < questions.length; i++) {
      var question = questions[i];
      var id = question.getAttribute("data-question");
      var kind = question.getAttribute("data-kind");
      var given = answers && has(answers, id) ? answers[id] : undefined;
      if (kind === "place") {
        var select = question.querySelector("select");
        if (select) select.value = typeof given === "string" ? given : "";
        if (select && select.selectedIndex < 0) select.value = "";
        continue;
      }
      var inputs = question.querySelectorAll("input");
      for (var j = 0; j < inputs.length; j++) {
        var input = inputs[j];
        if (kind === "several") {
          input.checked = Array.isArray(given) &&
            (input.hasAttribute("data-fit-none") ? given.length === 0 : given.indexOf(input.value) >= 0);
        } else if (given === undefined) {
          input.checked = input.value === "";
        } else {
          input.checked = input.value === String(given);
        }
      }
    }
  }

  /* In a question of several answers, “none” and the others exclude each other. */
  function onTick(event) {
    var input = event.target;
    if (!input.checked || input.type !== "checkbox") return;
    var question = input.closest("[data-question]");
    if (!question) return;
    var others = question.querySelectorAll("input[type=checkbox]");
    var isNone = input.hasAttribute("data-fit-none");
    for (var i = 0; i < others.length; i++) {
      if (others[i] !== input && others[i].hasAttribute("data-fit-none") !== isNone) others[i].checked = false;
    }
  }

  // --- The results on the for-you page ---

  var candidates = [];

  function showGroupState(results) {
    var parts = results.querySelectorAll("[data-fit-part]");
    for (var i = 0; i < parts.length; i++) {
      var list = parts[i].querySelector("[data-fit-group]");
      var shown = list.querySelectorAll(":scope > li:not([hidden])").length > 0;
      var empty = parts[i].querySelector("[data-fit-empty]");
      if (empty) empty.hidden = shown;
      if (parts[i].hasAttribute("data-fit-hide-empty")) parts[i].hidden = !shown;
    }
  }

  function showResults(results, answers) {
    if (!answers) {
      results.hidden = true;
      return;
    }
    results.hidden = false;
    var any = answeredAny(answers);
    results.querySelector("[data-fit-nothing]").hidden = any;
    var parts = results.querySelectorAll("[data-fit-part]");
    for (var p = 0; p < parts.length; p++) parts[p].hidden = !any;
    if (!any) return;
    var pool = results.querySelector("[data-fit-pool]");
    var items = candidates;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var judged = judge(item, answers);
      var event = item.getAttribute("data-fit-kind") === "event";
      var group = null;
      var named = [];
      if (judged.verdict === YES) {
        group = event ? "events" : "likely";
        named = judged.fitting;
      } else if (!event && judged.verdict === UNKNOWN && judged.partly.length) {
        group = "unsure";
        named = judged.partly;
      }
      var how = item.querySelector("[data-fit-how]");
      if (how) how.hidden = !(group && nameWays(item, named));
      (group ? results.querySelector('[data-fit-group="' + group + '"]') : pool).appendChild(item);
    }
    showNotices(results, answers);
    showGroupState(results);
  }

  function showNotices(results, answers) {
    var place = has(answers, "neighbourhood") ? String(answers.neighbourhood) : "";
    var headings = results.querySelectorAll("[data-fit-notices-for]");
    for (var h = 0; h < headings.length; h++) {
      headings[h].hidden = (headings[h].getAttribute("data-fit-notices-for") === "place") !== Boolean(place);
    }
    var notices = results.querySelectorAll("[data-fit-places]");
    var now = Date.now();
    for (var i = 0; i < notices.length; i++) {
      var places = notices[i].getAttribute("data-fit-places").split(" ").filter(Boolean);
      var article = notices[i].querySelector("[data-ends]");
      var ended = article && Date.parse(article.getAttribute("data-ends")) <= now;
      notices[i].hidden = Boolean(ended) || (places.length > 0 && places.indexOf(place) < 0);
    }
  }

  // --- A service's answer, and the marks in lists ---

  function showVerdict(box, answers) {
    var verdict = box.querySelector("[data-fit-box]");
    var invite = box.querySelector("[data-fit-invite]");
    if (!answers) {
      verdict.hidden = true;
      invite.hidden = false;
      return;
    }
    var judged = judge(box, answers);
    var says = judged.verdict === YES ? (nameWays(box, judged.fitting) ? "likely-as" : "likely")
      : judged.verdict === NO ? "unlikely" : "unsure";
    var lines = box.querySelectorAll("[data-fit-says]");
    for (var i = 0; i < lines.length; i++) lines[i].hidden = lines[i].getAttribute("data-fit-says") !== says;
    verdict.hidden = false;
    invite.hidden = true;
  }

  function markItem(container, element, mark) {
    var item = element;
    if (element.hasAttribute("data-fit-for")) {
      var href = element.getAttribute("data-fit-for");
      var links = container.querySelectorAll("a[href]");
      item = null;
      for (var i = 0; i < links.length && !item; i++) {
        if (links[i].getAttribute("href") === href) item = links[i].closest("li");
      }
    }
    var link = item && item.querySelector("a");
    if (link) link.insertAdjacentElement("afterend", mark.cloneNode(true));
  }

  function showMarks(container, answers) {
    // The line that has just said “forgotten” stays until the page is left; the others go.
    var lines = answers ? "[data-fit-status-shown]" : "[data-fit-status-shown]:not([data-fit-said])";
    var old = container.querySelectorAll(".charter-fit-mark, " + lines);
    for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
    if (!answers) return;
    var markTemplate = container.querySelector("template[data-fit-mark]");
    var statusTemplate = container.querySelector("template[data-fit-status]");
    if (!markTemplate || !statusTemplate) return;
    var mark = markTemplate.content.firstElementChild;
    var items = container.querySelectorAll("[data-fit]");
    for (var j = 0; j < items.length; j++) {
      if (judge(items[j], answers).verdict === YES) markItem(container, items[j], mark);
    }
    var status = statusTemplate.content.firstElementChild.cloneNode(true);
    status.setAttribute("data-fit-status-shown", "");
    statusTemplate.parentNode.insertBefore(status, statusTemplate);
  }

  // --- Everything on the page ---

  function refresh(answers) {
    var form = document.querySelector("[data-fit-form]");
    if (form) fillForm(form, answers);
    var results = document.querySelector("[data-fit-results]");
    if (results) showResults(results, answers);
    var boxes = document.querySelectorAll("[data-fit-verdict]");
    for (var i = 0; i < boxes.length; i++) showVerdict(boxes[i], answers);
    var lists = document.querySelectorAll("[data-fit-marks]");
    for (var j = 0; j < lists.length; j++) showMarks(lists[j], answers);
    var onlyWithAnswers = document.querySelectorAll("[data-fit-if-answers]");
    for (var k = 0; k < onlyWithAnswers.length; k++) onlyWithAnswers[k].hidden = !answers;
  }

  /* Forgets the answers, then says so where the reader tapped, and keeps their place. */
  function onForget(button) {
    forget();
    var status = button.closest("[data-fit-status-shown]");
    if (status) {
      status.setAttribute("data-fit-said", "");
      status.querySelector("[data-fit-status-line]").hidden = true;
    }
    refresh(null);
    var said = status || (button.closest("form, li, section, article") || document).querySelector(".charter-fit-said");
    if (said) {
      var forgotten = said.querySelector("[data-fit-forgotten]");
      if (forgotten) forgotten.hidden = false;
      said.focus();
    }
    var box = button.closest("[data-fit-verdict]");
    var invite = box && box.querySelector("[data-fit-invite] a");
    if (invite) invite.focus();
  }

  function onSubmit(event) {
    event.preventDefault(); // nothing is sent: the answers stay here
    var form = event.target;
    var answers = readForm(form);
    save(answers);
    var said = form.querySelector("[data-fit-forgotten]");
    if (said) said.hidden = true;
    refresh(answers);
    var title = document.querySelector("[data-fit-results-title]");
    if (title) title.focus();
  }

  function start() {
    var results = document.querySelector("[data-fit-results]");
    if (results) {
      var pool = results.querySelector("[data-fit-pool]");
      candidates = Array.prototype.slice.call(pool.children);
    }
    var form = document.querySelector("[data-fit-form]");
    if (form) {
      form.addEventListener("submit", onSubmit);
      form.addEventListener("change", onTick);
      form.hidden = false;
      var fallback = document.querySelector("[data-fit-nojs]");
      if (fallback) fallback.hidden = true;
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-fit-forget]");
      if (button) onForget(button);
    });
    window.addEventListener("storage", function (event) {
      if (event.key === KEY || event.key === null) refresh(load());
    });
    refresh(load());
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
