"""The "page not found" page of each language, which also leads readers of every other language home."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from .i18n import Localizer
from .pages import CONTACT, HOME, SERVICES, Links


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

    html = environment.get_template("charter/not-found.html").render(
        L=L,
        others=[Localizer(lang, L.default) for lang in languages if lang != L.lang],
        url=url,
        pages={"home": HOME, "services": SERVICES, "contact": CONTACT},
    )
    return NotFound(str(L.ui("not_found.title")), Markup(html))
