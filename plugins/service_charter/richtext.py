"""Markdown written by staff → safe HTML (rendered by Python-Markdown, cleaned by an allowlist), and its plain words."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "blockquote",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "abbr", "bdi",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"}, "bdi": {"lang"}}
"""`<bdi lang="he">הסר</bdi>` marks a word in another language, for screen readers and the text's direction."""
URL_SCHEMES = {"https", "http", "mailto", "tel"}


_converter = markdown.Markdown(extensions=["sane_lists", "tables", "toc"], extension_configs={"toc": {"baselevel": 3}})
"""One converter, reset between texts: setting up its extensions costs more than most texts."""


_MARKUP = re.compile(r"[\\`*_\[\]<>&#|~\x00-\x1f\x7f\xa0]|^[\s\d#*+=>-]|\s$")
"""A character that may be Markdown or HTML, or one that may start a list, quote or heading.

A text with none of these (most one-line texts) is a plain paragraph, whatever Markdown does;
the tests check that both ways give the same HTML.
"""


@lru_cache(maxsize=65536)
def render_markdown(source: str) -> str:
    """Render Markdown and keep only the allowed tags, attributes and link schemes.

    Headings start at level 3 so that they nest under the page's section headings.
    """
    if source and not _MARKUP.search(source):
        return f"<p>{source}</p>"  # nothing to escape either: `&`, `<` and `>` are among _MARKUP
    html = _converter.reset().convert(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def plain_text(markup: str) -> str:
    """The words of an HTML fragment, without tags."""
    return " ".join(html.unescape(nh3.clean(markup, tags=set())).split())


@lru_cache(maxsize=16384)
def markdown_text(source: str) -> str:
    """The words of a Markdown text, as a reader sees them."""
    return plain_text(render_markdown(source))


_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
"""Characters that could close a script element or open markup (and the line separators old JavaScript parsers
choke on), written as JSON escapes instead: the JSON means the same."""


def inert_json(data: Any, *, indent: int | None = None) -> str:
    """`data` as JSON in which no text staff wrote can start markup, wherever the JSON lands: a page's script
    element, a search index script, an open-data file opened in a browser."""
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    for character, escaped in _JSON_ESCAPES:  # str.replace is many times faster than str.translate here
        text = text.replace(character, escaped)
    return text
