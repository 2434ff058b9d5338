"""How search folds words into terms, the same way in the index builder and in the browser.

The rules (letters to drop or fold, Hebrew and Arabic prefix letters, light suffix stemming, words
never shortened) live in `assets/search-rules.json`; `assets/charter-search.js` applies the same
rules to what a resident types. `tests/search/vectors.yml` runs one set of examples through both.
A charter's `vocabulary.yml` may add words to keep whole (`Folding.keeping`).

A word becomes terms in four steps:

1. normalize: Unicode compatibility decomposition (NFKD), lower case, combining marks (niqqud,
   tashkeel, accents, the diaeresis of ё) and format characters dropped, apostrophes, geresh,
   gershayim and tatweel removed, final and variant letters folded (ם → מ, ة → ه, ى → ي);
2. split into words at anything that is not a letter or a digit (spaces, maqaf, hyphens), and
   leave out stopwords, too common to search for;
3. variants: the word, and the word without attached prefixes (up to three of ו ה ב כ ל מ ש;
   و or ف, then ب ل ك or لل, then ال), each with how many were taken off;
4. stem: the longest listed ending is taken off once, if enough of the word is left, unless the
   form is one of the script's `keep` words (الجمعة "Friday" must not become جمع "collect").
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Script:
    """The prefix and suffix rules of one writing system."""

    first: str
    last: str
    prefixes: tuple[tuple[str, ...], ...]
    """Slots in order; each takes off at most one of its prefixes."""
    min_rest: int
    suffixes: tuple[str, ...]
    """Longest first."""
    min_stem: int
    protect: tuple[str, ...]
    """Endings that are never taken off (English `ss` of `access`)."""
    keep: frozenset[str]
    """Whole words (prefixes taken off) that are never stemmed."""
    stopwords: frozenset[str]

    def covers(self, word: str) -> bool:
        return self.first <= word[0] <= self.last


@cache
def _marks_table() -> dict[int, str | None]:
    """Combining marks and format characters, dropped."""
    return {
        code: None
        for plane in (0x00000, 0x10000, 0xE0000)  # the planes that hold combining marks and format characters
        for code in range(plane, plane + 0x10000)
        if unicodedata.category(chr(code)) in ("Mn", "Me", "Cf")
    }


LETTERS_OR_DIGITS = re.compile(r"[^\W_]+")
"""Runs of letters and digits: a word character is a letter, a digit or an underscore."""


class Folding:
    """The folding rules as written (`raw`, handed to the browser as they are) and the steps that apply them."""

    def __init__(self, raw: dict[str, Any]):
        self.raw = raw
        table = dict(_marks_table())
        table.update({ord(char): None for char in raw["remove"]})
        table.update({ord(char): folded for char, folded in raw["fold"].items()})
        self.table = table
        self.min_token: int = raw["min_token"]
        self.typo_min_length: int = raw["typo_min_length"]
        self._cached_words = lru_cache(maxsize=16384)(self._words)
        self._cached_content_words = lru_cache(maxsize=16384)(self._content_words)
        self._cached_script_of = lru_cache(maxsize=65536)(self._script_of)
        self._cached_terms = lru_cache(maxsize=65536)(self._terms)
        self._kept: dict[tuple[str, ...], Folding] = {}
        norm = self.normalize
        specs = list(raw["scripts"].values())
        self.scripts: tuple[Script, ...] = tuple(
            Script(
                first=norm(spec["range"][0]),
                last=norm(spec["range"][1]),
                prefixes=tuple(tuple(norm(p) for p in slot) for slot in spec["prefixes"]),
                min_rest=spec["min_rest"],
                suffixes=tuple(sorted((norm(s) for s in spec["suffixes"]), key=len, reverse=True)),
                min_stem=spec["min_stem"],
                protect=tuple(norm(p) for p in spec["protect"]),
                keep=frozenset(),
                stopwords=frozenset(norm(w) for w in spec["stopwords"]),
            )
            for spec in specs
        )
        # A word kept whole is kept whole with its prefixes taken off too: الجمعة and جمعة alike.
        self.scripts = tuple(
            dataclasses.replace(
                script,
                keep=frozenset(
                    form
                    for kept in spec.get("keep", [])
                    for word in self.words(kept)
                    for form, _ in self.variants(word)
                ),
            )
            for script, spec in zip(self.scripts, specs, strict=True)
        )
        self._cached_script_of.cache_clear()

    def keeping(self, words: Iterable[str]) -> Folding:
        """These rules with more words never stemmed, each added to the script it is written in (the same
        words give the same `Folding`, whose caches every language's index then shares)."""
        words = tuple(words)
        if words not in self._kept:
            self._kept[words] = self._keeping(words)
        return self._kept[words]

    def _keeping(self, words: tuple[str, ...]) -> Folding:
        raw = copy.deepcopy(self.raw)
        names = dict(zip(self.scripts, raw["scripts"], strict=True))
        for word in words:
            for form in self.words(word):
                script = self.script_of(form)
                kept = raw["scripts"][names[script]].setdefault("keep", []) if script else None
                if kept is not None and form not in kept:
                    kept.append(form)
        return self if raw == self.raw else Folding(raw)

    def normalize(self, text: str) -> str:
        """Step 1: the text with marks dropped and letters folded."""
        return unicodedata.normalize("NFKD", text).lower().translate(self.table)

    def _words(self, text: str) -> tuple[str, ...]:
        """Steps 1–2: the normalized words of a text, in order."""
        found = LETTERS_OR_DIGITS.findall(self.normalize(text))
        return tuple(w for w in found if len(w) >= self.min_token or _digits(w))

    def words(self, text: str) -> tuple[str, ...]:
        return self._cached_words(text)

    def _content_words(self, text: str) -> tuple[str, ...]:
        """The words worth searching for: without stopwords (“the”, “של”, “في”, “как”)."""
        return tuple(word for word in self.words(text) if not self._stopword(word))

    def content_words(self, text: str) -> tuple[str, ...]:
        return self._cached_content_words(text)

    def _stopword(self, word: str) -> bool:
        script = self.script_of(word)
        return script is not None and word in script.stopwords

    def _script_of(self, word: str) -> Script | None:
        return next((s for s in self.scripts if s.covers(word)), None)

    def script_of(self, word: str) -> Script | None:
        return self._cached_script_of(word)

    def variants(self, word: str) -> list[tuple[str, int]]:
        """Step 3: the word and its forms without attached prefixes, with the number taken off."""
        script = self.script_of(word)
        found = {word: 0}
        forms = [(word, 0)]
        for slot in script.prefixes if script else ():
            assert script is not None
            for form, depth in list(forms):
                for prefix in slot:
                    rest = form[len(prefix) :]
                    if form.startswith(prefix) and len(rest) >= script.min_rest:
                        forms.append((rest, depth + 1))
                        found[rest] = min(depth + 1, found.get(rest, depth + 1))
        return list(found.items())

    def stem(self, word: str) -> str:
        """Step 4: the word without its longest listed ending, if enough is left and it is not kept whole."""
        script = self.script_of(word)
        if script is None or word in script.keep or any(word.endswith(p) for p in script.protect):
            return word
        for suffix in script.suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= script.min_stem:
                return word[: -len(suffix)]
        return word

    def _terms(self, word: str) -> list[tuple[str, int]]:
        """A normalized word's index terms, each with how many prefixes were taken off (fewest kept)."""
        best: dict[str, int] = {}
        for form, depth in self.variants(word):
            term = self.stem(form)
            best[term] = min(depth, best.get(term, depth))
        return list(best.items())

    def terms(self, word: str) -> list[tuple[str, int]]:
        return self._cached_terms(word)


def _digits(word: str) -> bool:
    return all(unicodedata.category(c) == "Nd" for c in word)


@cache
def rules() -> Folding:
    """The built-in rules, `assets/search-rules.json`."""
    return Folding(json.loads((resources.files("service_charter") / "assets" / "search-rules.json").read_text("utf-8")))


def normalize(text: str) -> str:
    return rules().normalize(text)


def words(text: str) -> tuple[str, ...]:
    return rules().words(text)


def content_words(text: str) -> tuple[str, ...]:
    return rules().content_words(text)


def terms(word: str) -> list[tuple[str, int]]:
    return rules().terms(word)
