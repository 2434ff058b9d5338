"""Markdown written by staff → safe HTML: rendered by Python-Markdown, cleaned by an allowlist."""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "blockquote",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "abbr", "bdi",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}


@lru_cache(maxsize=4096)
def render_markdown(source: str) -> str:
    """Render Markdown and keep only the allowed tags, attributes and link schemes.

    Headings start at level 3 so that they nest under the page's section headings.
    """
    html = markdown.markdown(
        source, extensions=["sane_lists", "tables", "toc"], extension_configs={"toc": {"baselevel": 3}}
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
