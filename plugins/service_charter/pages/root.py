"""The site's top page: it leads to the default language and lists the others."""

from __future__ import annotations

import jinja2

from ..addresses import HOME, ROOT_PAGE, SiteAddress
from ..i18n import Localizer
from ..model.charter import Charter
from .render import describe, render_template


def root_page(charter: Charter, environment: jinja2.Environment, languages: list[str], address: SiteAddress) -> str:
    """The HTML of `index.html` at the top of the site.

    Its links work from a folder on disk; its canonical and alternate addresses, which search engines read, are
    absolute when the site's address is known."""
    default = Localizer.of(charter.site, charter.site.default_language)
    from_top = SiteAddress(directory_urls=address.directory_urls)
    return render_template(
        environment,
        "charter/root.html",
        f"page {ROOT_PAGE} at the top of the site",
        site=charter.site,
        default=default,
        description=describe(default, charter.site, "description.home"),
        localizers=[Localizer.of(charter.site, lang) for lang in languages],
        home={lang: from_top.page(lang, HOME) for lang in languages},
        address={lang: address.page(lang, HOME) for lang in languages},
    )
