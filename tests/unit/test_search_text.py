"""The index builder folds words as tests/search/vectors.yml says (the browser's engine is held to the same file)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service_charter.model.schema import Vocabulary
from service_charter.search.text import content_words, rules, terms, words
from service_charter.search.vocabulary import Synonyms

VECTORS = yaml.safe_load((Path(__file__).parents[1] / "search" / "vectors.yml").read_text(encoding="utf-8"))


def text_terms(text: str) -> set[str]:
    return {term for word in words(text) for term, _ in terms(word)}


@pytest.mark.parametrize("case", VECTORS["words"], ids=lambda case: case["text"])
def test_words(case: dict) -> None:
    assert list(words(case["text"])) == [str(w) for w in case["words"]]


@pytest.mark.parametrize("case", VECTORS["content"], ids=lambda case: case["text"])
def test_content_words(case: dict) -> None:
    assert list(content_words(case["text"])) == [str(w) for w in case["content"]]


@pytest.mark.parametrize("case", VECTORS["terms"], ids=lambda case: str(case["text"]))
def test_terms(case: dict) -> None:
    assert text_terms(str(case["text"])) == {str(t) for t in case["terms"]}


@pytest.mark.parametrize("case", VECTORS["finds"], ids=lambda case: f"{case['query']}→{case['text']}")
def test_finds(case: dict) -> None:
    assert bool(text_terms(case["query"]) & text_terms(case["text"])) is case["finds"]


def test_prefixes_taken_off_are_counted() -> None:
    assert dict(terms("והארנונה")) == {"והארנונ": 0, "הארנונ": 1, "ארנונ": 2}


def test_a_vocabulary_group_is_found_in_a_text_as_search_finds_words() -> None:
    vocabulary = Vocabulary.model_validate(
        {"words": [{"he": ["פח אשפה", "זבל"], "en": ["bin"], "latin": ["zevel"]}, {"he": ["כלבת"], "en": ["rabies"]}]}
    )
    synonyms = Synonyms(vocabulary, "he", rules())
    assert synonyms.groups_in("הפח אשפה מלא") == {0}  # a phrase, its words in a row, the text's prefix taken off
    assert synonyms.groups_in("פח ליד האשפה") == set()  # not in a row
    assert synonyms.groups_in("חיסון נגד כלבת") == {1}
    assert synonyms.groups_in("סגור בשבת") == set()  # the group's word as written: כלבת is never בת
    expanded = Synonyms(vocabulary, "ru", rules()).expand([(10, "זבל ברחוב")])
    assert expanded[1] == (7.0, "bin zevel")  # on the Russian site: the group's English and Latin words
