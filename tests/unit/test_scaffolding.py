"""Scaffolds written out in a charter's languages: each text once per language, the default first."""

from __future__ import annotations

from service_charter.scaffolding import expand_texts

TEMPLATE = """title:
  _:
description:
  _: |

steps:
  - _:
keywords:
  _: []
commitments:
  - resolve: 5 days
    # request: {_: ...}              # the request type
"""


def test_each_text_is_written_once_per_language_in_the_charters_order():
    written = expand_texts(TEMPLATE, ["ar", "he", "en"])
    assert written.startswith("title:\n  ar:\n  he:\n  en:\ndescription:\n  ar: |\n\n  he: |\n\n  en: |\n\n")
    assert "steps:\n  - ar:\n    he:\n    en:\n" in written
    assert "keywords:\n  ar: []\n  he: []\n  en: []\n" in written


def test_a_comments_example_keeps_its_explanation_aligned():
    written = expand_texts(TEMPLATE, ["ar", "he", "en"])
    line = next(line for line in written.splitlines() if "request" in line)
    assert line == "    # request: {ar: ..., he: ...}    # the request type"
    assert line.index("# the") == TEMPLATE.splitlines()[-1].index("# the")


def test_texts_are_filled_where_words_are_given_and_left_out_where_none_are():
    words = {("name", "ar"): "الاسم", ("name", "he"): None, ("name", "en"): 'The "name"'}
    written = expand_texts("name:\n  _: name\n", ["ar", "he", "en"], lambda key, lang: words[(key, lang)])
    assert written == 'name:\n  ar: "الاسم"\n  en: "The \\"name\\""\n'
