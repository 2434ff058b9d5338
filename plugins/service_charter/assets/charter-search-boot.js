/*
 * Puts the charter's search engine behind the theme's search box. Runs before the theme's script:
 * - points the theme at charter-search.js instead of its own search worker;
 * - when the site is opened from a folder on disk, where browsers refuse web workers, runs the
 *   engine in the page behind the same worker interface;
 * - makes the line that counts the results a polite live region, so screen readers announce it;
 * - searches on every change of the query, not only after a key is released: the theme listens for
 *   key-up alone, which pasting, dictation, autocomplete and some phone keyboards never send.
 */
(function () {
  "use strict";
  var element = document.getElementById("__config");
  if (!element) return;
  var config = JSON.parse(element.textContent);
  var engine = new URL("assets/charter-search.js", new URL(config.base, location.href)).href;
  config.search = engine;
  element.textContent = JSON.stringify(config);

  var meta = document.querySelector(".md-search-result__meta");
  if (meta) {
    meta.setAttribute("role", "status");
    meta.setAttribute("aria-live", "polite");
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
