"""What every page carries around its content, in the page's language: the single point of contact at the top,
and at the bottom the ways to reach us, the privacy statement and the accessibility statement.

The theme draws them in its banner and its footer (`templates/theme/main.html`,
`templates/theme/partials/copyright.html`); the words and links are the charter's templates
(`charter/frame-header.html`, `charter/frame-footer.html`), which a site can override.
"""

from __future__ import annotations

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


def relative_urls(current: str, directory_urls: bool) -> PageUrl:
    """Links from page `current` (`service-arnona`, `about`), relative, so the site works in any folder."""
    return Links(current, directory_urls).to


def absolute_urls(language_url: str, directory_urls: bool) -> PageUrl:
    """Links that work from any depth (the 404 page): from the language's address (`/he/`, `https://…/he/`)."""
    links = Links("", directory_urls)

    def url(path: str, anchor: str = "") -> str:
        return f"{language_url}{links.url(path)}" + (f"#{anchor}" if anchor else "")

    return url
