"""What every page carries around its content, in the page's language: the single point of contact at the top,
and at the bottom the ways to reach us, the privacy statement and the accessibility statement.

The theme draws them in its banner and its footer (`templates/theme/main.html`,
`templates/theme/partials/copyright.html`); the words and links are the charter's templates
(`charter/frame-header.html`, `charter/frame-footer.html`), which a site can override.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from ..addresses import Links
from ..i18n import Localizer
from ..model.charter import Charter
from .render import render_template

PageUrl = Callable[..., str]
"""`url(path, anchor="")`: the address of charter page `path` (`contact`) from the page being drawn."""


@dataclass(frozen=True)
class Frame:
    header: Markup
    footer: Markup


def page_frame(environment: jinja2.Environment, charter: Charter, L: Localizer, url: PageUrl, where: str) -> Frame:
    """The top and bottom of a page whose links to other pages `url` makes."""
    context = {"L": L, "site": charter.site, "charter": charter, "url": url}
    return Frame(
        header=Markup(render_template(environment, "charter/frame-header.html", where, **context).strip()),
        footer=Markup(render_template(environment, "charter/frame-footer.html", where, **context).strip()),
    )


class Frames:
    """The frames of one language's pages. A page's links to the charter's pages, which are all at the language's
    top, depend only on how deep the page is: one frame is drawn for each depth."""

    def __init__(self, environment: jinja2.Environment, charter: Charter, L: Localizer, directory_urls: bool):
        self.environment, self.charter, self.L, self.directory_urls = environment, charter, L, directory_urls
        self._drawn: dict[int, Frame] = {}

    def of_page(self, path: str) -> Frame:
        """The frame of page `path` (generated or hand-written, without extension: `service-arnona`, `about`)."""
        folder = posixpath.dirname(Links(path, self.directory_urls).url(path))
        depth = folder.count("/") + 1 if folder else 0
        if depth not in self._drawn:
            urls = Links(path, self.directory_urls).to
            where = f"page {path} [{self.L.lang}]"
            self._drawn[depth] = page_frame(self.environment, self.charter, self.L, urls, where)
        return self._drawn[depth]


def absolute_urls(language_url: str, directory_urls: bool) -> PageUrl:
    """Links that work from any depth (the 404 page): from the language's address (`/he/`, `https://…/he/`)."""
    links = Links("", directory_urls)

    def url(path: str, anchor: str = "") -> str:
        return f"{language_url}{links.url(path)}" + (f"#{anchor}" if anchor else "")

    return url
