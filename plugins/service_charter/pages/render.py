"""Pages → HTML: the charter's Jinja templates, which a site can override file by file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2

from ..addresses import Links
from ..i18n import Localizer
from ..model.charter import Charter
from ..model.schema import Site, Text
from ..problems import RenderError
from ..richtext import plain_text
from .filters import display_url, tel_href, whatsapp_href
from .promises import Promises, headline
from .specs import PageSpec
from .structured_data import StructuredData


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str


@dataclass(frozen=True)
class RenderedPage:
    title: str
    html: str
    headings: list[Heading]
    description: str


def make_environment(override_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """The Jinja environment for charter templates: override folders first, then the package's own.

    One per set of folders and of the templates in them, kept for the life of the process: each
    template is compiled once, and again only when its file changes or an override is added (as may
    happen while `mkdocs serve` runs).
    """
    overrides = tuple(sorted(str(path) for folder in override_dirs for path in Path(folder).rglob("*.html")))
    return _environment(tuple(str(folder) for folder in override_dirs), overrides)


def render_template(environment: jinja2.Environment, name: str, where: str, **context: Any) -> str:
    """Render template `name` for `where` (the page or file being made).

    A mistake in a template, most likely one a site overrides through `custom_dir`, is raised as a
    `RenderError` of one line naming the template file, its line and `where`, never a traceback.
    """
    try:
        return environment.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise RenderError(f"template {_place(exc, name)}, {where}: {exc}") from None


def _place(error: jinja2.TemplateError, name: str) -> str:
    """`file:line` of the template line that failed, as far as Jinja tells; else the template's name."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.lineno:
        return f"{error.filename or error.name or name}:{error.lineno}"
    frame, place = error.__traceback__, name
    while frame is not None:  # Jinja maps the frames of compiled templates to the template's own lines
        filename = frame.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".jinja", ".xml")):
            place = f"{filename}:{frame.tb_lineno}"
        frame = frame.tb_next
    return place


@cache
def _environment(override_dirs: tuple[str, ...], overrides: tuple[str, ...]) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(list(override_dirs))]
    loaders.append(jinja2.PackageLoader("service_charter", "templates"))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
        extensions=["jinja2.ext.do"],
    )
    environment.tests["contains"] = lambda sequence, value: value in sequence
    environment.filters.update(tel=tel_href, whatsapp=whatsapp_href, display_url=display_url)
    environment.globals["promise_headline"] = headline
    return environment


class Renderer:
    """Renders a charter's pages in one language."""

    def __init__(
        self,
        charter: Charter,
        localizer: Localizer,
        environment: jinja2.Environment,
        directory_urls: bool,
        language_url: str = "",
    ):
        """`language_url`: the language's absolute address, for links in structured data; "" for relative links."""
        self.charter = charter
        self.L = localizer
        self.environment = environment
        self.directory_urls = directory_urls
        self.structured_data = StructuredData(charter, localizer, language_url)
        self.promises = Promises(charter, localizer)

    def title(self, spec: PageSpec) -> str:
        return str(self.L.ui(spec.title)) if isinstance(spec.title, str) else self.L.plain(spec.title)

    def render(self, spec: PageSpec) -> RenderedPage:
        """The page's content; `RenderError` in one line when its template fails."""
        title = self.title(spec)
        html = render_template(
            self.environment,
            spec.template,
            f"page {spec.path} [{self.L.lang}]",
            charter=self.charter,
            site=self.charter.site,
            L=self.L,
            link=Links(spec.path, self.directory_urls),
            title=title,
            structured_data=self.structured_data,
            promises=self.promises,
            **spec.context,
        )
        if FALLBACK_MARK in html:
            html = _after_title(html, self.fallback_note(spec.path))
        headings = _headings(html)
        if PAGE_MENU in html:  # the menu lists the page's sections, and has no heading of its own
            html = html.replace(PAGE_MENU, self.page_menu(spec.path, headings), 1)
        return RenderedPage(title, html, headings, self.description(spec, title))

    def description(self, spec: PageSpec, title: str) -> str:
        """What page `spec`, titled `title`, is about (see `describe`)."""
        return describe(self.L, self.charter.site, spec.description, title)

    def page_menu(self, path: str, headings: list[Heading]) -> str:
        """The page's sections as a menu that phones show too (the theme shows its table of contents on wide
        screens only)."""
        return render_template(
            self.environment,
            "charter/on-this-page.html",
            f"the menu of sections, page {path} [{self.L.lang}]",
            L=self.L,
            sections=[heading for heading in headings if heading.level == 2],
        )

    def fallback_note(self, path: str) -> str:
        """The sentence, in this language, that says page `path` shows some texts in the default language
        and where to ask about them."""
        return render_template(
            self.environment,
            "charter/fallback-note.html",
            f"the note on texts in another language, page {path} [{self.L.lang}]",
            site=self.charter.site,
            L=self.L,
            link=Links(path, self.directory_urls),
            language=self.L.default,
        )


PAGE_MENU = "<!--charter:on-this-page-->"
"""Where a template asks for the page's own "on this page" menu (`m.on_this_page()`), drawn from its headings."""
FALLBACK_MARK = 'class="charter-fallback"'
"""What `Localizer.text` and `Localizer.markdown` mark a text in another language with."""
DESCRIPTION_LENGTH = 160
"""About as many characters of a page's description as search engines show."""


def describe(L: Localizer, site: Site, about: Text | str, title: str = "") -> str:
    """A page's description in plain words of `L`'s language, shortened: a charter text (which may fall back to the
    default language), or the interface string `about` with the authority's `{name}` and the page's `{title}`; ""
    for a page that says nothing about itself (the theme then shows the site's description)."""
    if not about:
        return ""
    if isinstance(about, str):
        return shortened(L.ui(about, name=L.plain(site.name), title=title).unescape())
    return shortened(L.plain(about))


def shortened(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line; when longer than `limit`, cut after its last whole word that fits, with an ellipsis."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    room = limit - 1  # for the ellipsis
    head = words[: room + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else words[:room]
    return cut.rstrip(" ,;:-–—") + "…"


_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p\s*>", re.DOTALL | re.IGNORECASE)


def first_paragraph(html: str) -> str:
    """The words of the first paragraph that has any in a page's HTML; "" when there is none."""
    for paragraph in _PARAGRAPH.finditer(html):
        words = plain_text(paragraph.group(1))
        if words:
            return words
    return ""


def _after_title(html: str, note: str) -> str:
    """`note` right after the page's title, or first when it has none."""
    end = html.find("</h1>")
    if end < 0:
        return note + html
    end += len("</h1>")
    return html[:end] + "\n" + note + html[end:]


class _HeadingParser(HTMLParser):
    """Collects `h2` and `h3` headings that carry an `id`, for the page's table of contents."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[Heading] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            anchor = dict(attrs).get("id")
            if anchor:
                self._open, self._text = (int(tag[1]), anchor), []

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == f"h{self._open[0]}":
            self.headings.append(Heading(self._open[0], self._open[1], " ".join("".join(self._text).split())))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)


_HEADING = re.compile(r"<h([23])\b[^>]*>.*?</h\1\s*>", re.DOTALL | re.IGNORECASE)


def _headings(html: str) -> list[Heading]:
    """The page's headings, parsed from the heading elements alone (the whole page would take longer)."""
    parser = _HeadingParser()
    for heading in _HEADING.finditer(html):
        parser.feed(heading.group(0))
    return parser.headings
