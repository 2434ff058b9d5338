"""The site's top page: it leads to the default language and lists the others."""

from __future__ import annotations

import jinja2

from ..addresses import HOME, ROOT_PAGE, Links
from ..i18n import Localizer
from ..model.charter import Charter
from .render import render_template


def root_page(charter: Charter, environment: jinja2.Environment, languages: list[str], directory_urls: bool) -> str:
    """The HTML of `index.html` at the top of the site."""
    default = charter.site.default_language
    return render_template(
        environment,
        "charter/root.html",
        f"page {ROOT_PAGE} at the top of the site",
        site=charter.site,
        default=Localizer.of(charter.site, default),
        localizers=[Localizer.of(charter.site, lang) for lang in languages],
        home=Links(HOME, directory_urls).url(HOME) or "./",
    )
