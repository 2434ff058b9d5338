// Runs the browser's search engine (plugins/service_charter/assets/charter-search.js) under Node
// for the tests: reads a JSON request on stdin, writes the JSON answer to stdout.
//   {"fold": ["text", ...], "rules": {...}}  →  [{"words": [...], "content": [...], "terms": [[term, depth], ...]}, ...]
//   {"site": "<language's site folder>", "queries": ["...", ...]}  →  [[{location, title, text}, ...], ...]
//   the same with "cold": true  →  [{"files": [index files the query loaded], "results": n}, ...], each
//   query on a fresh engine, as a first visit would (for bench/search.py); with "typed": true as well,
//   the query is searched key by key, each keystroke's query answered in full, as a slow typist's would be
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const {Folding, Engine, take} = require("../../plugins/service_charter/assets/charter-search.js");

async function answer(request) {
  if (request.fold) {
    const folding = new Folding(request.rules);
    return request.fold.map(text => {
      const words = folding.words(text);
      return {words, content: folding.contentWords(text), terms: words.flatMap(w => folding.terms(w))};
    });
  }
  const search = path.join(request.site, "search");
  const manifest = JSON.parse(fs.readFileSync(path.join(search, "search_index.json"), "utf-8")).config.charter;
  let loaded = [];
  const load = async name => {
    const file = path.join(search, manifest.folder, `${name}.js`);
    loaded.push(path.relative(request.site, file));
    vm.runInThisContext(fs.readFileSync(file, "utf-8"));
    return take(name);
  };
  let engine = new Engine(manifest, load);
  const out = [];
  for (const query of request.queries) {
    if (request.cold) {
      engine = new Engine(manifest, load);
      loaded = [];
    }
    if (request.typed) for (let end = 1; end < [...query].length; end++) await engine.search([...query].slice(0, end).join(""));
    const {items} = await engine.search(query);
    await Promise.all(engine.files.values());  // what was fetched ahead counts too
    if (request.cold) out.push({files: [...new Set(loaded)], results: items.length});
    else out.push(items.map(group => group.map(({location, title, text}) => ({location, title, text}))));
  }
  return out;
}

let input = "";
process.stdin.on("data", chunk => (input += chunk));
process.stdin.on("end", async () => process.stdout.write(JSON.stringify(await answer(JSON.parse(input)))));
