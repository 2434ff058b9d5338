"""A charter's vocabulary in one language's index: a page that holds a word of a group is also found by the
group's other words.

The words are added when the index is built, so a query downloads nothing more: the group's words in the
site's language, and its English and Latin-letter words on every language's site (a resident on the Hebrew
site who types `parking` or `tav chanaya` finds the Hebrew page). A word of a group is found in a text as
search finds it (the text's prefixes taken off, endings and the rest of the folding), a phrase as its words
in a row.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from ..model.schema import LATIN, Vocabulary
from .text import Folding

SYNONYM_FACTOR = 0.7
"""A word brought in by its group counts less than the same word in the text."""
ENGLISH = "en"
"""The language whose words (a group's, a service's keywords) every language's site is also searched by."""
EVERY_SITE = (ENGLISH, LATIN)
"""The keys of a group whose words every language's site is also searched by."""


class Synonyms:
    """The groups of a vocabulary, ready to look for in the texts of one language's entries."""

    def __init__(self, vocabulary: Vocabulary, lang: str, folding: Folding):
        self.folding = folding
        self._cached_terms = lru_cache(maxsize=65536)(self._terms)
        self._cached_groups = lru_cache(maxsize=65536)(self._groups_in)
        keys = [lang, *(key for key in EVERY_SITE if key != lang)]
        self.added = [" ".join(words) for words in vocabulary.words_in(*keys)]
        self.phrases: dict[str, list[tuple[tuple[frozenset[str], ...], int]]] = defaultdict(list)
        for number, group in enumerate(vocabulary.words):
            for phrase in (word for words in group.root.values() for word in words):
                # A group's word as written (stemmed), against a text's words with their prefixes taken off:
                # `כלבת` must not become `בת` and be found in every `שבת`.
                sequence = tuple(self._written(word) for word in folding.content_words(phrase))
                for first in sequence[0] if sequence else ():
                    self.phrases[first].append((sequence, number))

    def _terms(self, word: str) -> frozenset[str]:
        return frozenset(term for term, _ in self.folding.terms(word))

    def _written(self, word: str) -> frozenset[str]:
        return frozenset(term for term, depth in self.folding.terms(word) if depth == 0)

    def groups_in(self, text: str) -> frozenset[int]:
        """The groups one of whose words or phrases the text holds."""
        return self._cached_groups(text)

    def _groups_in(self, text: str) -> frozenset[int]:
        words = [self._cached_terms(word) for word in self.folding.content_words(text)]
        found: set[int] = set()
        for start, terms in enumerate(words):
            for term in terms:
                for sequence, number in self.phrases.get(term, ()):
                    if number in found or start + len(sequence) > len(words):
                        continue
                    if all(wanted & words[start + n] for n, wanted in enumerate(sequence)):
                        found.add(number)
        return frozenset(found)

    def expand(self, fields: list[tuple[float, str]]) -> list[tuple[float, str]]:
        """The fields with, for each group a field holds, the group's words at a lower weight."""
        added: dict[int, float] = {}
        for weight, text in fields:
            for number in self.groups_in(text):
                added[number] = max(added.get(number, 0.0), weight * SYNONYM_FACTOR)
        return fields + [(weight, self.added[number]) for number, weight in sorted(added.items()) if self.added[number]]
