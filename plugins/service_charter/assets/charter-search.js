/*
 * The charter's search engine, behind the theme's search box.
 *
 * It speaks the theme's search-worker protocol (SETUP → READY, QUERY → RESULT) and runs as a web
 * worker, or in the page when the site is opened from a folder on disk (charter-search-boot.js).
 * The index is built ahead of time by search/index.py; this file loads only the parts a query
 * needs, side by side, and folds what the resident types with the same rules (search/text.py
 * mirrors `Folding`; tests/search/vectors.yml holds both to the same answers).
 */
"use strict";

/* ---------- Folding words into terms: the same steps as search/text.py ---------- */

const DROPPED = /[\p{Mn}\p{Me}\p{Cf}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DIGITS = /^\p{Nd}+$/u;
const length = text => [...text].length;
const firstLetter = text => String.fromCodePoint(text.codePointAt(0));

class Folding {
  constructor(rules) {
    this.remove = new Set(rules.remove);
    this.fold = rules.fold;
    this.minToken = rules.min_token;
    this.typoMinLength = rules.typo_min_length;
    const norm = text => this.normalize(text);
    this.scripts = Object.values(rules.scripts).map(spec => ({
      first: norm(spec.range[0]),
      last: norm(spec.range[1]),
      prefixes: spec.prefixes.map(slot => slot.map(norm)),
      minRest: spec.min_rest,
      suffixes: spec.suffixes.map(norm).sort((a, b) => length(b) - length(a)),
      minStem: spec.min_stem,
      protect: spec.protect.map(norm),
      keep: new Set(),
      stopwords: new Set(spec.stopwords.map(norm)),
    }));
    // A word kept whole is kept whole with its prefixes taken off too: الجمعة and جمعة alike.
    Object.values(rules.scripts).forEach((spec, n) => {
      for (const kept of spec.keep ?? [])
        for (const word of this.words(kept))
          for (const [form] of this.variants(word)) this.scripts[n].keep.add(form);
    });
  }

  normalize(text) {
    let out = "";
    for (const char of text.normalize("NFKD").toLowerCase()) {
      if (this.remove.has(char) || DROPPED.test(char)) continue;
      out += this.fold[char] ?? char;
    }
    return out;
  }

  words(text) {
    let spaced = "";
    for (const char of this.normalize(text)) spaced += LETTER_OR_DIGIT.test(char) ? char : " ";
    return spaced.split(" ").filter(w => w && (length(w) >= this.minToken || DIGITS.test(w)));
  }

  contentWords(text) {
    return this.words(text).filter(word => !this.scriptOf(word)?.stopwords.has(word));
  }

  scriptOf(word) {
    const first = firstLetter(word);
    return this.scripts.find(s => s.first <= first && first <= s.last);
  }

  variants(word) {
    const script = this.scriptOf(word);
    const found = new Map([[word, 0]]);
    const forms = [[word, 0]];
    for (const slot of script ? script.prefixes : []) {
      for (const [form, depth] of [...forms]) {
        for (const prefix of slot) {
          const rest = form.slice(prefix.length);
          if (form.startsWith(prefix) && length(rest) >= script.minRest) {
            forms.push([rest, depth + 1]);
            found.set(rest, Math.min(depth + 1, found.get(rest) ?? depth + 1));
          }
        }
      }
    }
    return [...found];
  }

  stem(word) {
    const script = this.scriptOf(word);
    if (!script || script.keep.has(word) || script.protect.some(p => word.endsWith(p))) return word;
    for (const suffix of script.suffixes) {
      if (word.endsWith(suffix) && length(word) - length(suffix) >= script.minStem)
        return word.slice(0, word.length - suffix.length);
    }
    return word;
  }

  terms(word) {
    const best = new Map();
    for (const [form, depth] of this.variants(word)) {
      const term = this.stem(form);
      best.set(term, Math.min(depth, best.get(term) ?? depth));
    }
    return [...best];
  }
}

/* ---------- Ranking ---------- */

const PREFIX_FACTOR = [1, 0.8, 0.7, 0.6];
const TYPO_FACTOR = 0.6;
const RESULTS = 20;
/** A word this long is also the start of longer words wherever it stands in the query… */
const COMPLETE_FROM = 3;
/** …though less so than the word still being typed: the resident went on to the next one. */
const FINISHED = 0.6;
/** The most index files fetched for the words a few letters may begin, before more are typed. */
const AHEAD_FILES = 4;
/** Among the results shown, a title that is the query counts double, one that holds all of it 1.3 times. */
const EXACT_TITLE = 2, TITLE_HOLDS_QUERY = 1.3;

/** Whether two words differ by one letter added, dropped, changed or two swapped. */
function oneEditApart(a, b) {
  if (a === b) return false;
  const [x, y] = [[...a], [...b]];
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const rest = (p, q) => x.slice(p).join("") === y.slice(q).join("");
  if (x.length === y.length)
    return rest(i + 1, i + 1) || (x[i] === y[i + 1] && x[i + 1] === y[i] && rest(i + 2, i + 2));
  return x.length > y.length ? rest(i + 1, i) : rest(i, i + 1);
}

const ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
const escapeHTML = text => text.replace(/[&<>"']/g, c => ESCAPES[c]);

class Engine {
  /** `load(name)` resolves to the data of one index file, e.g. `t-5d0` or `d-3`. */
  constructor(manifest, load) {
    this.manifest = manifest;
    this.folding = new Folding(manifest.rules);
    this.shardKeys = new Set(manifest.shards);
    this.load = load;
    this.files = new Map();
  }

  /** An index file, fetched once; a failed fetch is tried again by the next query. `priority` tells the
   * browser which of several waiting fetches to send first: the results' teasers before files fetched ahead. */
  file(name, priority = "auto") {
    if (!this.files.has(name)) {
      const loading = this.load(name, priority);
      loading.catch(() => this.files.delete(name));
      this.files.set(name, loading);
    }
    return this.files.get(name);
  }

  /** The index file a term is in: by as many of its first letters as its group is split by. */
  shardKey(term) {
    const letters = [...term];
    for (let n = Math.min(letters.length, 3); n > 0; n--) {
      const key = letters.slice(0, n).join("");
      if (this.shardKeys.has(key)) return key;
    }
    return null;
  }

  shard(key, priority) {
    if (key === null) return Promise.resolve({});
    return this.file(`t-${[...key].map(c => c.codePointAt(0).toString(16)).join("-")}`, priority);
  }

  /** The index files that may hold a term and the words it begins: more where its letters are split further,
   * but not a busy letter pair's many files (`בי`): the next letter typed narrows it to one of them. */
  keysFor(term, complete) {
    const key = this.shardKey(term);
    const longer = complete ? [...this.shardKeys].filter(k => length(k) > length(term) && k.startsWith(term)) : [];
    return longer.length <= AHEAD_FILES ? [key, ...longer] : [key];
  }

  /** The query's words, each with the index terms that match it: how well, and where.
   *
   * Every word may be the start of a longer one (`ادفع` finds `ادفعوا`), the last one even when
   * short; a word of `typoMinLength` letters or more also finds words one letter away (added,
   * dropped, changed or two swapped), and a shorter one does when it finds nothing else.
   */
  async match(query) {
    const typing = !/\s$/.test(query);
    const words = this.folding.contentWords(query).map((word, position, all) => {
      // A word kept whole (`keep`) is taken as written: one letter off is another word (الجمعة, جمع).
      const kept = this.folding.terms(word).some(([term]) => this.folding.scriptOf(term)?.keep.has(term));
      const typos = !kept && length(word) >= this.folding.typoMinLength;
      const last = typing && position === all.length - 1;
      const complete = last || length(word) >= COMPLETE_FROM;
      const terms = this.folding.terms(word).map(([term, depth]) => {
        const letters = [...term];
        const keys = this.keysFor(term, last);
        const key = keys[0];
        // Where letters are split, an extra letter or two swapped letters early on put the word in another file.
        for (let p = 1; typos && p < length(key ?? ""); p++) {
          keys.push(this.shardKey([...letters.slice(0, p), ...letters.slice(p + 1)].join("")));
          const swapped = [...letters];
          [swapped[p], swapped[p + 1]] = [swapped[p + 1], swapped[p]];
          keys.push(this.shardKey(swapped.join("")));
        }
        return {term, depth, keys: [...new Set(keys)]};
      });
      return {word, terms, typos, complete, kept, last};
    });
    const keys = new Set(words.flatMap(w => w.terms.flatMap(t => t.keys)));
    const shards = new Map(await Promise.all([...keys].map(async key => [key, await this.shard(key)])));
    return words.map(({word, terms, typos, complete, kept, last}) => {
      const candidates = new Map();
      const add = (term, factor, postings) => {
        if (factor > (candidates.get(term)?.factor ?? 0)) candidates.set(term, {factor, postings});
      };
      const look = (fuzzy) => {
        for (const {term, depth, keys} of terms) {
          const factor = PREFIX_FACTOR[Math.min(depth, PREFIX_FACTOR.length - 1)];
          for (const [n, key] of keys.entries()) {
            const shard = shards.get(key);
            if (n === 0 && shard[term]) add(term, factor, shard[term]);
            if (!complete && !fuzzy) continue;
            for (const other in shard) {
              if (complete && other.startsWith(term) && other !== term)
                add(other, factor * (last ? 1 : FINISHED) * (0.5 + 0.4 * length(term) / length(other)), shard[other]);
              else if (fuzzy && oneEditApart(term, other))
                add(other, factor * TYPO_FACTOR, shard[other]);
            }
          }
        }
      };
      look(typos);
      if (!candidates.size && !typos && !kept) look(true);  // a short word that finds nothing: `רעס` is `רעש` mistyped
      return {word, candidates};
    });
  }

  /** The index files of a word's first letter, fetched as soon as it is typed, before the word is long
   * enough to search for (unless the letter's words are split over many files). */
  prefetch(query) {
    const word = this.folding.normalize(query).split(/[^\p{L}\p{N}]+/u).at(-1);
    if (!word || length(word) >= this.folding.minToken) return;
    for (const key of this.keysFor(word, true)) if (key !== null) this.shard(key, "low").catch(() => {});
  }

  /** Entry numbers by score, best first, with which query words each one matched.
   *
   * An entry scores, for each query word, its best matching term's weight × how well it matches ×
   * how rare the term is; the sum is scaled by the square of the share of the query it matched,
   * where rare words count more than common ones ("how", "the", "של").
   */
  rank(matches) {
    const scores = new Map();
    const rarity = this.rarity(matches);
    matches.forEach(({candidates}, index) => {
      const best = new Map();
      for (const {factor, postings} of candidates.values()) {
        const weight = factor * this.idf(postings);
        let entry = 0;
        for (let i = 0; i < postings.length; i += 2) {
          entry += postings[i];
          const score = (postings[i + 1] / 10) * weight;
          if (score > (best.get(entry) ?? 0)) best.set(entry, score);
        }
      }
      for (const [entry, score] of best) {
        const hit = scores.get(entry) ?? {score: 0, words: new Set(), rarity: 0};
        hit.score += score;
        hit.words.add(index);
        hit.rarity += rarity[index];
        scores.set(entry, hit);
      }
    });
    const all = rarity.reduce((a, b) => a + b, 0);
    return [...scores]
      .map(([entry, hit]) => ({entry, words: hit.words, score: hit.score * (hit.rarity / all) ** 2}))
      .sort((a, b) => b.score - a.score || a.entry - b.entry);
  }

  idf(postings) {
    const total = this.manifest.count;
    return Math.log(1 + (total - postings.length / 2 + 0.5) / (postings.length / 2 + 0.5));
  }

  /** How much each query word says: the rarity of its best match, or the most for a word found nowhere. */
  rarity(matches) {
    const most = Math.log(1 + this.manifest.count);
    return matches.map(({candidates}) =>
      candidates.size ? Math.max(...[...candidates.values()].map(c => this.idf(c.postings))) : most);
  }

  async teaser(entry) {
    const chunk = await this.file(`d-${Math.floor(entry / this.manifest.chunk)}`, "high");
    return chunk[entry % this.manifest.chunk];
  }

  /** The theme's search result: groups of items, a page and its matching sections; null once `current()`
   * says a newer query has come (a stale query stops at its next wait rather than run to the end). */
  async search(query, current = () => true) {
    this.prefetch(query);
    const matches = await this.match(query);
    if (!current()) return null;
    const ranked = this.rank(matches).slice(0, RESULTS);
    const teasers = await Promise.all(ranked.map(hit => this.teaser(hit.entry)));
    if (!current()) return null;
    this.preferTitles(query, ranked, teasers);
    const order = ranked.map((hit, n) => n).sort((a, b) => ranked[b].score - ranked[a].score || a - b);
    const matched = new Set(matches.flatMap(m => [...m.candidates.keys()]));
    const groups = new Map();
    for (const n of order) {
      const [hit, data] = [ranked[n], teasers[n]];
      const terms = Object.fromEntries(matches.map((m, i) => [m.word, hit.words.has(i)]));
      const item = {location: data.u, title: this.html(data.t, data.tl, matched), score: hit.score, terms};
      item.text = this.teaserHTML(data, matched);
      const key = data.pu ?? data.u;
      if (!groups.has(key)) groups.set(key, {items: [], parent: data.pu && {location: data.pu, title: escapeHTML(data.pt), text: "", terms: {}}});
      groups.get(key).items.push(item);
    }
    const items = [...groups.values()].map(({items, parent}) => {
      if (!parent) return items;
      return [...items, {...parent, score: items[0].score * 0.9}];
    });
    return {items, total: items.length};
  }

  /** Raises the results whose title is what was typed, or holds every word of it, by their title's words. */
  preferTitles(query, ranked, teasers) {
    const termsOf = word => new Set(this.folding.terms(word).map(([term]) => term));
    const asked = this.folding.contentWords(query).map(termsOf);
    if (!asked.length) return;
    ranked.forEach((hit, n) => {
      const title = this.folding.contentWords(teasers[n].t).map(termsOf);
      const found = asked.filter(terms => title.some(words => [...terms].some(t => words.has(t))));
      if (found.length < asked.length) return;
      const exact = title.every(words => asked.some(terms => [...terms].some(t => words.has(t))));
      hit.score *= exact ? EXACT_TITLE : TITLE_HOLDS_QUERY;
    });
  }

  teaserHTML(data, matched) {
    const parts = [];
    if (data.x) parts.push(this.html(data.x, data.xl, matched));
    if (data.c) parts.push(`<strong class="charter-search-promise">${escapeHTML(data.c)}</strong>`);
    return parts.length ? `<p>${parts.join(" · ")}</p>` : "";
  }

  /** Text as HTML, the words that matched marked, and its language given when it falls back. */
  html(text, lang, matched) {
    const marked = text.split(/([\p{L}\p{N}\p{M}\p{Cf}'"`´‘’‛“”„׳״ـ]+)/u).map((part, i) => {
      if (i % 2 === 0) return escapeHTML(part);
      const hit = this.folding.words(part).some(w => this.folding.terms(w).some(([t]) => matched.has(t)));
      return hit ? `<mark>${escapeHTML(part)}</mark>` : escapeHTML(part);
    }).join("");
    if (!lang) return marked;
    const fallback = this.manifest.fallback;
    return `<span lang="${escapeHTML(lang)}" dir="${escapeHTML(fallback.dir)}">${marked}</span>`;
  }
}

/* ---------- The theme's search-worker protocol ---------- */

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

/** Answers the theme's messages; only the latest query is answered, and a stale one stops early. */
function protocol(base, loadFile) {
  let engine, latest;
  return async (message, reply) => {
    if (message.type === SETUP) {
      const manifest = message.data.config.charter;
      const folder = new URL(manifest.folder, base);
      engine = new Engine(manifest, (name, priority) => loadFile(new URL(`${name}.js`, folder).href, name, priority));
      reply({type: READY});
    } else if (message.type === QUERY && engine) {
      const query = latest = message.data;
      let result = {items: [], total: 0};
      try {
        result = await engine.search(query, () => query === latest);
      } catch (error) {
        console.error("search index could not be loaded", error);
      }
      if (result && query === latest) reply({type: RESULT, data: result});
    }
  };
}

/** An index file's data: the file is `__charterSearch("name",DATA);`, and its data is JSON. */
async function fetchFile(url, name, priority) {
  const response = await fetch(url, {priority});
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const text = await response.text();
  return JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")")));
}

/* Index files call `__charterSearch(name, data)` when they load. */
const received = new Map();
const scope = typeof self !== "undefined" ? self : globalThis;
scope.__charterSearch = (name, data) => received.set(name, data);
const take = name => {
  const data = received.get(name);
  received.delete(name);
  return data;
};
/** The language's search folder: named after `#` in the engine's address by the page that starts it. */
const searchFolder = script => {
  const address = new URL(script);
  return new URL(address.hash ? decodeURIComponent(address.hash.slice(1)) : "../search/", address);
};

if (typeof WorkerGlobalScope !== "undefined" && scope instanceof WorkerGlobalScope) {
  // A worker fetches the files it needs side by side (loading scripts would take them one at a time).
  const handle = protocol(searchFolder(scope.location.href), fetchFile);
  scope.addEventListener("message", event => handle(event.data, message => scope.postMessage(message)));
} else if (typeof document !== "undefined" && document.currentScript) {
  const loadScript = url => new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => { script.remove(); resolve(); };
    script.onerror = reject;
    document.head.appendChild(script);
  });
  // Opened from a folder on disk, where fetching is refused: the files load as scripts, side by side too.
  const loadFile = (url, name) => loadScript(url).then(() => take(name));
  scope.__charterSearchEngine = protocol(searchFolder(document.currentScript.src), loadFile);
}

if (typeof module !== "undefined") module.exports = {Folding, Engine, take};
