"""How search folds words into terms, the same way in the index builder and in the browser.

The rules (letters to drop or fold, Hebrew and Arabic prefix letters, light suffix stemming)
live in `assets/search-rules.json`; `assets/charter-search.js` applies the same rules to what a
resident types. `tests/search/vectors.yml` runs one set of examples through both.

A word becomes terms in four steps:

1. normalize: Unicode compatibility decomposition (NFKD), lower case, combining marks (niqqud,
   tashkeel, accents, the diaeresis of ё) and format characters dropped, apostrophes, geresh,
   gershayim and tatweel removed, final and variant letters folded (ם → מ, ة → ه, ى → ي);
2. split into words at anything that is not a letter or a digit (spaces, maqaf, hyphens), and
   leave out stopwords, too common to search for;
3. variants: the word, and the word without attached prefixes (up to three of ו ה ב כ ל מ ש;
   و or ف, then ب ل ك or لل, then ال), each with how many were taken off;
4. stem: the longest listed ending is taken off once, if enough of the word is left.
"""

from __future__ import annotations

import json
import re
import unicodedata
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
    stopwords: frozenset[str]

    def covers(self, word: str) -> bool:
        return self.first <= word[0] <= self.last


@dataclass(frozen=True)
class Rules:
    table: dict[int, str | None]
    """For `str.translate`: characters to drop (None) or fold."""
    scripts: tuple[Script, ...]
    min_token: int
    typo_min_length: int
    raw: dict[str, Any]
    """The rules as written, for the browser."""


@cache
def rules() -> Rules:
    raw = json.loads((resources.files("service_charter") / "assets" / "search-rules.json").read_text("utf-8"))
    table: dict[int, str | None] = {
        code: None
        for plane in (0x00000, 0x10000, 0xE0000)  # the planes that hold combining marks and format characters
        for code in range(plane, plane + 0x10000)
        if unicodedata.category(chr(code)) in ("Mn", "Me", "Cf")
    }
    table.update({ord(char): None for char in raw["remove"]})
    table.update({ord(char): folded for char, folded in raw["fold"].items()})

    def norm(text: str) -> str:
        return unicodedata.normalize("NFKD", text).lower().translate(table)

    scripts = tuple(
        Script(
            first=norm(spec["range"][0]),
            last=norm(spec["range"][1]),
            prefixes=tuple(tuple(norm(p) for p in slot) for slot in spec["prefixes"]),
            min_rest=spec["min_rest"],
            suffixes=tuple(sorted((norm(s) for s in spec["suffixes"]), key=len, reverse=True)),
            min_stem=spec["min_stem"],
            protect=tuple(norm(p) for p in spec["protect"]),
            stopwords=frozenset(norm(w) for w in spec["stopwords"]),
        )
        for spec in raw["scripts"].values()
    )
    return Rules(table, scripts, raw["min_token"], raw["typo_min_length"], raw)


def normalize(text: str) -> str:
    """Step 1: the text with marks dropped and letters folded."""
    return unicodedata.normalize("NFKD", text).lower().translate(rules().table)


LETTERS_OR_DIGITS = re.compile(r"[^\W_]+")
"""Runs of letters and digits: a word character is a letter, a digit or an underscore."""


@lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """Steps 1–2: the normalized words of a text, in order."""
    found = LETTERS_OR_DIGITS.findall(normalize(text))
    return tuple(w for w in found if len(w) >= rules().min_token or _digits(w))


@lru_cache(maxsize=16384)
def content_words(text: str) -> tuple[str, ...]:
    """The words worth searching for: without stopwords (“the”, “של”, “في”, “как”)."""
    return tuple(word for word in words(text) if not _stopword(word))


@lru_cache(maxsize=65536)
def _stopword(word: str) -> bool:
    script = script_of(word)
    return script is not None and word in script.stopwords


def _digits(word: str) -> bool:
    return all(unicodedata.category(c) == "Nd" for c in word)


@lru_cache(maxsize=65536)
def script_of(word: str) -> Script | None:
    return next((s for s in rules().scripts if s.covers(word)), None)


def variants(word: str) -> list[tuple[str, int]]:
    """Step 3: the word and its forms without attached prefixes, with the number taken off."""
    script = script_of(word)
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


def stem(word: str) -> str:
    """Step 4: the word without its longest listed ending, if enough is left."""
    script = script_of(word)
    if script is None or any(word.endswith(p) for p in script.protect):
        return word
    for suffix in script.suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= script.min_stem:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def terms(word: str) -> list[tuple[str, int]]:
    """A normalized word's index terms, each with how many prefixes were taken off (fewest kept)."""
    best: dict[str, int] = {}
    for form, depth in variants(word):
        term = stem(form)
        best[term] = min(depth, best.get(term, depth))
    return list(best.items())
