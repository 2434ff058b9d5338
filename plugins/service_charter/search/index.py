"""The search index of one language's site, built ahead of time and split so a browser loads little.

What is searchable is a list of `Entry`s: the charter's pages, each general question and answer,
and any hand-written page. Each entry has weighted fields (title, keywords, summary, body) whose
words become terms (`search_text`). The index is written as small script files:

- `search/search_index.json`: the manifest the theme's search box loads first: entry count,
  the folding rules and the folder holding the rest;
- `t-<letters>.js`: the terms that begin with one letter (or, where those would make a large
  file, with two or three) and, for each, the entries holding it with a weight: a query loads
  only the files of the letters its words begin with;
- `d-<n>.js`: titles and one-line teasers of a run of entries (a query loads only those of the
  results it shows).

Script files, not JSON, so the index also loads when the site is opened from a folder on disk.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..addresses import FAQ, HOME, SEARCH_FOLDER, SEARCH_MANIFEST, SEARCH_MANIFEST_SCRIPT, Links, record_page
from ..i18n import Localizer, direction
from ..model.charter import Charter
from ..model.kinds import CATEGORY, DATA, DEPARTMENT, LIFE_EVENT, SERVICE
from ..model.schema import Text, Vocabulary, iter_texts
from ..pages.promises import headline
from ..pages.specs import HUBS, SEARCHED_HUBS
from ..richtext import inert_json, markdown_text, plain_text
from .text import Folding, rules
from .vocabulary import ENGLISH, Synonyms

TITLE, KEYWORD, SUMMARY, QUESTION, NAME, BODY = 10, 8, 5, 3, 2, 1
"""Field weights: a word in a title counts ten times a word in the body."""
PREFIX_FACTOR = (1.0, 0.8, 0.7, 0.6)
"""A term found only after taking prefixes off counts less, the more were taken off."""
CHUNK = 8
"""Entries per teaser file."""
SPLIT_ABOVE = 24_000
"""Terms of one first letter that take more characters than this are split by their first two, and so on."""
LONGEST_KEY = 3
TEASER_LENGTH = 180
LINK_TARGET = re.compile(r"\]\([^)]*\)")
FORMAT_VERSION = 1


@dataclass
class Entry:
    """One search result: a page, or a section of a page."""

    url: str
    """Relative to the language's site, e.g. `service-arnona-payment.html` or `faq.html#faq-x`."""
    title: tuple[str, str]
    """The text and the language it is in (a fallback is marked as such in results)."""
    teaser: tuple[str, str] = ("", "")
    promise: str = ""
    """The commitment in one line, in the page's language."""
    fields: list[tuple[float, str]] = field(default_factory=list)
    boost: float = 1.0
    parent: tuple[str, str] | None = None
    """URL and title of the page a section belongs to."""


def _shorten(text: str) -> str:
    if len(text) <= TEASER_LENGTH:
        return text
    return text[:TEASER_LENGTH].rsplit(" ", 1)[0] + "…"


class _LanguageTexts:
    """Charter texts in one language, as plain text with the language they are in."""

    def __init__(self, L: Localizer):
        self.L = L

    def __call__(self, text: Text | None) -> tuple[str, str]:
        return self.L.pick(text)

    def markdown(self, text: Text | None) -> str:
        """A Markdown text as a reader sees it, for teasers."""
        value, _ = self.L.pick(text)
        return markdown_text(value) if value else ""

    def words(self, text: Text | None) -> str:
        """A Markdown text for indexing: its source without link targets (the rest of its syntax is not words)."""
        return LINK_TARGET.sub("]", self.L.pick(text)[0])

    def all_texts(self, record: object, weights: dict[str, int], skip: set[str]) -> list[tuple[float, str]]:
        """Every text of a record as a field; `weights` by the key's last name, `BODY` otherwise."""
        found: list[tuple[float, str]] = []
        for path, text in iter_texts(record):
            names = [p for p in path if isinstance(p, str)]
            if names and names[0] in skip:
                continue
            found.append((weights.get(names[-1] if names else "", BODY), self.words(text)))
        return found


def charter_entries(charter: Charter, L: Localizer, directory_urls: bool = False) -> Iterator[Entry]:
    """Every searchable part of the charter's pages, in one language."""
    read = _LanguageTexts(L)
    links = Links(HOME, directory_urls)
    # Keywords in the default language and in English find a page on every language's site.
    other_keywords = [lang for lang in dict.fromkeys([charter.site.default_language, ENGLISH]) if lang != L.lang]
    most_used = set(charter.site.most_used)

    for service in charter.services.values():
        fields: list[tuple[float, str]] = [(TITLE, read(service.title)[0]), (SUMMARY, read(service.summary)[0])]
        fields += [(KEYWORD, word) for word in service.keywords.get(L.lang, [])]
        fields += [(NAME, word) for lang in other_keywords for word in service.keywords.get(lang, [])]
        fields.append((NAME, read(charter.departments[service.department].name)[0]))
        fields += [(NAME, read(charter.categories[c].name)[0]) for c in service.categories]
        fields += [(NAME, read(charter.life_events[e].name)[0]) for e in service.life_events]
        fields += read.all_texts(service, {"question": QUESTION, "name": NAME}, skip={"title", "summary"})
        yield Entry(
            url=links.url(record_page(SERVICE.name, service.id)),
            title=read(service.title),
            teaser=read(service.summary),
            promise=headline(L, service).striptags(),
            fields=fields,
            boost=1.15 if service.id in most_used else 1.0,
        )

    faq_page = (links.url(FAQ), str(L.ui("pages.faq")))
    for faq in charter.sorted_faqs:
        yield Entry(
            url=f"{links.url(FAQ)}#faq-{faq.id}",
            title=read(faq.question),
            teaser=(_shorten(read.markdown(faq.answer)), read(faq.answer)[1]),
            fields=[(TITLE, read(faq.question)[0]), (NAME, read.words(faq.answer))],
            boost=0.6,
            parent=faq_page,
        )

    for item in charter.data_items.values():
        yield Entry(
            url=links.url(record_page(DATA.name, item.id)),
            title=read(item.name),
            teaser=(_shorten(read.markdown(item.description)), read(item.description)[1]),
            fields=[(TITLE, read(item.name)[0]), *read.all_texts(item, {"description": SUMMARY}, skip={"name"})],
            boost=0.7,
        )

    for kind in (DEPARTMENT, CATEGORY, LIFE_EVENT):
        for topic in charter.sorted_records(kind):
            yield Entry(
                url=links.url(record_page(kind.name, topic.id)),
                title=read(topic.name),
                teaser=(_shorten(read.markdown(topic.description)), read(topic.description)[1]),
                fields=[(TITLE, read(topic.name)[0]), (SUMMARY, read.words(topic.description))],
                boost=0.6,
            )

    for path in SEARCHED_HUBS:
        title = str(L.ui(HUBS[path].title))
        yield Entry(url=links.url(path), title=(title, L.lang), fields=[(TITLE, title)], boost=0.6)


def page_entry(url: str, title: str, content_html: str, lang: str) -> Entry:
    """A hand-written page: its title and its text."""
    text = plain_text(content_html)
    return Entry(
        url=url,
        title=(title, lang),
        teaser=(_shorten(text), lang),
        fields=[(TITLE, title), (BODY, text)],
        boost=0.6,
    )


# --- Writing the index ------------------------------------------------------------------------


class _Weighing:
    """The terms of entries with their weights, folded by one set of rules."""

    def __init__(self, folding: Folding, synonyms: Synonyms | None):
        self.folding = folding
        self.synonyms = synonyms

    def weights(self, entry: Entry) -> dict[str, float]:
        """Each term of an entry with its weight: the best field it is in, less for prefixes taken off."""
        best: dict[str, float] = {}
        fields = self.synonyms.expand(entry.fields) if self.synonyms else entry.fields
        for weight, text in fields:
            for term, factor in _text_terms(self.folding, text).items():
                value = weight * factor
                if value > best.get(term, 0.0):
                    best[term] = value
        return {term: value * entry.boost for term, value in best.items()}


@lru_cache(maxsize=65536)
def _text_terms(folding: Folding, text: str) -> dict[str, float]:
    """The terms of a text, each with the factor of its fewest prefixes taken off (the same texts recur in
    every language's index: a fallback, the default language's keywords)."""
    found: dict[str, float] = {}
    for word in set(folding.content_words(text)):
        for term, depth in folding.terms(word):
            factor = PREFIX_FACTOR[min(depth, len(PREFIX_FACTOR) - 1)]
            if factor > found.get(term, 0.0):
                found[term] = factor
    return found


def _teaser(entry: Entry, page_lang: str) -> dict[str, str]:
    """An entry as the results list shows it; `tl`/`xl` name the language of a fallback text."""
    out = {"u": entry.url, "t": entry.title[0]}
    if entry.title[1] != page_lang:
        out["tl"] = entry.title[1]
    if entry.teaser[0]:
        out["x"] = entry.teaser[0]
        if entry.teaser[1] != page_lang:
            out["xl"] = entry.teaser[1]
    if entry.promise:
        out["c"] = entry.promise
    if entry.parent:
        out["pu"], out["pt"] = entry.parent
    return out


def _shards(postings: dict[str, list[tuple[int, int]]]) -> dict[str, dict[str, list[int]]]:
    """Terms grouped by first letter, or by up to three where a group is large; postings delta-coded."""
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(postings):
        flat, previous = [], 0
        for number, weight in postings[term]:
            flat += [number - previous, weight]
            previous = number
        shards[term[0]][term] = flat
    pending = list(shards)
    while pending:
        key = pending.pop()
        # A term no longer than the key cannot go further: one such term may be bigger than a file should be.
        splittable = len(key) < LONGEST_KEY and any(len(term) > len(key) for term in shards[key])
        if not splittable or len(json.dumps(shards[key], ensure_ascii=False)) <= SPLIT_ABOVE:
            continue
        for term, flat in shards.pop(key).items():
            longer = term[: len(key) + 1]  # a term no longer than the key stays under it
            if longer not in shards:
                pending.append(longer)
            shards[longer][term] = flat
    return shards


def _script(name: str, data: object) -> str:
    return f"__charterSearch({json.dumps(name)},{inert_json(data)});\n"


def build_index(
    entries: Iterable[Entry], lang: str, fallback_lang: str, vocabulary: Vocabulary | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The manifest and the script files (name → content) of one language's index, with the charter's
    `vocabulary`: its words kept whole, and its groups' words added to the entries that hold one."""
    entries = list(entries)
    folding = rules()
    if vocabulary is not None:
        folding = folding.keeping(word for words in vocabulary.keep.values() for word in words)
    synonyms = Synonyms(vocabulary, lang, folding) if vocabulary and vocabulary.words else None
    weighing = _Weighing(folding, synonyms)
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, entry in enumerate(entries):
        for term, weight in weighing.weights(entry).items():
            postings[term].append((number, max(1, math.ceil(weight * 10))))

    files: dict[str, str] = {}
    shards = _shards(postings)
    for key, shard in sorted(shards.items()):
        name = "t-" + "-".join(f"{ord(letter):x}" for letter in key)
        files[f"{name}.js"] = _script(name, shard)
    for start in range(0, len(entries), CHUNK):
        name = f"d-{start // CHUNK}"
        files[f"{name}.js"] = _script(name, [_teaser(e, lang) for e in entries[start : start + CHUNK]])

    digest = hashlib.sha256("".join(f"{k}\0{v}" for k, v in sorted(files.items())).encode()).hexdigest()[:12]
    manifest = {  # the theme hands `config` to the search engine; it does not read the rest
        "config": {
            "lang": [lang],
            "separator": r"[\s\-]+",
            "pipeline": [],
            "charter": {
                "version": FORMAT_VERSION,
                "folder": f"{digest}/",
                "count": len(entries),
                "chunk": CHUNK,
                "shards": sorted(shards),
                "rules": folding.raw,
                "fallback": {"lang": fallback_lang, "dir": direction(fallback_lang)},
            },
        },
        "docs": [],
    }
    return manifest, files


def write_index(site_dir: Path, manifest: dict[str, Any], files: dict[str, str]) -> None:
    """Write the index into a language's site, replacing the theme's own search index."""
    search = site_dir / SEARCH_FOLDER
    folder = search / manifest["config"]["charter"]["folder"]
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    text = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    (search / SEARCH_MANIFEST).write_text(text, encoding="utf-8")
    (search / SEARCH_MANIFEST_SCRIPT).write_text(f"var __index = {text};\n", encoding="utf-8")
