/*
 * Puts the charter's search engine behind the theme's search box. Runs before the theme's script:
 * - points the theme at charter-search.js instead of its own search worker, and the engine at the language's index;
 * - when the site is opened from a folder on disk, where browsers refuse web workers, runs the
 *   engine in the page behind the same worker interface;
 * - makes the line that counts the results a polite live region, so screen readers announce it, and
 *   words it in the page's language with the right plural form (the theme knows only "one" and "other");
 * - searches on every change of the query, not only after a key is released: the theme listens for
 *   key-up alone, which pasting, dictation, autocomplete and some phone keyboards never send.
 */
(function () {
  "use strict";
  var words = document.currentScript ? document.currentScript.dataset : {};
  var element = document.getElementById("__config");
  if (!element) return;
  var config = JSON.parse(element.textContent);
  // The engine sits beside this script, at the top of the site, shared by every language; the language's index is
  // in its own folder, which the engine's address names after `#`.
  var base = new URL(config.base, location.href);
  var script = document.currentScript ? document.currentScript.src : new URL("../assets/", base).href;
  var engine = new URL("charter-search.js", script).href + "#" + encodeURIComponent(new URL("search/", base).href);
  config.search = engine;
  if (words.countOther && config.translations) {
    // The theme writes the bare count; `countResults` words it.
    config.translations["search.result.one"] = "1";
    config.translations["search.result.other"] = "#";
  }
  element.textContent = JSON.stringify(config);

  var meta = document.querySelector(".md-search-result__meta");
  if (meta) {
    meta.setAttribute("role", "status");
    meta.setAttribute("aria-live", "polite");
    if (words.countOther && window.Intl && Intl.PluralRules && window.MutationObserver) countResults(meta);
  }

  /* Replaces the theme's bare count with the page's words for it, in the plural form CLDR gives the number. */
  function countResults(line) {
    var rules = new Intl.PluralRules(words.locale || document.documentElement.lang);
    function reword() {
      var text = line.textContent.trim();
      if (!/^\d+$/.test(text)) return;
      var count = parseInt(text, 10);
      var form = rules.select(count);
      var key = "count" + form.charAt(0).toUpperCase() + form.slice(1);
      line.textContent = (words[key] || words.countOther).replace("{n}", String(count));
    }
    new MutationObserver(reword).observe(line, { childList: true, characterData: true, subtree: true });
  }
  var query = document.querySelector(".md-search__input");
  if (query) {
    query.addEventListener("input", function () {
      query.dispatchEvent(new KeyboardEvent("keyup"));
    });
  }

  if (location.protocol !== "file:") return;
  var NativeWorker = window.Worker;
  var loaded = null;
  function PageWorker(url) {
    if (url !== engine) return new NativeWorker(url);
    var target = document.createDocumentFragment();
    loaded = loaded || new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = engine;
      script.onload = function () { resolve(window.__charterSearchEngine); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    target.postMessage = function (data) {
      loaded.then(function (handle) {
        handle(data, function (reply) {
          target.dispatchEvent(new MessageEvent("message", { data: reply }));
        });
      });
    };
    target.terminate = function () {};
    return target;
  }
  window.Worker = PageWorker;
})();
