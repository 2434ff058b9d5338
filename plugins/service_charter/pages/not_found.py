"""The "page not found" page of each language, which also leads readers of every other language home."""

from __future__ import annotations

from dataclasses import dataclass, replace

import jinja2
from markupsafe import Markup

from ..addresses import CONTACT, HOME, NOT_FOUND_PAGE, SERVICES, Links
from ..i18n import Localizer
from .render import render_template


@dataclass(frozen=True)
class NotFound:
    title: str
    html: Markup


def not_found_page(
    environment: jinja2.Environment, L: Localizer, languages: list[str], base: str, directory_urls: bool
) -> NotFound:
    """The text of `L`'s 404 page; `base` is the site's absolute address or `/`, as the page is served at any depth."""
    links = Links(HOME, directory_urls)

    def url(lang: str, path: str) -> str:
        return f"{base}{lang}/{links.url(path)}"

    html = render_template(
        environment,
        "charter/not-found.html",
        f"page {NOT_FOUND_PAGE} [{L.lang}]",
        L=L,
        others=[replace(L, lang=lang) for lang in languages if lang != L.lang],
        url=url,
        pages={"home": HOME, "services": SERVICES, "contact": CONTACT},
    )
    return NotFound(str(L.ui("not_found.title")), Markup(html))
