"""The languages the browser tests run in are those of the built site."""

from __future__ import annotations

from conftest import LANGUAGES


def test_languages_constant_matches_the_site(example_site):
    languages = [p.name for p in example_site.iterdir() if p.is_dir() and p.name not in ("open-data", "assets")]
    assert sorted(languages) == sorted(LANGUAGES)
